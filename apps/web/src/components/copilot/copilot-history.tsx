'use client';

import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { ChangeList } from '../builder/change-list';

function when(date: string): string {
  return new Date(date).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * "Changes by Copilot" in the History panel: each accepted proposal, newest first, with the draft
 * revision it was saved as, who accepted it and when, which copilot proposed it, and its change list.
 */
export function CopilotHistory({ agentId }: { agentId: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.copilot.history.queryOptions({ agentId }));
  return (
    <section aria-labelledby="copilot-history-heading" className="space-y-2 border-t border-slate-200 p-3">
      <h3 id="copilot-history-heading" className="text-sm font-semibold">
        Changes by Copilot
      </h3>
      {history.isPending ? (
        <p className="text-xs text-slate-500">Loading…</p>
      ) : history.error ? (
        <p className="text-xs text-red-700">{errorMessage(history.error)}</p>
      ) : history.data.length === 0 ? (
        <p className="text-xs text-slate-500">No Copilot change accepted yet.</p>
      ) : (
        <ul className="space-y-2" data-testid="copilot-history">
          {history.data.map((item) => (
            <li key={item.id} className="space-y-1 rounded-md border border-slate-200 p-2">
              <p className="flex flex-wrap items-baseline gap-x-2 text-xs">
                <span className="font-semibold">Revision {item.acceptedRevision}</span>
                <span className="text-slate-500">
                  {item.acceptedAt
                    ? `accepted ${when(item.acceptedAt)}${item.acceptedBy ? ` by ${item.acceptedBy}` : ''}`
                    : `proposed ${when(item.createdAt)}`}
                </span>
              </p>
              {item.proposal ? (
                <>
                  <p className="text-xs text-slate-500">Proposed by {item.proposal.by.label}</p>
                  <ChangeList changes={item.proposal.changes} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
