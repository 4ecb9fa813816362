'use client';

import type { Graph } from '@agentry/engine/graph';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { useBuilder } from '../builder/builder-context';
import { Button } from '../ui';
import { BUILD_SUGGESTIONS, CHANGE_SUGGESTIONS, CopilotComposer, SuggestionChips } from './copilot-composer';
import { CopilotConversation } from './copilot-conversation';
import { copilotDock, usePendingAsk } from './copilot-dock';
import type { CopilotMessage } from './copilot-types';
import { useCopilotWords } from './copilot-words';
import { useCopilot } from './use-copilot';
import { useProposalActions } from './use-proposal-actions';

/** A canvas with nothing but the chat's ends (a new agent): the copilot offers whole agents to build. */
function isBlank(graph: Graph): boolean {
  return graph.nodes.every((node) => node.type === 'chat-input' || node.type === 'chat-output');
}

/**
 * The Copilot beside the canvas: the agent's conversation with the copilot, which answers with proposed
 * changes drawn on the canvas as a diff; nothing changes the graph until Accept. Says which copilot
 * answers (offline, or a provider's model) with a link to Settings. Viewers read the conversation only.
 */
export function CopilotPanel({ agentId }: { agentId: string }) {
  const t = useTranslations('copilot');
  const words = useCopilotWords();
  const builder = useBuilder();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.copilot.settings.queryOptions());
  const clear = useMutation(trpc.copilot.clear.mutationOptions());
  const { store, state } = useCopilot(agentId);
  const { messages, status, turn, error, notice, unsent } = state;
  const [draft, setDraft] = useState('');
  const busy = status === 'streaming';
  const scroller = useRef<HTMLDivElement>(null);

  const send = useCallback(
    (text: string) => {
      setDraft('');
      void store.send(text, builder.getGraph(), builder.getRevision());
    },
    [builder, store],
  );
  const askAgain = useCallback(
    (message: CopilotMessage) => {
      const index = messages.findIndex((item) => item.id === message.id);
      const request = messages.slice(0, index).findLast((item) => item.role === 'user');
      if (request) send(request.content);
    },
    [messages, send],
  );
  const actions = useProposalActions(store, askAgain);
  const { showTurn, show, hideDiff } = actions;

  // The canvas draws the proposal growing while the turn streams…
  useEffect(() => {
    if (turn?.edits.some((item) => item.applied)) showTurn(turn, () => store.stop());
  }, [showTurn, store, turn]);
  // …and when the turn ends, its proposal (with Accept/Reject on the bar), or nothing.
  const wasBusy = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a turn ends, not on every change
  useEffect(() => {
    if (wasBusy.current && !busy) {
      const answer = messages.find((message) => message.id === state.lastAnswerId);
      if (answer?.status === 'proposed') show(answer);
      else hideDiff();
    }
    wasBusy.current = busy;
  }, [busy]);
  // Closing the panel takes its diff off the canvas.
  useEffect(() => hideDiff, [hideDiff]);

  // A request the server did not take goes back into the box (unless something new was typed).
  useEffect(() => {
    if (unsent) setDraft((current) => current || unsent);
  }, [unsent]);

  // "Fix with Copilot" (Problems panel) hands over its request once the conversation is shown.
  const pendingAsk = usePendingAsk(agentId);
  useEffect(() => {
    if (pendingAsk === undefined || !state.loaded || busy || !builder.canEdit) return;
    const text = copilotDock.takeAsk(agentId);
    if (text) send(text);
  }, [agentId, builder.canEdit, busy, pendingAsk, send, state.loaded]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the conversation grows
  useEffect(() => {
    scroller.current?.scrollTo({ top: scroller.current.scrollHeight });
  }, [messages, turn]);

  async function clearConversation() {
    if (!window.confirm(t('panel.confirmClear'))) return;
    try {
      await clear.mutateAsync({ agentId });
      store.reset();
      hideDiff();
      void queryClient.invalidateQueries({ queryKey: trpc.copilot.history.queryKey({ agentId }) });
    } catch {
      // Shown below.
    }
  }

  const offline = state.by ? state.by.kind === 'offline' : settings.data ? !settings.data.settings : false;
  // The offline copilot is named in the page's language; a model by the server's label for it.
  const label = state.by
    ? words.by(state.by)
    : settings.data
      ? words.by({ kind: offline ? 'offline' : 'model', label: settings.data.label })
      : undefined;
  const blank = isBlank(builder.draft.graph);
  return (
    <section aria-label={t('panel.region')} className="flex h-full flex-col">
      <header className="flex items-start justify-between gap-2 border-b border-slate-200 px-3 py-2">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold">{t('panel.heading')}</h2>
          <p className="truncate text-xs text-slate-500" data-testid="copilot-label">
            <span className={offline ? 'font-medium text-amber-700' : ''}>{label ?? '…'}</span> ·{' '}
            <Link href="/settings#copilot" className="underline">
              {t('panel.settings')}
            </Link>
          </p>
        </div>
        {builder.canEdit && messages.length > 0 ? (
          <Button
            variant="ghost"
            className="shrink-0 px-2 py-1 text-xs"
            disabled={busy || clear.isPending}
            onClick={() => void clearConversation()}
          >
            {t('panel.clear')}
          </Button>
        ) : null}
      </header>
      <div ref={scroller} className="flex-1 space-y-3 overflow-y-auto px-3 py-3" aria-live="polite">
        {status === 'loading' ? <p className="text-sm text-slate-500">{t('panel.loading')}</p> : null}
        {state.loaded && messages.length === 0 && !turn ? (
          <div className="space-y-3 pt-4 text-sm text-slate-600">
            <p>{blank ? t('panel.introBlank') : t('panel.introChange')}</p>
            {builder.canEdit ? (
              <SuggestionChips
                suggestions={blank ? BUILD_SUGGESTIONS : CHANGE_SUGGESTIONS}
                english={offline}
                disabled={busy}
                onPick={send}
              />
            ) : null}
          </div>
        ) : null}
        <CopilotConversation
          messages={messages}
          turn={turn}
          canvas={builder.draft.graph}
          canEdit={builder.canEdit}
          handlers={actions}
        />
        {notice ? (
          <p role="status" className="text-xs text-slate-500">
            {t('panel.stopped')}
          </p>
        ) : null}
        {error || clear.error ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800">
            <p>{error ? words.problem(error) : errorMessage(clear.error)}</p>
            {unsent && builder.canEdit ? (
              <Button
                variant="secondary"
                className="mt-2 px-2 py-1 text-xs"
                disabled={busy}
                onClick={() => send(unsent)}
              >
                {t('panel.tryAgain')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {builder.canEdit ? (
        <CopilotComposer
          busy={busy}
          value={draft}
          onChange={setDraft}
          onSend={send}
          onStop={() => store.stop()}
        />
      ) : (
        <p className="border-t border-slate-200 p-3 text-xs text-slate-500">{t('panel.readOnly')}</p>
      )}
    </section>
  );
}
