import { NextIntlClientProvider } from 'next-intl';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import en from '../../../messages/en.json';
import zh from '../../../messages/zh-CN.json';
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

function render(canEdit: boolean, selected: string[] = [], locale: 'en' | 'zh-CN' = 'en') {
  const noop = () => {};
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={locale === 'en' ? en : zh}>
      <CaseTable
        cases={CASES}
        selected={selected}
        canEdit={canEdit}
        busyId={null}
        onSelect={noop}
        onSelectAll={noop}
        onOpen={noop}
        onDelete={noop}
      />
    </NextIntlClientProvider>,
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

  it('speaks Chinese, keeping the case’s own words', () => {
    const html = render(true, [], 'zh-CN');
    expect(html).toContain('aria-label="测试用例"');
    expect(html).toContain('Where is my refund?');
    expect(html).toContain('3条消息的对话');
    expect(html).toContain('<li>包含“refund”</li><li>调用 search_docs</li>');
    expect(html).toContain('aria-label="选择 Refund"');
  });
});
