'use client';

import type { Graph } from '@agentry/engine/graph';
import { useTranslations } from 'next-intl';
import { Markdown } from '../preview/markdown';
import type { CopilotTurn } from './copilot-store';
import type { CopilotMessage } from './copilot-types';
import { ProposalCard, type ProposalProgress } from './proposal-card';
import { useCopilotWords } from './copilot-words';

/** What a proposal card can do, by message. */
export interface ProposalHandlers {
  progress(messageId: string): ProposalProgress;
  show(message: CopilotMessage): void;
  accept(message: CopilotMessage): void;
  reject(message: CopilotMessage): void;
  askAgain(message: CopilotMessage): void;
}

/** The turn being streamed: its text so far, each edit applied, and each refused with its problem. */
function StreamingTurn({ turn }: { turn: CopilotTurn }) {
  const t = useTranslations('copilot.turn');
  const words = useCopilotWords();
  return (
    <div className="space-y-2" data-role="assistant" data-testid="copilot-streaming">
      {turn.text ? <Markdown text={turn.text} /> : <p className="text-sm text-slate-500">{t('thinking')}</p>}
      {turn.edits.length > 0 ? (
        <ol className="space-y-0.5 text-xs" aria-label={t('edits')}>
          {turn.edits.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: edits only append
            <li key={index} className={item.applied ? 'text-slate-700' : 'text-amber-800'}>
              {item.applied ? (
                <>
                  <span aria-hidden="true">✓ </span>
                  {words.edit(item.edit)}
                  {item.notDrawn ? (
                    <span className="text-amber-800"> {t('notDrawn', { problem: item.notDrawn })}</span>
                  ) : null}
                </>
              ) : (
                t('refused', { problem: item.problem ?? '' })
              )}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** The conversation: the user's requests, the copilot's answers (markdown) with their proposals. */
export function CopilotConversation({
  messages,
  turn,
  canvas,
  canEdit,
  handlers,
}: {
  messages: readonly CopilotMessage[];
  turn: CopilotTurn | null;
  canvas: Graph;
  canEdit: boolean;
  handlers: ProposalHandlers;
}) {
  return (
    <>
      {messages.map((message) => (
        <div
          key={message.id}
          className={message.role === 'user' ? 'flex justify-end' : 'space-y-2'}
          data-role={message.role}
        >
          {message.role === 'user' ? (
            <p className="max-w-[85%] whitespace-pre-wrap rounded-lg bg-brand-600 px-3 py-2 text-sm text-white">
              {message.content}
            </p>
          ) : (
            <>
              <Markdown text={message.content} />
              {message.proposal ? (
                <ProposalCard
                  message={{ ...message, proposal: message.proposal }}
                  canvas={canvas}
                  canEdit={canEdit}
                  progress={handlers.progress(message.id)}
                  onShow={() => handlers.show(message)}
                  onAccept={() => handlers.accept(message)}
                  onReject={() => handlers.reject(message)}
                  onAskAgain={() => handlers.askAgain(message)}
                />
              ) : null}
            </>
          )}
        </div>
      ))}
      {turn ? <StreamingTurn turn={turn} /> : null}
    </>
  );
}
