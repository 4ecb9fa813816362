import type { EvalsT } from '../words';
import type { EvalRunSummary } from './eval-types';

const FINAL = new Set(['done', 'failed', 'cancelled', 'interrupted']);

/** True once an eval run will not change any more (the panel stops polling it). */
export function isFinalStatus(status: string): boolean {
  return FINAL.has(status);
}

const KNOWN = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
type KnownStatus = (typeof KNOWN)[number];

/** Words for a status, as the history and the progress line show it; an unknown status as it is. */
export function statusText(status: string, t: EvalsT): string {
  return (KNOWN as readonly string[]).includes(status) ? t(`status.${status as KnownStatus}`) : status;
}

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
  t: EvalsT,
): RunProgress {
  const total = Math.max(0, run.total);
  const finished = Math.min(total, run.passed + run.failed);
  const percent = total === 0 ? (isFinalStatus(run.status) ? 100 : 0) : Math.round((finished / total) * 100);
  const final = isFinalStatus(run.status);
  const counts = { finished, total, passed: run.passed, failed: run.failed };
  let label: string;
  if (!final)
    label =
      run.status === 'queued' && finished === 0
        ? t('progress.queued', { total })
        : t('progress.running', counts);
  else if (run.status === 'done') label = t('progress.done', { passed: run.passed, total });
  else label = t('progress.stopped', { status: run.status, ...counts });
  return { passed: run.passed, failed: run.failed, total, finished, percent, final, label };
}
