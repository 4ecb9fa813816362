import type { Document } from '../format/values';
import type { KnowledgeHit } from './knowledge-types';

/** A retrieved chunk as a numbered source an answer can cite as [n]. */
export interface KnowledgeSource {
  /** 1-based number to cite. */
  index: number;
  documentId: string;
  documentName: string;
  heading: string;
  excerpt: string;
  score: number;
  chunkId: string;
}

/** Shortens text to `limit` characters at a word boundary. */
export function excerptOf(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Numbers hits as sources ([1] is the best); excerpts are kept to `excerptChars`. */
export function toSources(hits: readonly KnowledgeHit[], excerptChars = 600): KnowledgeSource[] {
  return hits.map((hit, position) => ({
    index: position + 1,
    documentId: hit.documentId,
    documentName: hit.documentName,
    heading: hit.heading,
    excerpt: excerptOf(hit.content, excerptChars),
    score: Math.round(hit.score * 10_000) / 10_000,
    chunkId: hit.chunkId,
  }));
}

/** One line per source: "[1] guide.md — Refunds: excerpt". */
export function formatSources(sources: readonly KnowledgeSource[]): string {
  return sources
    .map(
      (source) =>
        `[${source.index}] ${source.documentName}${source.heading ? ` — ${source.heading}` : ''}: ${source.excerpt}`,
    )
    .join('\n');
}

/** Sources as `documents` port values (content plus where it came from). */
export function toDocuments(sources: readonly KnowledgeSource[]): Document[] {
  return sources.map((source) => ({
    id: source.chunkId,
    content: source.excerpt,
    metadata: {
      index: source.index,
      documentId: source.documentId,
      documentName: source.documentName,
      heading: source.heading,
      score: source.score,
    },
  }));
}
