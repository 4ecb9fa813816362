import { APICallError } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { loadExample, loadFixture } from '../__fixtures__/load-fixture';
import { deferred, within } from '../testing/deferred';
import { streamOf, textModel, textParts } from '../testing/mock-model';
import { eventTrail, mockContext, runToEnd } from '../testing/run-helpers';
import { createMemoryContext } from './in-memory';
import { runGraph } from './run-graph';

describe('runGraph', () => {
  it('runs the example chatbot on the offline model and reports every step as typed events', async () => {
    const run = await runToEnd(loadExample('chatbot'), createMemoryContext(), 'Hello there');
    expect(run.status).toBe('done');
    expect(run.answer).toContain('[Offline model]');
    const trail = eventTrail(run.events).filter((entry) => !entry.startsWith('node-delta'));
    expect(trail[0]).toBe('run-start');
    expect(trail.at(-1)).toBe('run-end');
    expect(trail).toEqual(
      expect.arrayContaining(['node-start:model', 'node-end:model:done', 'node-end:chat-output:done']),
    );
    const deltas = run.events.filter((event) => event.type === 'node-delta');
    expect(deltas.map((event) => event.delta).join('')).toBe(run.answer);
    expect(deltas.every((event) => event.feedsAnswer && event.nodeId === 'model')).toBe(true);
    const modelEnd = run.events.find((event) => event.type === 'node-end' && event.nodeId === 'model');
    expect(modelEnd).toMatchObject({ status: 'done', outputPreview: run.answer });
    // What each node received is reported for the trace: the prompt got the user's message.
    const promptStart = run.events.find((event) => event.type === 'node-start' && event.nodeId === 'prompt');
    expect(promptStart).toMatchObject({ inputs: { message: 'Hello there' } });
    const modelStart = run.events.find((event) => event.type === 'node-start' && event.nodeId === 'model');
    expect(modelStart).toMatchObject({ inputs: { memory: expect.stringMatching(/^memory/) } });
    expect(run.usage.inputTokens).toBeGreaterThan(0);
  });

  it('never starts an invalid graph: one run-error with every problem', async () => {
    const run = await runToEnd(loadFixture('invalid-everything'), createMemoryContext());
    expect(eventTrail(run.events)).toEqual(['run-error']);
    expect(run.error?.code).toBe('invalid_graph');
    expect(run.error?.problems?.length).toBeGreaterThan(8);
  });

  it('runs independent branches concurrently', async () => {
    const started = { a: deferred(), b: deferred() };
    const branch = (name: 'a' | 'b', other: 'a' | 'b') =>
      new MockLanguageModelV4({
        doStream: async () => {
          started[name].resolve();
          // Each branch finishes only once the other has started: a sequential scheduler deadlocks here.
          await started[other].promise;
          return streamOf(textParts([name.toUpperCase()]));
        },
      });
    const context = mockContext({ a: branch('a', 'b'), b: branch('b', 'a') });
    const run = await within(runToEnd(loadFixture('parallel'), context, 'go'), 2000, 'both branches');
    expect(run.answer).toBe('A + B');
  });

  it('skips untaken condition branches and everything only behind them', async () => {
    const refund = textModel('We will refund you.');
    const greeting = textModel('Hi!');
    const context = mockContext({ refund, greeting });
    const run = await runToEnd(loadFixture('branching'), context, 'I want a refund please');
    expect(run.answer).toBe('We will refund you.');
    const ends = Object.fromEntries(
      run.events.flatMap((event) => (event.type === 'node-end' ? [[event.nodeId, event.status]] : [])),
    );
    expect(ends).toMatchObject({
      condition: 'done',
      'prompt-refund': 'done',
      'model-refund': 'done',
      'prompt-greeting': 'skipped',
      'model-greeting': 'skipped',
      'prompt-else': 'skipped',
      'chat-output': 'done',
    });
    expect(greeting.doStreamCalls).toHaveLength(0);

    const fallback = await runToEnd(loadFixture('branching'), mockContext({ refund, greeting }), 'what?');
    expect(fallback.answer).toBe('I can help with refunds. You wrote: what?');
  });

  it('stops on a provider error mid-stream, keeping the partial output and naming the node', async () => {
    const failure = new APICallError({
      message: 'upstream reset',
      url: 'https://api.openai.com/v1',
      requestBodyValues: {},
      statusCode: 502,
    });
    const model = new MockLanguageModelV4({
      doStream: async () =>
        streamOf([
          { type: 'text-start', id: 't' },
          { type: 'text-delta', id: 't', delta: 'Half an ' },
          { type: 'text-delta', id: 't', delta: 'answer' },
          { type: 'error', error: failure },
        ]),
    });
    const run = await runToEnd(loadFixture('single-model'), mockContext({ main: model }), 'hi', {
      retry: { maxRetries: 3, baseDelayMs: 1 },
    });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({
      code: 'provider_unavailable',
      nodeId: 'model',
      partialAnswer: 'Half an answer',
    });
    expect(run.error?.message).toMatch(/502/);
    // Output had been streamed: retrying would duplicate it, so there is exactly one call.
    expect(model.doStreamCalls).toHaveLength(1);
    const end = run.events.find((event) => event.type === 'node-end' && event.nodeId === 'model');
    expect(end).toMatchObject({
      status: 'failed',
      outputPreview: 'Half an answer',
      error: { code: 'provider_unavailable' },
    });
  });

  it('retries a transient error that happened before any output, then succeeds', async () => {
    let calls = 0;
    const model = new MockLanguageModelV4({
      doStream: async () => {
        calls++;
        if (calls === 1) {
          throw new APICallError({
            message: 'Too Many Requests',
            url: 'x',
            requestBodyValues: {},
            statusCode: 429,
          });
        }
        return streamOf(textParts(['Second ', 'time']));
      },
    });
    const run = await runToEnd(loadFixture('single-model'), mockContext({ main: model }), 'hi', {
      retry: { maxRetries: 2, baseDelayMs: 1 },
    });
    expect(run.status).toBe('done');
    expect(run.answer).toBe('Second time');
    const starts = run.events.filter((event) => event.type === 'node-start' && event.nodeId === 'model');
    expect(starts.map((event) => event.type === 'node-start' && event.attempt)).toEqual([0, 1]);
  });

  it('does not retry errors that will not go away (401)', async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => {
        throw new APICallError({
          message: 'Unauthorized',
          url: 'https://api.openai.com/v1',
          requestBodyValues: {},
          statusCode: 401,
        });
      },
    });
    const run = await runToEnd(loadFixture('single-model'), mockContext({ main: model }), 'hi', {
      retry: { maxRetries: 3, baseDelayMs: 1 },
    });
    expect(run.error).toMatchObject({ code: 'provider_auth', nodeId: 'model' });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it.each([
    [401, 'provider_auth', /rejected the API key/],
    [404, 'provider_not_found', /model name/],
    [429, 'provider_rate_limited', /rate limiting/],
    [500, 'provider_unavailable', /server error/],
  ])('explains a provider answering %i on the failing node', async (statusCode, code, message) => {
    const model = new MockLanguageModelV4({
      doStream: async () => {
        throw new APICallError({
          message: 'nope',
          url: 'https://api.openai.com/v1',
          requestBodyValues: {},
          statusCode,
        });
      },
    });
    const run = await runToEnd(loadFixture('single-model'), mockContext({ main: model }), 'hi', {
      retry: { maxRetries: 1, baseDelayMs: 1 },
    });
    expect(run.error).toMatchObject({ code, nodeId: 'model' });
    expect(run.error?.message).toMatch(message);
  });

  it('keeps the partial answer when the stream itself breaks mid-way', async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => {
        let sent = false;
        const stream = new ReadableStream({
          pull(controller) {
            if (sent)
              return controller.error(Object.assign(new TypeError('terminated'), { cause: undefined }));
            sent = true;
            controller.enqueue({ type: 'text-start', id: 't' });
            controller.enqueue({ type: 'text-delta', id: 't', delta: 'Partial' });
          },
        });
        return { stream };
      },
    });
    const run = await runToEnd(loadFixture('single-model'), mockContext({ main: model }));
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ nodeId: 'model', partialAnswer: 'Partial' });
    expect(run.error?.code).toMatch(/^provider_/);
  });

  it('fails a node that runs past its timeout', async () => {
    const model = new MockLanguageModelV4({ doStream: () => new Promise(() => {}) });
    const run = await runToEnd(loadFixture('single-model'), mockContext({ main: model }), 'hi', {
      nodeTimeoutMs: 20,
    });
    expect(run.error).toMatchObject({ code: 'node_timeout', nodeId: 'model' });
    expect(model.doStreamCalls[0]?.abortSignal?.aborted).toBe(true);
  });

  it('stops when the caller aborts, and aborts the running node', async () => {
    const controller = new AbortController();
    const reached = deferred();
    const model = new MockLanguageModelV4({
      doStream: async () => {
        reached.resolve();
        return new Promise(() => {});
      },
    });
    const pending = runToEnd(
      loadFixture('single-model'),
      mockContext({ main: model }, { signal: controller.signal }),
    );
    await reached.promise;
    controller.abort();
    const run = await within(pending, 1000, 'the aborted run');
    expect(run.error?.code).toBe('aborted');
    expect(model.doStreamCalls[0]?.abortSignal?.aborted).toBe(true);
  });

  it('cancels the run when the reader stops listening', async () => {
    const model = new MockLanguageModelV4({ doStream: () => new Promise(() => {}) });
    const events = runGraph({
      graph: loadFixture('single-model'),
      input: { message: 'hi' },
      context: mockContext({ main: model }),
    });
    for await (const event of events) if (event.type === 'node-start' && event.nodeId === 'model') break;
    await within(
      new Promise<void>((resolve) => {
        const check = () => (model.doStreamCalls[0]?.abortSignal?.aborted ? resolve() : setTimeout(check, 1));
        check();
      }),
      1000,
      'the model call to be aborted',
    );
  });

  it('ends the run when its token budget is used up', async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => streamOf(textParts(['way ', 'too ', 'long'], { input: 900, output: 300 })),
    });
    const run = await runToEnd(loadFixture('single-model'), mockContext({ main: model }), 'hi', {
      budget: { maxTokens: 1000 },
    });
    expect(run.error).toMatchObject({
      code: 'budget_exceeded',
      nodeId: 'model',
      partialAnswer: 'way too long',
    });
    expect(run.error?.message).toContain('1000 tokens');
  });

  it('ends the run when its time budget is used up', async () => {
    const model = new MockLanguageModelV4({ doStream: () => new Promise(() => {}) });
    const run = await runToEnd(loadFixture('single-model'), mockContext({ main: model }), 'hi', {
      budget: { maxDurationMs: 20 },
    });
    expect(run.error?.code).toBe('budget_exceeded');
    expect(run.error?.message).toContain('20 ms');
  });
});
