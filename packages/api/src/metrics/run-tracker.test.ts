import type { EngineEvent } from '@agentry/engine';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { runMetrics } from './registry';
import { trackRun } from './run-tracker';
import { parseSamples, sampleValue } from './samples.testing';

const runtimeWith = (metricsToken?: string) => ({ config: { metricsToken } }) as unknown as Runtime;
const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens });
const runId = 'run-1';
const delta = {
  seq: 2,
  type: 'node-delta',
  runId,
  nodeId: 'llm',
  delta: 'Hi',
  feedsAnswer: true,
} as EngineEvent;
const waiting = (tokens: ReturnType<typeof usage>) =>
  ({
    seq: 3,
    type: 'run-waiting',
    runId,
    request: {},
    usage: tokens,
    durationMs: 1,
  }) as unknown as EngineEvent;
const ended = (tokens: ReturnType<typeof usage>) =>
  ({ seq: 9, type: 'run-end', runId, answer: 'Hi', usage: tokens, durationMs: 1 }) as EngineEvent;
const failed = (code: string) =>
  ({
    seq: 9,
    type: 'run-error',
    runId,
    code,
    message: 'x',
    partialAnswer: '',
    usage: usage(0, 0),
    durationMs: 1,
  }) as EngineEvent;

async function samplesOf(runtime: Runtime) {
  return parseSamples(await runMetrics(runtime)!.scrape());
}

describe('run tracker', () => {
  it('keeps nothing and counts nothing while metrics are off', () => {
    const runtime = runtimeWith(undefined);
    expect(trackRun(runtime, 'api')).toBeUndefined();
    expect(runMetrics(runtime)).toBeUndefined();
  });

  it('counts a run that waits and then continues as one start, one end, and its tokens once', async () => {
    const runtime = runtimeWith('a-metrics-token-of-16+');
    const first = trackRun(runtime, 'preview')!;
    first.observe(delta);
    first.observe(waiting(usage(10, 5)));
    first.close();
    let samples = await samplesOf(runtime);
    expect(sampleValue(samples, 'agentry_runs_started_total', { source: 'preview' })).toBe(1);
    expect(sampleValue(samples, 'agentry_runs_finished_total', { source: 'preview' })).toBeUndefined();
    expect(sampleValue(samples, 'agentry_run_first_token_seconds_count', { source: 'preview' })).toBe(1);
    expect(sampleValue(samples, 'agentry_run_tokens_total', { kind: 'input' })).toBe(10);

    // The continuation starts from the checkpoint written at the wait; the engine's usage is cumulative.
    const continued = trackRun(runtime, 'preview', { checkpoint: { usage: usage(10, 5) } })!;
    continued.observe(delta);
    continued.observe(ended(usage(25, 9)));
    continued.close();
    samples = await samplesOf(runtime);
    expect(sampleValue(samples, 'agentry_runs_started_total', { source: 'preview' })).toBe(1);
    expect(
      sampleValue(samples, 'agentry_runs_finished_total', { source: 'preview', status: 'succeeded' }),
    ).toBe(1);
    expect(sampleValue(samples, 'agentry_run_first_token_seconds_count', { source: 'preview' })).toBe(1);
    expect(sampleValue(samples, 'agentry_run_duration_seconds_count', { source: 'preview' })).toBe(1);
    expect(sampleValue(samples, 'agentry_run_tokens_total', { kind: 'input' })).toBe(25);
    expect(sampleValue(samples, 'agentry_run_tokens_total', { kind: 'output' })).toBe(9);
  });

  it('labels each way a run ends, and a run whose events stopped without an end as cancelled', async () => {
    const runtime = runtimeWith('a-metrics-token-of-16+');
    for (const code of ['aborted', 'interrupted', 'provider_error', 'queue_unavailable']) {
      const tracker = trackRun(runtime, 'mcp')!;
      tracker.observe(failed(code));
      tracker.close();
    }
    trackRun(runtime, 'mcp')!.close();
    const samples = await samplesOf(runtime);
    const finished = (status: string) =>
      sampleValue(samples, 'agentry_runs_finished_total', { source: 'mcp', status });
    expect(finished('cancelled')).toBe(2);
    expect(finished('interrupted')).toBe(1);
    expect(finished('failed')).toBe(2);
    expect(sampleValue(samples, 'agentry_runs_started_total', { source: 'mcp' })).toBe(5);
    expect(sampleValue(samples, 'agentry_run_duration_seconds_count', { source: 'mcp' })).toBe(5);
  });
});
