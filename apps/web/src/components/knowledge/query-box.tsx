'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Input } from '../ui';

/** "Try a query": shows the chunks an agent would get, ranked, with their scores and where they ranked. */
export function QueryBox({ knowledgeBaseId }: { knowledgeBaseId: string }) {
  const t = useTranslations('knowledge.query');
  const format = useFormat();
  const trpc = useTRPC();
  const [query, setQuery] = useState('');
  const search = useMutation(trpc.knowledge.search.mutationOptions());

  function submit(event: FormEvent) {
    event.preventDefault();
    if (query.trim()) search.mutate({ id: knowledgeBaseId, query, topK: 5 });
  }

  const result = search.data;
  return (
    <Card className="p-4">
      <h2 className="text-base font-semibold">{t('title')}</h2>
      <form onSubmit={submit} className="mt-2 flex gap-2" aria-label={t('title')}>
        <Input
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder={t('placeholder')}
          aria-label={t('label')}
        />
        <Button type="submit" disabled={search.isPending || !query.trim()}>
          {t('search')}
        </Button>
      </form>
      <div className="mt-3 space-y-2">
        <ErrorNote message={search.error ? errorMessage(search.error) : null} />
        {result ? (
          <>
            <p className="text-xs text-slate-500">
              {t('summary', {
                mode: result.mode,
                count: result.hits.length,
                duration: format.duration(result.durationMs),
              })}
              {result.note ? ` · ${result.note}` : ''}
            </p>
            {result.hits.length === 0 ? <p className="text-sm text-slate-600">{t('nothing')}</p> : null}
            <ol className="space-y-2" aria-label={t('results')}>
              {result.hits.map((hit, index) => (
                <li key={hit.chunkId} className="rounded-md border border-slate-200 p-3">
                  <p className="text-xs text-slate-500">
                    <span className="font-semibold text-slate-800">{`[${index + 1}]`}</span>{' '}
                    {hit.documentName}
                    {hit.heading ? ` — ${hit.heading}` : ''}
                    {' · '}
                    {t('score', { score: hit.score.toFixed(4) })}
                    {hit.fullTextRank ? ` · ${t('fullTextRank', { rank: hit.fullTextRank })}` : ''}
                    {hit.vectorRank
                      ? ` · ${t('vectorRank', { rank: hit.vectorRank, score: hit.vectorScore?.toFixed(3) ?? '' })}`
                      : ''}
                  </p>
                  <p className="mt-1 line-clamp-4 whitespace-pre-wrap text-sm">{hit.content}</p>
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </div>
    </Card>
  );
}
