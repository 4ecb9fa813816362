import type { BudgetKind } from '../errors';
import type { BudgetView } from '../nodes/node-definition';

/** Run-level limits; unset means unlimited. */
export interface RunBudget {
  maxTokens?: number;
  maxDurationMs?: number;
  /** Model calls across the run (each Model call and each agent step counts one). */
  maxSteps?: number;
}

/** Counts tokens, steps and time of a run (sub-runs share their parent's tracker). */
export class BudgetTracker implements BudgetView {
  private tokens = 0;
  private steps = 0;
  private startedAt = performance.now();

  constructor(readonly limits: RunBudget) {}

  /** Adds one model step's usage; returns the budget it exhausted, if any. */
  record(inputTokens: number, outputTokens: number): BudgetKind | undefined {
    this.tokens += inputTokens + outputTokens;
    this.steps += 1;
    if (this.limits.maxTokens !== undefined && this.tokens > this.limits.maxTokens) return 'tokens';
    if (this.limits.maxSteps !== undefined && this.steps > this.limits.maxSteps) return 'steps';
    return undefined;
  }

  /** What was spent so far, for a checkpoint. */
  spent(): { tokens: number; steps: number; elapsedMs: number } {
    return { tokens: this.tokens, steps: this.steps, elapsedMs: performance.now() - this.startedAt };
  }

  /** Continues counting from a checkpoint's spending (time spent waiting for a person does not count). */
  restore(spent: { tokens: number; steps: number; elapsedMs: number }): void {
    this.tokens = spent.tokens;
    this.steps = spent.steps;
    this.startedAt = performance.now() - spent.elapsedMs;
  }

  /** The configured limit of a budget (for error messages). */
  limitOf(kind: BudgetKind): number {
    const limit = {
      tokens: this.limits.maxTokens,
      steps: this.limits.maxSteps,
      duration: this.limits.maxDurationMs,
    }[kind];
    return limit ?? Number.POSITIVE_INFINITY;
  }

  remainingTokens(): number {
    return (this.limits.maxTokens ?? Number.POSITIVE_INFINITY) - this.tokens;
  }

  remainingSteps(): number {
    return (this.limits.maxSteps ?? Number.POSITIVE_INFINITY) - this.steps;
  }

  remainingMs(): number {
    return (this.limits.maxDurationMs ?? Number.POSITIVE_INFINITY) - (performance.now() - this.startedAt);
  }
}
