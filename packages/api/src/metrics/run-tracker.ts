import type { EngineEvent, TokenUsage } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { type RunMetrics, runMetrics } from './registry';

/** How a run's execution ended, as `agentry_runs_finished_total` labels it. */
export type FinishedStatus = 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** The status a run's last event stands for (the same mapping the run journal records). */
function statusOf(event: Extract<EngineEvent, { type: 'run-error' }>): FinishedStatus {
  if (event.code === 'aborted') return 'cancelled';
  if (event.code === 'interrupted') return 'interrupted';
  return 'failed';
}

/**
 * Counts one run (or one continuation of it) for the metrics: a start, the first answer text, and the
 * end with its tokens and duration. It looks at the events the run's host reads anyway, so a run costs
 * a few counter updates at its start and end and a type check per event, nothing per token.
 */
export class RunTracker {
  private readonly startedAt = performance.now();
  private firstTextSeen: boolean;
  private ended = false;

  constructor(
    private readonly metrics: RunMetrics,
    private readonly source: string,
    /** Tokens a continued run had used before (its checkpoint's): they were counted then. */
    private readonly before?: TokenUsage,
  ) {
    // A continued run is not a new start, and its first text is not what a person first waited for.
    this.firstTextSeen = before !== undefined;
    if (!before) metrics.runsStarted.inc({ source });
  }

  /** Notes an event of the run. */
  observe(event: EngineEvent): void {
    switch (event.type) {
      case 'node-delta':
        if (!this.firstTextSeen && event.feedsAnswer) {
          this.firstTextSeen = true;
          this.metrics.firstToken.observe({ source: this.source }, this.elapsedSeconds());
        }
        return;
      case 'run-end':
        this.end('succeeded', event.usage);
        return;
      case 'run-error':
        this.end(statusOf(event), event.usage);
        return;
      case 'run-waiting':
        // A pause: its tokens are counted now, its end when the run continues and ends.
        this.ended = true;
        this.countTokens(event.usage);
        return;
      default:
    }
  }

  /** The run's events stopped (read to the end, or the reader left): a run with no end was cancelled. */
  close(): void {
    if (!this.ended) this.end('cancelled', undefined);
  }

  private end(status: FinishedStatus, usage: TokenUsage | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.metrics.runsFinished.inc({ source: this.source, status });
    this.metrics.duration.observe({ source: this.source }, this.elapsedSeconds());
    if (usage) this.countTokens(usage);
  }

  private countTokens(usage: TokenUsage): void {
    const input = usage.inputTokens - (this.before?.inputTokens ?? 0);
    const output = usage.outputTokens - (this.before?.outputTokens ?? 0);
    if (input > 0) this.metrics.tokens.inc({ kind: 'input' }, input);
    if (output > 0) this.metrics.tokens.inc({ kind: 'output' }, output);
  }

  private elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
}

/**
 * A tracker for a run this process executes or follows, or undefined when metrics are off. Only the
 * process that started (or continued) the run counts it: queue workers execute runs without one, so a
 * queued run is counted once, by the web process that follows it. `resume`: the run continues from
 * this checkpoint (not a new start; the tokens used before it were counted already).
 */
export function trackRun(
  runtime: Runtime,
  source: string,
  resume?: { checkpoint: { usage?: TokenUsage } },
): RunTracker | undefined {
  const metrics = runMetrics(runtime);
  if (!metrics) return undefined;
  const before = resume ? (resume.checkpoint.usage ?? { inputTokens: 0, outputTokens: 0 }) : undefined;
  return new RunTracker(metrics, source, before);
}
