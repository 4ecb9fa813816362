'use client';

import type { KnowledgeDocumentSummary } from '@agentry/api';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote } from '../ui';
import { ChunkPreview } from './chunk-preview';
import { ProgressBar } from './progress-bar';
import { StatusBadge } from './status-badge';

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
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
        aria-label="Documents"
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
                    {size(document.sizeBytes)}
                    {document.status === 'ready' ? ` · ${document.chunkCount} chunks` : ''}
                  </p>
                </div>
                <StatusBadge status={document.status} />
                <div className="flex gap-1">
                  {document.status === 'ready' ? (
                    <Button
                      variant="ghost"
                      onClick={() => setOpen(open === document.id ? null : document.id)}
                    >
                      {open === document.id ? 'Hide chunks' : 'Chunks'}
                    </Button>
                  ) : null}
                  {canEdit ? (
                    <>
                      <Button
                        variant="ghost"
                        disabled={busy || reprocess.isPending}
                        onClick={() => reprocess.mutate({ documentId: document.id })}
                      >
                        Re-process
                      </Button>
                      <Button
                        variant="ghost"
                        aria-label={`Remove ${document.name}`}
                        disabled={remove.isPending}
                        onClick={() => {
                          if (window.confirm(`Remove "${document.name}" and its chunks?`))
                            remove.mutate({ documentId: document.id });
                        }}
                      >
                        Remove
                      </Button>
                    </>
                  ) : null}
                </div>
              </div>
              {busy ? (
                <div className="mt-2">
                  <ProgressBar value={document.progress} label={`Processing ${document.name}`} />
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
