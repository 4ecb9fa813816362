'use client';

import type { Graph } from '@agentry/engine/graph';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { useBuilder } from '../builder/builder-context';
import { useNotify } from '../builder/toasts';
import { Button } from '../ui';
import { acceptProposal } from './accept-proposal';
import type { ProposalHandlers } from './copilot-conversation';
import type { CopilotStore, CopilotTurn } from './copilot-store';
import type { CopilotMessage } from './copilot-types';
import type { ProposalProgress } from './proposal-card';
import { planAcceptance } from './proposal-plan';

/** Ids of the comparisons the copilot puts on the canvas (`showDiff` updates one of the same id in place). */
const DIFF_ID = 'copilot:';

/** What the panel does with proposals, beyond the cards' handlers. */
export interface ProposalActions extends ProposalHandlers {
  /** Draws the proposal growing while a turn streams (unless the user closed it for this turn). */
  showTurn(turn: CopilotTurn, onStop: () => void): void;
  /** Takes the copilot's comparison off the canvas (another one is left alone). */
  hideDiff(): void;
}

/**
 * What the panel does with proposals, through the builder: draw them on the canvas (the growing one while
 * a turn streams, a finished one with Accept/Reject on the diff bar), accept (one undo step, saved, then
 * recorded, with an Undo toast) and reject. `onAskAgain` sends the request that led to a proposal again.
 * The handlers keep their identity across renders (they read the latest builder through a ref), so the
 * panel's effects run when a turn changes, not whenever the canvas does.
 */
export function useProposalActions(
  store: CopilotStore,
  onAskAgain: (message: CopilotMessage) => void,
): ProposalActions {
  const t = useTranslations('copilot.actions');
  const builder = useBuilder();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const accept = useMutation(trpc.copilot.accept.mutationOptions());
  const reject = useMutation(trpc.copilot.reject.mutationOptions());
  const [progress, setProgress] = useState<ReadonlyMap<string, ProposalProgress>>(new Map());
  const latest = useRef({ builder, trpc, queryClient, notify, accept, reject, onAskAgain, t });
  latest.current = { builder, trpc, queryClient, notify, accept, reject, onAskAgain, t };
  /** The turn whose growing diff the user closed: it is not drawn again on its next edit. */
  const closedTurn = useRef<Graph | null>(null);

  const handlers = useMemo(() => {
    const update = (messageId: string, next: ProposalProgress) =>
      setProgress((current) => new Map(current).set(messageId, next));

    const hideDiff = () => {
      const { shownDiff, clearDiff } = latest.current.builder;
      if (shownDiff?.id?.startsWith(DIFF_ID)) clearDiff();
    };

    const doAccept = async (message: CopilotMessage) => {
      const { builder, trpc, queryClient, notify, accept, t } = latest.current;
      update(message.id, { busy: 'accept' });
      const outcome = await acceptProposal(message, {
        getGraph: builder.getGraph,
        replaceGraph: builder.replaceGraph,
        flushSave: builder.flushSave,
        getRevision: builder.getRevision,
        record: (messageId, revision) => accept.mutateAsync({ messageId, revision }),
      });
      if (outcome.kind !== 'accepted') {
        update(message.id, outcome.kind === 'stale' ? { stale: outcome.reason } : { error: outcome.failure });
        return;
      }
      update(message.id, {});
      store.replaceMessage(outcome.message);
      hideDiff();
      void queryClient.invalidateQueries({
        queryKey: trpc.copilot.history.queryKey({ agentId: builder.agentId }),
      });
      notify(
        outcome.changed
          ? t('applied', { revision: outcome.revision })
          : t('recorded', { revision: outcome.revision }),
        'success',
        outcome.changed ? { label: t('undo'), onClick: builder.undo } : undefined,
      );
    };

    const doReject = async (message: CopilotMessage) => {
      update(message.id, { busy: 'reject' });
      try {
        store.replaceMessage(await latest.current.reject.mutateAsync({ messageId: message.id }));
        update(message.id, {});
        hideDiff();
      } catch (error) {
        update(message.id, { error: { step: 'reject', reason: errorMessage(error) } });
      }
    };

    const show = (message: CopilotMessage) => {
      const { builder, t } = latest.current;
      const proposal = message.proposal;
      if (!proposal) return;
      const current = builder.getGraph();
      const plan = planAcceptance(current, proposal);
      const acceptable = plan.kind !== 'stale' && (message.status !== 'accepted' || plan.kind !== 'already');
      builder.showDiff({
        id: `${DIFF_ID}${message.id}`,
        before: current,
        // What Accept would make of the canvas now; a stale proposal shows the graph it was made as.
        after: plan.kind === 'apply' ? plan.graph : proposal.graph,
        title: t('diffTitle', {
          count: proposal.changes.length,
          stale: plan.kind === 'stale' ? 'yes' : 'no',
        }),
        actions:
          builder.canEdit && acceptable ? (
            <>
              <Button className="px-2 py-1 text-xs" onClick={() => void doAccept(message)}>
                {message.status === 'accepted' ? t('acceptAgain') : t('accept')}
              </Button>
              {message.status === 'proposed' ? (
                <Button
                  variant="secondary"
                  className="px-2 py-1 text-xs"
                  onClick={() => void doReject(message)}
                >
                  {t('reject')}
                </Button>
              ) : null}
            </>
          ) : undefined,
      });
    };

    const showTurn = (turn: CopilotTurn, onStop: () => void) => {
      if (closedTurn.current === turn.base) return;
      const applied = turn.edits.filter((item) => item.applied).length;
      const { builder, t } = latest.current;
      builder.showDiff({
        id: `${DIFF_ID}turn`,
        before: turn.base,
        after: turn.graph,
        title: t('turnTitle', { count: applied }),
        actions: (
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onStop}>
            {t('stop')}
          </Button>
        ),
        onClose: () => {
          closedTurn.current = turn.base;
        },
      });
    };

    return {
      show,
      showTurn,
      hideDiff,
      accept: (message: CopilotMessage) => void doAccept(message),
      reject: (message: CopilotMessage) => void doReject(message),
      askAgain: (message: CopilotMessage) => latest.current.onAskAgain(message),
    };
  }, [store]);

  return useMemo(
    () => ({ ...handlers, progress: (messageId: string) => progress.get(messageId) ?? {} }),
    [handlers, progress],
  );
}
