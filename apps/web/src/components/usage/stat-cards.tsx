import { useTranslations } from 'next-intl';
import { type Format, useFormat } from '../../i18n/format';
import { formatFailureRate, formatMs, formatUsd } from './format';
import type { Percentiles, UsageTotals } from './usage-types';

function Stat({ id, label, value, detail }: { id: string; label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`stat-${id}`}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${id}-value`}>
        {value}
      </dd>
      {detail ? <dd className="mt-0.5 text-xs text-slate-500">{detail}</dd> : null}
    </div>
  );
}

/** The range's totals as cards: runs, failures, tokens, estimated cost and the two latencies. */
export function StatCards({ totals }: { totals: UsageTotals }) {
  const t = useTranslations('usage.stats');
  const format = useFormat();
  const percentiles = (value: Percentiles | null, f: Format): { value: string; detail: string } => {
    if (!value) return { value: '—', detail: t('notMeasured') };
    return { value: formatMs(value.p50, f), detail: t('p95', { value: formatMs(value.p95, f) }) };
  };
  const firstToken = percentiles(totals.firstTokenMs, format);
  const duration = percentiles(totals.durationMs, format);
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" aria-label={t('label')}>
      <Stat id="runs" label={t('runs')} value={format.number(totals.runs)} />
      <Stat
        id="failures"
        label={t('failures')}
        value={format.number(totals.failures)}
        detail={t('failureRate', { rate: formatFailureRate(totals.failures, totals.runs, format) })}
      />
      <Stat
        id="tokens"
        label={t('tokens')}
        value={`${format.number(totals.inputTokens)} / ${format.number(totals.outputTokens)}`}
      />
      <Stat
        id="cost"
        label={t('cost')}
        value={totals.costUsd === null ? t('costUnknown') : formatUsd(totals.costUsd, format)}
        detail={totals.costUsd === null ? t('costUnknownDetail') : t('costListPrices')}
      />
      <Stat id="first-token" label={t('firstToken')} {...firstToken} />
      <Stat id="duration" label={t('duration')} {...duration} />
    </dl>
  );
}
