import { NextIntlClientProvider } from 'next-intl';
import type { ReactNode } from 'react';
import { renderToStaticMarkup as renderBare } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import en from '../../../messages/en.json';
import zh from '../../../messages/zh-CN.json';
import { DiffMark } from './diff-mark';
import { formatSetting, formatValue } from './format-setting';

function renderToStaticMarkup(element: ReactNode, locale: 'en' | 'zh-CN' = 'en'): string {
  return renderBare(
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={locale === 'en' ? en : zh}>
      {element}
    </NextIntlClientProvider>,
  );
}

describe('DiffMark', () => {
  it('says the status in words beside its mark, not by colour alone', () => {
    expect(renderToStaticMarkup(<DiffMark status="added" settings={[]} />)).toMatch(/>\+<\/span> Added</);
    expect(renderToStaticMarkup(<DiffMark status="removed" settings={[]} />)).toMatch(/>−<\/span> Removed</);
    const added = renderToStaticMarkup(<DiffMark status="added" settings={[]} />);
    expect(added).not.toContain('role="tooltip"');
  });

  it('lists a changed node’s settings, before and after, in a card shown on hover and focus', () => {
    const html = renderToStaticMarkup(
      <DiffMark
        status="changed"
        settings={[
          { key: 'system', before: 'Be brief.', after: 'Talk like a pirate.' },
          { key: 'temperature', before: undefined, after: 0.2 },
        ]}
      />,
    );
    expect(html).toContain('~</span> Changed');
    expect(html).toContain('role="tooltip"');
    expect(html).toContain('group-hover/diff:visible');
    expect(html).toContain('group-focus-visible/diff:visible');
    expect(html).toContain('system: “Be brief.” → “Talk like a pirate.”');
    expect(html).toContain('temperature: not set → 0.2');
  });

  it('says it in the page’s language', () => {
    const html = renderToStaticMarkup(
      <DiffMark status="changed" settings={[{ key: 'temperature', before: undefined, after: 0.2 }]} />,
      'zh-CN',
    );
    expect(html).toContain('~</span> 修改');
    expect(html).toContain('temperature: 未设置 → 0.2');
  });
});

describe('formatSetting', () => {
  it('keeps long values short', () => {
    const long = 'x'.repeat(200);
    expect(formatValue(long)).toHaveLength(80);
    expect(formatValue(long).endsWith('…')).toBe(true);
    expect(formatSetting({ key: 'system', before: long, after: { a: 1 } })).toBe(
      `system: “${'x'.repeat(58)}… → {"a":1}`,
    );
  });
});
