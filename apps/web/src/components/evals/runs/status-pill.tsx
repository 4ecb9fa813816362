import { useTranslations } from 'next-intl';
import { statusText } from './run-progress';

const STYLE: Record<string, string> = {
  queued: 'bg-slate-100 text-slate-700',
  running: 'bg-sky-50 text-sky-700',
  done: 'bg-emerald-50 text-emerald-700',
  failed: 'bg-red-50 text-red-700',
  cancelled: 'bg-amber-50 text-amber-800',
  interrupted: 'bg-amber-50 text-amber-800',
};

/** The status of an eval run as a pill (finished, running, cancelled, interrupted…). */
export function EvalStatusPill({ status }: { status: string }) {
  const t = useTranslations('evals');
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STYLE[status] ?? 'bg-slate-100'}`}>
      {statusText(status, t)}
    </span>
  );
}

/** PASS / FAIL badge of one case. */
export function PassBadge({ passed }: { passed: boolean }) {
  const t = useTranslations('evals.results');
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${passed ? 'bg-emerald-100 text-emerald-800' : 'bg-red-100 text-red-800'}`}
    >
      {passed ? t('pass') : t('fail')}
    </span>
  );
}
