import type { AgentryUIMessage, KnowledgeSource } from '@agentry/engine';
import { useTranslations } from 'next-intl';

/** The numbered sources the knowledge tools of an answer returned, in citation order, without repeats. */
export function sourcesOf(message: Pick<AgentryUIMessage, 'parts'>): KnowledgeSource[] {
  const seen = new Set<string>();
  const sources: KnowledgeSource[] = [];
  for (const part of message.parts) {
    if (part.type !== 'data-tool' || part.data.status !== 'done') continue;
    const output = part.data.output as { sources?: unknown } | undefined;
    if (!Array.isArray(output?.sources)) continue;
    for (const source of output.sources as KnowledgeSource[]) {
      const key = `${source.index}:${source.chunkId}`;
      if (typeof source.index !== 'number' || seen.has(key)) continue;
      seen.add(key);
      sources.push(source);
    }
  }
  return sources;
}

/**
 * The numbered references under an answer ("[1] guide.pdf — Refunds"), read from the knowledge tool's
 * results, so they show even when a model forgets to list them. For the preview chat and similar UIs.
 */
export function KnowledgeSources({ message }: { message: Pick<AgentryUIMessage, 'parts'> }) {
  const t = useTranslations('knowledge');
  const sources = sourcesOf(message);
  if (sources.length === 0) return null;
  return (
    <ol
      aria-label={t('sources')}
      className="mt-2 space-y-1 border-t border-slate-200 pt-2 text-xs text-slate-600"
    >
      {sources.map((source) => (
        <li key={`${source.index}:${source.chunkId}`} title={source.excerpt}>
          <span className="font-semibold text-slate-800">{`[${source.index}]`}</span> {source.documentName}
          {source.heading ? ` — ${source.heading}` : ''}
        </li>
      ))}
    </ol>
  );
}
