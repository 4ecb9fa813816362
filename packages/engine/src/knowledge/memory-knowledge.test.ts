import { describe, expect, it } from 'vitest';
import { LexicalIndex, searchTerms } from './lexical-index';
import { createMemoryKnowledge } from './memory-knowledge';

const handbook = `# Handbook

## Refunds

Customers may ask for a refund within 30 days of purchase. Annual plans are refunded pro rata.

## Shipping

Parcels leave the warehouse in Lyon every weekday and arrive within three working days.

## Security

Passwords are hashed with scrypt and never stored in clear.`;

describe('searchTerms and LexicalIndex', () => {
  it('drops stop words and folds plurals', () => {
    expect(searchTerms('What are the refunds for parcels?')).toEqual(['refund', 'parcel']);
  });

  it('ranks by BM25 and forgets removed items', () => {
    const index = new LexicalIndex<string>();
    index.add('a', 'refund refund policy', 'a');
    index.add('b', 'shipping policy for parcels', 'b');
    index.add('c', 'a refund is rare', 'c');
    expect(index.search('refund', 5).map((hit) => hit.item)).toEqual(['a', 'c']);
    index.remove('a');
    expect(index.search('refund policy', 5).map((hit) => hit.item)).toEqual(['c', 'b']);
  });
});

describe('createMemoryKnowledge', () => {
  it('ingests text and markdown files, and finds the right section for a question', async () => {
    const store = createMemoryKnowledge();
    const results = await store.ingest({
      knowledgeBaseId: 'kb',
      documents: [
        { name: 'handbook.md', content: handbook },
        { name: 'notes.txt', content: new TextEncoder().encode('The office cat is called Pixel.') },
      ],
    });
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ['handbook.md', 'ready'],
      ['notes.txt', 'ready'],
    ]);
    const [best] = await store.search({
      knowledgeBaseId: 'kb',
      query: 'How long do parcels take to arrive?',
      topK: 3,
    });
    expect(best).toMatchObject({ documentName: 'handbook.md', heading: 'Handbook › Shipping' });
    const [cat] = await store.search({ knowledgeBaseId: 'kb', query: "What is the cat's name?", topK: 1 });
    expect(cat?.content).toContain('Pixel');
    expect(await store.search({ knowledgeBaseId: 'other', query: 'cat', topK: 1 })).toEqual([]);
  });

  it('fails a bad document alone with its reason and goes on with the batch', async () => {
    const store = createMemoryKnowledge();
    const results = await store.ingest({
      knowledgeBaseId: 'kb',
      documents: [
        { name: 'empty.txt', content: '' },
        { name: 'report.pdf', content: new Uint8Array([37, 80, 68, 70]) },
        { name: 'latin1.txt', content: new Uint8Array([0xff, 0xfe, 0x41]) },
        { name: 'good.md', content: 'Fine text.' },
      ],
    });
    expect(results.map((result) => [result.status, result.error])).toEqual([
      ['failed', 'The file is empty.'],
      ['failed', expect.stringContaining('".pdf" files need a document extractor')],
      ['failed', 'The file is not UTF-8 text.'],
      ['ready', undefined],
    ]);
  });
});
