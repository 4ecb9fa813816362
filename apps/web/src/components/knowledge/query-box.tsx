'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Input } from '../ui';

/** "Try a query": shows the chunks an agent would get, ranked, with their scores and where they ranked. */
export function QueryBox({ knowledgeBaseId }: { knowledgeBaseId: string }) {
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
      <h2 className="text-base font-semibold">Try a query</h2>
      <form onSubmit={submit} className="mt-2 flex gap-2" aria-label="Try a query">
        <Input
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Ask what a user would ask"
          aria-label="Query"
        />
        <Button type="submit" disabled={search.isPending || !query.trim()}>
          Search
        </Button>
      </form>
      <div className="mt-3 space-y-2">
        <ErrorNote message={search.error ? errorMessage(search.error) : null} />
        {result ? (
          <>
            <p className="text-xs text-slate-500">
              {result.mode === 'hybrid'
                ? 'Hybrid search (vectors + full-text, fused by rank)'
                : 'Full-text search'}{' '}
              · {result.hits.length} result{result.hits.length === 1 ? '' : 's'} in{' '}
              {result.durationMs.toFixed(0)} ms
              {result.note ? ` · ${result.note}` : ''}
            </p>
            {result.hits.length === 0 ? <p className="text-sm text-slate-600">Nothing matched.</p> : null}
            <ol className="space-y-2" aria-label="Results">
              {result.hits.map((hit, index) => (
                <li key={hit.chunkId} className="rounded-md border border-slate-200 p-3">
                  <p className="text-xs text-slate-500">
                    <span className="font-semibold text-slate-800">[{index + 1}]</span> {hit.documentName}
                    {hit.heading ? ` — ${hit.heading}` : ''} · score {hit.score.toFixed(4)}
                    {hit.fullTextRank ? ` · full-text #${hit.fullTextRank}` : ''}
                    {hit.vectorRank ? ` · vector #${hit.vectorRank} (${hit.vectorScore?.toFixed(3)})` : ''}
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
