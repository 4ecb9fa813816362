import { afterEach, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../providers/__fixtures__/fake-provider-server';
import { createLanguageModel } from '../providers/create-language-model';
import { JudgeError } from './judge';
import { createModelJudge, firstJsonObject } from './model-judge';

let server: FakeProvider | undefined;
afterEach(() => server?.close());

/** A chat completion whose message is `content`. */
function completion(content: string) {
  return {
    json: {
      id: 'chatcmpl-judge',
      object: 'chat.completion',
      created: 1767225600,
      model: 'judge-1',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 },
    },
  };
}

async function judgeReplying(content: string, status = 200) {
  server = await startFakeProvider(() =>
    status === 200 ? completion(content) : { json: { error: { message: content } }, status },
  );
  const model = createLanguageModel({
    provider: 'openai-compatible',
    model: 'judge-1',
    baseURL: `${server.url}/v1`,
  });
  return createModelJudge(model, 'openai-compatible/judge-1');
}

const request = {
  rubric: 'Gives the refund window of 30 days',
  input: [
    { role: 'user' as const, content: 'Hi' },
    { role: 'assistant' as const, content: 'Hello! How can I help?' },
    { role: 'user' as const, content: 'How long do refunds take?' },
  ],
  answer: 'Refunds are accepted within 30 days.',
};

describe('model judge over the wire (OpenAI-compatible chat completions)', () => {
  it('sends the rubric, the conversation and the answer at temperature 0 and reads a passing verdict', async () => {
    const judge = await judgeReplying(
      'Sure.\n```json\n{"pass": true, "reason": "States 30 days {exactly}."}\n```',
    );
    const verdict = await judge(request);
    expect(verdict).toEqual({
      pass: true,
      reason: 'States 30 days {exactly}.',
      by: 'openai-compatible/judge-1',
      offline: false,
    });
    const body = server!.requests[0]!.body as {
      temperature: number;
      messages: { role: string; content: string }[];
    };
    expect(server!.requests[0]!.path).toBe('/v1/chat/completions');
    expect(body.temperature).toBe(0);
    expect(body.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('JSON only') });
    const user = body.messages[1]!.content;
    expect(user).toContain('Rubric:\nGives the refund window of 30 days');
    expect(user).toContain(
      'Conversation:\nuser: Hi\nassistant: Hello! How can I help?\nuser: How long do refunds take?',
    );
    expect(user).toContain('Answer:\nRefunds are accepted within 30 days.');
  });

  it('reads a failing verdict', async () => {
    const judge = await judgeReplying('{"pass": false, "reason": "No time frame is given."}');
    expect(await judge({ ...request, input: 'How long?' })).toMatchObject({
      pass: false,
      reason: 'No time frame is given.',
    });
  });

  it('a reply without a verdict is malformed_verdict quoting its first 200 characters', async () => {
    const reply = `I think it passes. ${'x'.repeat(300)}`;
    const judge = await judgeReplying(reply);
    const error = await judge(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JudgeError);
    expect((error as JudgeError).code).toBe('malformed_verdict');
    expect((error as JudgeError).message).toBe(
      `The judge did not answer {"pass": boolean, "reason": string}; it said ${JSON.stringify(reply.slice(0, 200))}.`,
    );
  });

  it('a provider error is judge_failed', async () => {
    const judge = await judgeReplying('bad key', 401);
    const error = await judge(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JudgeError);
    expect((error as JudgeError).code).toBe('judge_failed');
    expect((error as JudgeError).message).toMatch(/^The judge openai-compatible\/judge-1 failed: /);
  });

  it('finds the first complete JSON object, skipping braces in strings and broken candidates', () => {
    expect(firstJsonObject('a {b} then {"pass": true, "reason": "x } y"} and {"c": 1}')).toBe(
      '{"pass": true, "reason": "x } y"}',
    );
    expect(firstJsonObject('none here')).toBeUndefined();
  });
});
