import { NextIntlClientProvider } from 'next-intl';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import en from '../../../messages/en.json';
import zh from '../../../messages/zh-CN.json';
import type { ExpectationDraft } from './expectation-draft';
import { ExpectationsEditor } from './expectations-editor';

// The judge picker loads the workspace's credentials through tRPC; no judge expectation is rendered here.
vi.mock('./judge-model-fields', () => ({ JudgeModelFields: () => null }));

const DRAFTS: ExpectationDraft[] = [
  { key: 1, kind: 'contains', texts: [''], caseSensitive: false },
  { key: 2, kind: 'jsonSchema', schema: '{"type": ' },
  { key: 3, kind: 'regex', pattern: 'a(', flags: '' },
];

function render(readOnly: boolean, errors: Record<string, string> = {}, locale: 'en' | 'zh-CN' = 'en') {
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={locale === 'en' ? en : zh}>
      <ExpectationsEditor value={DRAFTS} errors={errors} readOnly={readOnly} onChange={() => {}} />
    </NextIntlClientProvider>,
  );
}

describe('ExpectationsEditor', () => {
  it('shows the last save’s errors at their expectation, and checks JSON and patterns as typed', () => {
    const html = render(false, {
      'expect.0.texts': 'Enter at least one text.',
      'expect.2.flags': 'Bad flags.',
    });
    const first = html.indexOf('Expectation 1: Contains');
    const second = html.indexOf('Expectation 2: Is JSON matching a schema');
    const missing = html.indexOf('Enter at least one text.');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(missing).toBeGreaterThan(first);
    expect(missing).toBeLessThan(second);
    expect(html).toMatch(/Not valid JSON/);
    expect(html).toMatch(/Invalid regular expression/);
    expect(html).toContain('Bad flags.');
    expect(html).toContain('Add expectation');
    expect(html).toContain('aria-label="Remove expectation 1 (Contains)"');
  });

  it('offers no add or remove when read-only', () => {
    const html = render(true);
    expect(html).not.toContain('Add expectation');
    expect(html).not.toContain('Remove expectation');
  });

  it('speaks Chinese', () => {
    const html = render(false, {}, 'zh-CN');
    expect(html).toContain('期望1：包含');
    expect(html).toContain('aria-label="移除期望1（包含）"');
    expect(html).toMatch(/不是有效的 JSON/);
    expect(html).toContain('添加期望');
  });
});
