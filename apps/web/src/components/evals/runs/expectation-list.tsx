import type { ExpectationResult } from '@agentry/engine/evals';
import { useTranslations } from 'next-intl';
import { failedFirst } from './result-order';

/** A case's expectations with their messages: failed ones first and highlighted, judges with their reason. */
export function ExpectationList({ expectations }: { expectations: readonly ExpectationResult[] }) {
  const t = useTranslations('evals');
  if (expectations.length === 0) return null;
  return (
    <ul className="mt-1 space-y-1" aria-label={t('results.expectations')}>
      {failedFirst(expectations).map((item, index) => (
        <li
          // Results are read-only snapshots: their order never changes while shown.
          // biome-ignore lint/suspicious/noArrayIndexKey: no stable id in a stored result
          key={index}
          data-passed={item.passed}
          className={`rounded px-2 py-1 text-xs ${item.passed ? 'text-slate-600' : 'bg-red-50 font-medium text-red-800'}`}
        >
          <span aria-hidden className="mr-1">
            {item.passed ? '✓' : '✗'}
          </span>
          <span className="sr-only">{item.passed ? t('results.met') : t('results.failed')}</span>
          {item.message}
          {item.judge ? (
            <span className="mt-0.5 block font-normal text-slate-700">
              <span
                className={`mr-1 rounded px-1 py-px text-[11px] ${item.judge.offline ? 'bg-amber-100 text-amber-800' : 'bg-slate-100 text-slate-700'}`}
              >
                {item.judge.offline ? t('run.offlineJudge') : item.judge.by}
              </span>
              {/* The message often quotes the judge's reason already: say it once. */}
              {item.message.includes(item.judge.reason) ? null : item.judge.reason}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
