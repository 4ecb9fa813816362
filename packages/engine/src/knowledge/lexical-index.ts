/** Words too common to help a search (a short English list, like PostgreSQL's `english` configuration). */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what ' +
    'when where which who why will with would you your about should tell'
  ).split(' '),
);

/** Lower-cases, drops stop words and strips common English endings so "refunds" finds "refund". */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    if (STOP_WORDS.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

interface Entry<T> {
  item: T;
  length: number;
  frequencies: Map<string, number>;
}

/**
 * A small in-memory BM25 index (k1 = 1.2, b = 0.75): what the Agent API searches when no database is
 * involved. Adding and removing are O(terms of the item); a search scores only items sharing a term.
 */
export class LexicalIndex<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly postings = new Map<string, Set<string>>();
  private totalLength = 0;

  /** Indexes `text` under `id`, replacing what was there. */
  add(id: string, text: string, item: T): void {
    this.remove(id);
    const terms = searchTerms(text);
    const frequencies = new Map<string, number>();
    for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    this.entries.set(id, { item, length: terms.length, frequencies });
    this.totalLength += terms.length;
    for (const term of frequencies.keys()) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = new Set();
        this.postings.set(term, posting);
      }
      posting.add(id);
    }
  }

  /** Forgets `id`. */
  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.totalLength -= entry.length;
    for (const term of entry.frequencies.keys()) {
      const posting = this.postings.get(term);
      posting?.delete(id);
      if (posting?.size === 0) this.postings.delete(term);
    }
  }

  /** The best `limit` items for the query with their BM25 scores, best first. */
  search(query: string, limit: number): { item: T; score: number }[] {
    const count = this.entries.size;
    if (count === 0 || limit <= 0) return [];
    const averageLength = this.totalLength / count || 1;
    const scores = new Map<string, number>();
    for (const term of new Set(searchTerms(query))) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = Math.log(1 + (count - posting.size + 0.5) / (posting.size + 0.5));
      for (const id of posting) {
        const entry = this.entries.get(id)!;
        const frequency = entry.frequencies.get(term) ?? 0;
        const weight = (frequency * 2.2) / (frequency + 1.2 * (0.25 + (0.75 * entry.length) / averageLength));
        scores.set(id, (scores.get(id) ?? 0) + idf * weight);
      }
    }
    return [...scores]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([id, score]) => ({ item: this.entries.get(id)!.item, score }));
  }
}
