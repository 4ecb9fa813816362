import type { EvalRunSummary } from './eval-types';

const FINAL = new Set(['done', 'failed', 'cancelled', 'interrupted']);

/** True once an eval run will not change any more (the panel stops polling it). */
export function isFinalStatus(status: string): boolean {
  return FINAL.has(status);
}

/** Words for a status, as the history and the progress line show it. */
export const STATUS_TEXT: Record<string, string> = {
  queued: 'queued',
  running: 'running',
  done: 'finished',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

/** Where an eval run stands, for the progress bar. */
export interface RunProgress {
  passed: number;
  failed: number;
  total: number;
  /** Cases with a result so far. */
  finished: number;
  /** 0…100, whole numbers. */
  percent: number;
  final: boolean;
  /** One line a person reads: "3 of 10 cases: 2 passed, 1 failed". */
  label: string;
}

/** The progress of an eval run from its summary (counts are written as each case's result lands). */
export function runProgress(
  run: Pick<EvalRunSummary, 'status' | 'passed' | 'failed' | 'total'>,
): RunProgress {
  const total = Math.max(0, run.total);
  const finished = Math.min(total, run.passed + run.failed);
  const percent = total === 0 ? (isFinalStatus(run.status) ? 100 : 0) : Math.round((finished / total) * 100);
  const counts = `${run.passed} passed, ${run.failed} failed`;
  const final = isFinalStatus(run.status);
  let label: string;
  if (!final) {
    label =
      run.status === 'queued' && finished === 0
        ? `Queued: ${total} case${total === 1 ? '' : 's'} waiting to run`
        : `${finished} of ${total} case${total === 1 ? '' : 's'}: ${counts}`;
  } else if (run.status === 'done') {
    label = `${run.passed}/${total} passed`;
  } else {
    label = `${STATUS_TEXT[run.status] ?? run.status} after ${finished} of ${total}: ${counts}`;
    label = label.charAt(0).toUpperCase() + label.slice(1);
  }
  return { passed: run.passed, failed: run.failed, total, finished, percent, final, label };
}
