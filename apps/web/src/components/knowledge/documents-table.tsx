'use client';

import type { KnowledgeDocumentSummary } from '@agentry/api';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { type Format, useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote } from '../ui';
import { ChunkPreview } from './chunk-preview';
import { ProgressBar } from './progress-bar';
import { StatusBadge } from './status-badge';

/** "1.5 MB", "12 KB", "300 B": the number in the page's way, the unit symbols as they are everywhere. */
function size(bytes: number, format: Format): string {
  if (bytes >= 1024 * 1024)
    return `${format.number(bytes / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
  if (bytes >= 1024) return `${format.number(Math.round(bytes / 1024))} KB`;
  return `${format.number(bytes)} B`;
}

/** The documents of a knowledge base: state, progress, chunk count, and re-process / remove / preview. */
export function DocumentsTable({
  documents,
  canEdit,
  onChanged,
}: {
  documents: readonly KnowledgeDocumentSummary[];
  canEdit: boolean;
  onChanged: () => void;
}) {
  const t = useTranslations('knowledge.documents');
  const format = useFormat();
  const trpc = useTRPC();
  const [open, setOpen] = useState<string | null>(null);
  const reprocess = useMutation(trpc.knowledge.reprocess.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.knowledge.removeDocument.mutationOptions({ onSuccess: onChanged }));
  const error = reprocess.error ?? remove.error;
  return (
    <div className="space-y-2">
      <ErrorNote message={error ? errorMessage(error) : null} />
      <ul
        className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white"
        aria-label={t('label')}
      >
        {documents.map((document) => {
          const busy = document.status === 'queued' || document.status === 'processing';
          return (
            <li key={document.id} className="p-3" data-document={document.name}>
              <div className="flex flex-wrap items-center gap-3">
                <div className="min-w-48 flex-1">
                  <p className="truncate text-sm font-medium" title={document.name}>
                    {document.name}
                  </p>
                  <p className="text-xs text-slate-500">
                    {document.status === 'ready'
                      ? t('sizeAndChunks', {
                          size: size(document.sizeBytes, format),
                          chunks: document.chunkCount,
                        })
                      : size(document.sizeBytes, format)}
                  </p>
                </div>
                <StatusBadge status={document.status} />
                <div className="flex gap-1">
                  {document.status === 'ready' ? (
                    <Button
                      variant="ghost"
                      onClick={() => setOpen(open === document.id ? null : document.id)}
                    >
                      {open === document.id ? t('hideChunks') : t('chunks')}
                    </Button>
                  ) : null}
                  {canEdit ? (
                    <>
                      <Button
                        variant="ghost"
                        disabled={busy || reprocess.isPending}
                        onClick={() => reprocess.mutate({ documentId: document.id })}
                      >
                        {t('reprocess')}
                      </Button>
                      <Button
                        variant="ghost"
                        aria-label={t('removeNamed', { name: document.name })}
                        disabled={remove.isPending}
                        onClick={() => {
                          if (window.confirm(t('confirmRemove', { name: document.name })))
                            remove.mutate({ documentId: document.id });
                        }}
                      >
                        {t('remove')}
                      </Button>
                    </>
                  ) : null}
                </div>
              </div>
              {busy ? (
                <div className="mt-2">
                  <ProgressBar value={document.progress} label={t('processing', { name: document.name })} />
                </div>
              ) : null}
              {document.status === 'failed' && document.error ? (
                <p className="mt-2 text-sm text-red-700">{document.error}</p>
              ) : null}
              {open === document.id ? (
                <div className="mt-3">
                  <ChunkPreview documentId={document.id} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
