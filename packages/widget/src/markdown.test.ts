// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from './markdown';

const corpus: string[] = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '__fixtures__', 'xss-corpus.json'), 'utf8'),
);

const ALLOWED_TAGS = new Set([
  'P',
  'BR',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'CODE',
  'HR',
  'A',
  'STRONG',
  'EM',
  'DEL',
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'target', 'rel', 'start']);

function render(text: string): HTMLElement {
  const container = document.createElement('div');
  container.append(renderMarkdown(text));
  document.body.append(container);
  return container;
}

/** Every element and attribute the renderer produced, checked against what it may produce. */
function assertSafe(container: HTMLElement): void {
  for (const element of container.querySelectorAll('*')) {
    expect(ALLOWED_TAGS.has(element.tagName), `unexpected <${element.tagName}>`).toBe(true);
    for (const attribute of element.attributes) {
      expect(ALLOWED_ATTRIBUTES.has(attribute.name), `unexpected ${attribute.name}=`).toBe(true);
    }
    if (element.tagName === 'A') {
      const href = element.getAttribute('href')!;
      expect(new URL(href).protocol).toMatch(/^(https?|mailto):$/);
      expect(element.getAttribute('rel')).toBe('noopener noreferrer');
      expect(element.getAttribute('target')).toBe('_blank');
    }
  }
}

describe('renderMarkdown', () => {
  it('renders the markdown chat answers use', () => {
    const container = render(
      [
        '# Title',
        'Some **bold**, *italic*, ~~gone~~ and `code`.',
        'A [link](https://example.com/a?b=1) and https://example.org/path.',
        '',
        '- one',
        '- two',
        '',
        '3. three',
        '4. four',
        '',
        '> quoted',
        '',
        '```js',
        'const x = 1 < 2;',
        '```',
        '---',
      ].join('\n'),
    );
    expect(container.innerHTML).toMatchInlineSnapshot(
      `"<h3>Title</h3><p>Some <strong>bold</strong>, <em>italic</em>, <del>gone</del> and <code>code</code>.<br>A <a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer">link</a> and <a href="https://example.org/path" target="_blank" rel="noopener noreferrer">https://example.org/path</a>.</p><ul><li>one</li><li>two</li></ul><ol start="3"><li>three</li><li>four</li></ol><blockquote>quoted</blockquote><pre><code>const x = 1 &lt; 2;</code></pre><hr>"`,
    );
    assertSafe(container);
  });

  it.each(corpus)('executes nothing and links nothing unsafe for hostile input %#', (text) => {
    (window as unknown as { __pwned?: number }).__pwned = undefined;
    const container = render(text);
    assertSafe(container);
    // What looked like HTML is shown as text.
    if (text.includes('<script>')) expect(container.textContent).toContain('<script>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('keeps hostile input bounded in time', () => {
    const started = performance.now();
    render(`${'[a]('.repeat(2000)}${'**x'.repeat(2000)}${'`'.repeat(5000)}`);
    render('*'.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('accepts only absolute http(s) and mailto links', () => {
    expect(safeHref('https://example.com')).toBe('https://example.com/');
    expect(safeHref('mailto:a@example.com')).toBe('mailto:a@example.com');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'java\nscript:x',
      'data:text/html,x',
      '/relative',
      '//evil.example',
      'vbscript:x',
    ]) {
      expect(safeHref(bad), bad).toBeUndefined();
    }
  });
});
