import { formatCount, formatFailureRate, formatMs, formatUsd } from './format';
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

function percentiles(value: Percentiles | null): { value: string; detail: string } {
  if (!value) return { value: '—', detail: 'Not measured in this range' };
  return { value: formatMs(value.p50), detail: `p95: ${formatMs(value.p95)}` };
}

/** The range's totals as cards: runs, failures, tokens, estimated cost and the two latencies. */
export function StatCards({ totals }: { totals: UsageTotals }) {
  const firstToken = percentiles(totals.firstTokenMs);
  const duration = percentiles(totals.durationMs);
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" aria-label="Totals">
      <Stat id="runs" label="Runs" value={formatCount(totals.runs)} />
      <Stat
        id="failures"
        label="Failures"
        value={formatCount(totals.failures)}
        detail={`${formatFailureRate(totals.failures, totals.runs)} of runs`}
      />
      <Stat
        id="tokens"
        label="Tokens in / out"
        value={`${formatCount(totals.inputTokens)} / ${formatCount(totals.outputTokens)}`}
      />
      <Stat
        id="cost"
        label="Estimated cost"
        value={totals.costUsd === null ? 'Unknown' : formatUsd(totals.costUsd)}
        detail={totals.costUsd === null ? 'Unknown for some models (no price known)' : 'From list prices'}
      />
      <Stat id="first-token" label="Time to first token (p50)" {...firstToken} />
      <Stat id="duration" label="Time to the end (p50)" {...duration} />
    </dl>
  );
}
