import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { StoredCase } from './case-draft';
import { CaseTable } from './case-table';

const CASES: StoredCase[] = [
  {
    id: 'c1',
    name: 'Refund',
    input: 'Where is my refund?',
    expect: [{ contains: 'refund' }, { toolCalled: 'search_docs' }],
  },
  {
    id: 'c2',
    name: 'Follow-up',
    input: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Refund?' },
    ],
    expect: [],
  },
];

function render(canEdit: boolean, selected: string[] = []) {
  const noop = () => {};
  return renderToStaticMarkup(
    <CaseTable
      cases={CASES}
      selected={selected}
      canEdit={canEdit}
      busyId={null}
      onSelect={noop}
      onSelectAll={noop}
      onOpen={noop}
      onDelete={noop}
    />,
  );
}

describe('CaseTable', () => {
  it('shows each case’s input and expectations in words, with a labelled box to select it', () => {
    const html = render(true, ['c2']);
    expect(html).toContain('Where is my refund?');
    expect(html).toContain('conversation of 3 messages');
    expect(html).toContain('<li>contains “refund”</li><li>calls search_docs</li>');
    expect(html).toContain('none (passes when the run finishes)');
    expect(html).toMatch(/aria-label="Select Follow-up" checked=""/);
    expect(html).not.toMatch(/aria-label="Select Refund" checked=""/);
    expect(html).toContain('aria-label="Delete Refund"');
  });

  it('offers viewers a view and no delete', () => {
    const html = render(false);
    expect(html).toContain('aria-label="View Refund"');
    expect(html).not.toContain('Delete');
  });
});
