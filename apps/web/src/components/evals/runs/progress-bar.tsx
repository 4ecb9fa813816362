import { useTranslations } from 'next-intl';
import type { EvalRunSummary } from './eval-types';
import { runProgress } from './run-progress';

/** Passed (green) and failed (red) shares of an eval run's cases, with the counts in words. */
export function EvalProgressBar({
  run,
}: {
  run: Pick<EvalRunSummary, 'status' | 'passed' | 'failed' | 'total'>;
}) {
  const t = useTranslations('evals');
  const progress = runProgress(run, t);
  const share = (count: number) => (progress.total === 0 ? 0 : (count / progress.total) * 100);
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label={t('progress.label')}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.finished}
        aria-valuetext={progress.label}
        className="flex h-2.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="bg-emerald-500 transition-[width]" style={{ width: `${share(progress.passed)}%` }} />
        <div className="bg-red-500 transition-[width]" style={{ width: `${share(progress.failed)}%` }} />
      </div>
      <p className="text-sm text-slate-700" aria-live="polite" data-testid="eval-progress">
        {progress.label}
      </p>
    </div>
  );
}
