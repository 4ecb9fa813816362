'use client';

import { Button } from '../../ui';
import type { EvalRunSummary } from './eval-types';
import { targetLabel, timeAgo } from './format';
import { EvalStatusPill } from './status-pill';

/** Past eval runs, newest first: view one, or tick two and compare them. */
export function RunHistory({
  runs,
  viewingId,
  ticked,
  onView,
  onTick,
  onCompare,
}: {
  runs: readonly EvalRunSummary[];
  viewingId: string | null;
  /** Runs ticked for comparison (at most two). */
  ticked: readonly string[];
  onView: (id: string) => void;
  onTick: (id: string, on: boolean) => void;
  onCompare: () => void;
}) {
  return (
    <section aria-label="Eval run history" className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-base font-semibold">History</h2>
        <div className="flex items-center gap-2 text-xs text-slate-500">
          {ticked.length === 2 ? null : <span>Tick two runs to compare them.</span>}
          <Button variant="secondary" disabled={ticked.length !== 2} onClick={onCompare}>
            Compare
          </Button>
        </div>
      </div>
      <table className="w-full text-left text-sm" aria-label="Past eval runs">
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            <th className="w-10 px-3 py-2">
              <span className="sr-only">Compare</span>
            </th>
            <th className="px-3 py-2 font-medium">Target</th>
            <th className="px-3 py-2 font-medium">When</th>
            <th className="px-3 py-2 font-medium">Passed</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2">
              <span className="sr-only">View</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => {
            const label = `${targetLabel(run)}, ${timeAgo(run.createdAt)}`;
            const isTicked = ticked.includes(run.id);
            return (
              <tr
                key={run.id}
                data-testid="eval-run-row"
                className={run.id === viewingId ? 'bg-brand-50/60' : undefined}
              >
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={`Compare the run on ${label}`}
                    checked={isTicked}
                    // A third tick would be ambiguous: untick one first.
                    disabled={!isTicked && ticked.length >= 2}
                    onChange={(event) => onTick(run.id, event.target.checked)}
                  />
                </td>
                <td className="px-3 py-2 font-medium">{targetLabel(run)}</td>
                <td className="px-3 py-2 text-slate-600" title={new Date(run.createdAt).toLocaleString()}>
                  {timeAgo(run.createdAt)}
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {run.passed}/{run.total}
                </td>
                <td className="px-3 py-2">
                  <EvalStatusPill status={run.status} />
                </td>
                <td className="px-3 py-2 text-right">
                  <Button
                    variant="ghost"
                    aria-pressed={run.id === viewingId}
                    aria-label={`View the run on ${label}`}
                    onClick={() => onView(run.id)}
                  >
                    View
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
