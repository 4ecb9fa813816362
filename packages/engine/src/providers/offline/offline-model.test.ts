import { generateText, hasToolCall, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluateExpression } from '../../tools/calculator';
import { getCurrentTime } from '../../tools/current-time';
import { createOfflineModel, OFFLINE_MODEL_ID, splitWords } from './offline-model';
import { OFFLINE_LABEL } from './offline-reply';

const fixedClock = () => new Date('2025-03-04T05:06:07Z');

const tools = {
  calculator: tool({
    description: 'Evaluate an arithmetic expression.',
    inputSchema: z.object({ expression: z.string() }),
    execute: async ({ expression }) => evaluateExpression(expression),
  }),
  current_time: tool({
    description: 'Get the current date and time.',
    inputSchema: z.object({ timeZone: z.string().optional() }),
    execute: async ({ timeZone }) => getCurrentTime(fixedClock, timeZone),
  }),
};

async function collect(prompt: string, system?: string) {
  const result = streamText({ model: createOfflineModel(), system, prompt });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  return {
    deltas,
    text: await result.text,
    usage: await result.usage,
    finishReason: await result.finishReason,
  };
}

describe('offline model', () => {
  it('is a v4 language model with a stable id', () => {
    const model = createOfflineModel();
    expect(model.specificationVersion).toBe('v4');
    expect(model.modelId).toBe(OFFLINE_MODEL_ID);
  });

  it('streams word-sized deltas, labelled, deterministic, with usage', async () => {
    const first = await collect('Tell me about the sea and the sky');
    const second = await collect('Tell me about the sea and the sky');
    expect(first.text).toBe(second.text);
    expect(first.deltas).toEqual(second.deltas);
    expect(first.deltas.length).toBeGreaterThan(5);
    expect(first.deltas.every((delta) => delta.trim().split(' ').length === 1)).toBe(true);
    expect(first.text.startsWith(OFFLINE_LABEL)).toBe(true);
    expect(first.text).toContain('"Tell me about the sea and the sky"');
    expect(first.usage.inputTokens).toBeGreaterThan(0);
    expect(first.usage.outputTokens).toBe(first.deltas.length);
    expect(first.finishReason).toBe('stop');
  });

  it('gives a different answer for a different prompt', async () => {
    expect((await collect('one')).text).not.toBe((await collect('two')).text);
  });

  it('says honestly that it cannot translate, echoing the request', async () => {
    const { text } = await collect(
      'Good night, my friend',
      'You are a translator. Translate the user text to French.',
    );
    expect(text).toBe(
      `${OFFLINE_LABEL} I cannot translate offline. Your text: "Good night, my friend". Add a model provider to translate it.`,
    );
  });

  it('mentions the previous user message, so conversation memory is visible', async () => {
    const result = await generateText({
      model: createOfflineModel(),
      messages: [
        { role: 'user', content: 'My name is Ada' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'What is my name?' },
      ],
    });
    expect(result.text).toContain('Before that: "My name is Ada"');
  });

  it('calls the calculator for arithmetic and answers with the result', async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: 'What is 12 * (3 + 4)?',
      tools,
      stopWhen: stepCountIs(3),
    });
    expect(result.steps[0]?.toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ['calculator', { expression: '12 * (3 + 4)' }],
    ]);
    expect(result.text).toBe(`${OFFLINE_LABEL} 12 * (3 + 4) = 84.`);
  });

  it('calls current_time for a time question and answers with the tool result', async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: 'What time is it?',
      tools,
      stopWhen: stepCountIs(3),
    });
    expect(result.steps[0]?.toolCalls.map((call) => call.toolName)).toEqual(['current_time']);
    expect(result.text).toBe(`${OFFLINE_LABEL} It is Tuesday, March 4, 2025 at 5:06:07 AM UTC.`);
  });

  it('does not call a tool that is not offered, and answers plainly', async () => {
    const result = await generateText({ model: createOfflineModel(), prompt: 'What is 2 + 2?' });
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toContain('You said: "What is 2 + 2?"');
  });

  it('streams the tool call with its input', async () => {
    const result = streamText({ model: createOfflineModel(), prompt: 'compute 2^10 please', tools });
    const parts = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).toContain('tool-input-start');
    expect(parts).toContain('tool-call');
    expect((await result.toolCalls)[0]?.input).toEqual({ expression: '2^10' });
  });

  it('picks another offered tool by name or description and fills its input from the schema', async () => {
    const seen: unknown[] = [];
    const result = await generateText({
      model: createOfflineModel(),
      prompt: 'Fetch https://example.com/data.json and summarise it.',
      tools: {
        ...tools,
        http_request: tool({
          description: 'Send an HTTP request to a URL.',
          inputSchema: z.object({ url: z.string(), method: z.string().optional() }),
          execute: async (input) => {
            seen.push(input);
            return { status: 200, body: '{"ok":true}' };
          },
        }),
        search_knowledge: tool({
          description: 'Search the knowledge base for passages.',
          inputSchema: z.object({ query: z.string() }),
          execute: async () => [],
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(seen).toEqual([{ url: 'https://example.com/data.json' }]);
    expect(result.text).toBe(
      `${OFFLINE_LABEL} http_request returned: {"status":200,"body":"{\\"ok\\":true}"}`,
    );
  });

  it('uses a knowledge tool whose description matches the question', async () => {
    const queries: string[] = [];
    await generateText({
      model: createOfflineModel(),
      prompt: 'What does the knowledge base say about refunds?',
      tools: {
        search_docs: tool({
          description: 'Search the knowledge base for passages relevant to a question.',
          inputSchema: z.object({ query: z.string() }),
          execute: async ({ query }) => {
            queries.push(query);
            return ['Refunds take 5 days.'];
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(queries).toEqual(['What does the knowledge base say about refunds?']);
  });

  it('reports a failing tool honestly', async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: 'What is 1 + 1?',
      tools: {
        calculator: tool({
          inputSchema: z.object({ expression: z.string() }),
          execute: async (): Promise<number> => {
            throw new Error('calculator offline');
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(result.text).toContain('The calculator tool failed');
  });

  it('plans, calls tools and then finish in autonomous mode', async () => {
    const finished: unknown[] = [];
    const result = await generateText({
      model: createOfflineModel(),
      system: 'You are an autonomous agent. Work towards the goal, then call finish.',
      prompt: 'Goal: work out 6 * 7.',
      tools: {
        ...tools,
        finish: tool({
          description: 'Call when the goal is reached.',
          inputSchema: z.object({ answer: z.string() }),
          execute: async (input) => {
            finished.push(input);
            return 'done';
          },
        }),
      },
      stopWhen: [hasToolCall('finish'), stepCountIs(6)],
    });
    expect(result.steps.map((step) => step.toolCalls.map((call) => call.toolName))).toEqual([
      ['calculator'],
      ['finish'],
    ]);
    expect(result.steps[0]?.text).toBe(
      `${OFFLINE_LABEL} Plan: 1. Call calculator. 2. Call finish with the result.`,
    );
    expect(finished).toEqual([{ answer: `${OFFLINE_LABEL} 6 * 7 = 42.` }]);
  });

  it('honours toolChoice none', async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: 'What is 2 + 2?',
      tools,
      toolChoice: 'none',
    });
    expect(result.toolCalls).toEqual([]);
  });

  it('stops at maxOutputTokens with finish reason length', async () => {
    const result = await generateText({
      model: createOfflineModel(),
      prompt: 'Tell me a long story',
      maxOutputTokens: 3,
    });
    expect(result.finishReason).toBe('length');
    expect(splitWords(result.text)).toHaveLength(3);
  });

  it('honours an abort signal during streaming', async () => {
    const controller = new AbortController();
    const result = streamText({
      model: createOfflineModel({ chunkDelayMs: 5 }),
      prompt: 'Tell me a long story about many things',
      abortSignal: controller.signal,
    });
    const deltas: string[] = [];
    let aborted = false;
    try {
      for await (const part of result.fullStream) {
        if (part.type === 'text-delta') {
          deltas.push(part.text);
          if (deltas.length === 2) controller.abort();
        }
        if (part.type === 'abort') aborted = true;
      }
    } catch (error) {
      aborted = (error as Error).name === 'AbortError';
    }
    expect(aborted).toBe(true);
    expect(deltas.length).toBeLessThan(5);
  });

  it('refuses to start when the signal is already aborted', async () => {
    const model = createOfflineModel();
    const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];
    await expect(model.doStream({ prompt, abortSignal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('splits text into deltas that join back to the text', () => {
    expect(splitWords('a  b c')).toEqual(['a  ', 'b ', 'c']);
    expect(splitWords('').join('')).toBe('');
  });
});
