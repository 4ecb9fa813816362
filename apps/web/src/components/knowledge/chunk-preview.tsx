'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote, Loading } from '../ui';

const PAGE = 10;

/** A document's chunks in order, with their headings and approximate token counts, a page at a time. */
export function ChunkPreview({ documentId }: { documentId: string }) {
  const t = useTranslations('knowledge.chunks');
  const trpc = useTRPC();
  const [offset, setOffset] = useState(0);
  const chunks = useQuery(trpc.knowledge.chunks.queryOptions({ documentId, offset, limit: PAGE }));
  if (chunks.isPending) return <Loading label={t('loading')} />;
  if (chunks.error) return <ErrorNote message={errorMessage(chunks.error)} />;
  const { total } = chunks.data;
  return (
    <div className="space-y-2">
      {chunks.data.chunks.length === 0 ? <p className="text-sm text-slate-500">{t('none')}</p> : null}
      <ol className="space-y-2">
        {chunks.data.chunks.map((chunk) => (
          <li key={chunk.id} className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <p className="text-xs text-slate-500">
              {chunk.heading
                ? t('headerWithHeading', {
                    number: chunk.ordinal + 1,
                    heading: chunk.heading,
                    tokens: chunk.tokenCount,
                  })
                : t('header', { number: chunk.ordinal + 1, tokens: chunk.tokenCount })}
            </p>
            <p className="mt-1 whitespace-pre-wrap text-sm">{chunk.content}</p>
          </li>
        ))}
      </ol>
      {total > PAGE ? (
        <div className="flex items-center gap-2 text-sm">
          <Button
            variant="ghost"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            {t('previous')}
          </Button>
          <span className="text-slate-600">
            {t('page', { from: offset + 1, to: Math.min(offset + PAGE, total), total })}
          </span>
          <Button variant="ghost" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            {t('next')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
