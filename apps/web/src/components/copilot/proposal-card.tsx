'use client';

import type { Graph } from '@agentry/engine/graph';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { ChangeList } from '../builder/change-list';
import { Button } from '../ui';
import type { CopilotMessage } from './copilot-types';
import { type ProposalFailure, useCopilotWords } from './copilot-words';
import { isProposalOnCanvas, type StaleReason } from './proposal-plan';

/** The panel's own state of one proposal while it is being accepted or rejected. */
export interface ProposalProgress {
  busy?: 'accept' | 'reject';
  /** The edits no longer apply to the canvas: why. */
  stale?: StaleReason;
  error?: ProposalFailure;
}

/**
 * A proposed change under the copilot's answer: its change list, and Show on canvas / Accept / Reject.
 * An accepted change that is no longer on the canvas (undone) offers Accept again; one whose edits no
 * longer apply offers Ask again. Viewers see the card without its actions.
 */
export function ProposalCard({
  message,
  canvas,
  canEdit,
  progress,
  onShow,
  onAccept,
  onReject,
  onAskAgain,
}: {
  message: CopilotMessage & { proposal: NonNullable<CopilotMessage['proposal']> };
  /** The canvas as last validated (whether the change is on it). */
  canvas: Graph;
  canEdit: boolean;
  progress: ProposalProgress;
  onShow(): void;
  onAccept(): void;
  onReject(): void;
  onAskAgain(): void;
}) {
  const t = useTranslations('copilot.card');
  const words = useCopilotWords();
  const { proposal, status } = message;
  const onCanvas = useMemo(() => isProposalOnCanvas(canvas, proposal), [canvas, proposal]);
  const undone = status === 'accepted' && !onCanvas;
  const count = proposal.changes.length;
  return (
    <section
      aria-label={t('label', { status: status ?? 'proposed', count })}
      data-testid="copilot-proposal"
      data-status={status ?? 'proposed'}
      className={`space-y-2 rounded-md border p-2 ${
        status === 'accepted'
          ? 'border-emerald-200 bg-emerald-50/50'
          : status === 'rejected'
            ? 'border-slate-200 bg-slate-50'
            : 'border-amber-200 bg-amber-50/40'
      }`}
    >
      <p className="flex flex-wrap items-baseline gap-x-2 text-xs">
        <span className="font-semibold text-slate-800">
          {status === 'accepted' && message.acceptedRevision !== null
            ? t('acceptedRevision', { revision: message.acceptedRevision })
            : t('status', { status: status ?? 'proposed' })}
        </span>
        <span className="text-slate-500">{t('changes', { count, by: words.by(proposal.by) })}</span>
      </p>
      {undone ? <p className="text-xs text-slate-600">{t('undone')}</p> : null}
      <ChangeList changes={proposal.changes} />
      {progress.stale ? (
        <p
          role="alert"
          className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900"
        >
          {t('stale', { reason: words.stale(progress.stale) })}
        </p>
      ) : null}
      {progress.error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800">
          {words.failure(progress.error)}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-1">
        {status !== 'accepted' || undone ? (
          <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onShow}>
            {t('show')}
          </Button>
        ) : null}
        {canEdit && progress.stale ? (
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onAskAgain}>
            {t('askAgain')}
          </Button>
        ) : null}
        {canEdit && !progress.stale && (status !== 'accepted' || undone) ? (
          <Button className="px-2 py-1 text-xs" disabled={progress.busy !== undefined} onClick={onAccept}>
            {progress.busy === 'accept' ? t('applying') : undone ? t('acceptAgain') : t('accept')}
          </Button>
        ) : null}
        {canEdit && status === 'proposed' ? (
          <Button
            variant="secondary"
            className="px-2 py-1 text-xs"
            disabled={progress.busy !== undefined}
            onClick={onReject}
          >
            {progress.busy === 'reject' ? t('rejecting') : t('reject')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
