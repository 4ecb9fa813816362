/**
 * A small, safe markdown renderer for chat answers. It builds DOM nodes with `createElement` and text
 * nodes only (never `innerHTML`), so HTML in an answer is shown as text; links keep only http(s) and
 * mailto URLs and open with `rel="noopener noreferrer"`; images are shown as their alt text.
 */

/** Protocols a link may use; everything else (`javascript:`, `data:`, `vbscript:`...) stays text. */
const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:'];
/** Nesting deeper than this is shown as text (bounded work for hostile input). */
const MAX_DEPTH = 6;

/** The URL to link to, or undefined when it is not an absolute http(s)/mailto URL. */
export function safeHref(raw: string): string | undefined {
  const text = raw.trim();
  // Control characters and spaces are where parsers disagree; refuse them outright.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  if (!text || /[\u0000-\u0020\u007f-\u009f]/.test(text)) return undefined;
  try {
    const url = new URL(text);
    return SAFE_PROTOCOLS.includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// Inline syntax, one alternative per construct. Groups: 1-2 code, 3-5 link or image (! label url),
// 6-7 strong, 8 emphasis, 9 strikethrough, 10 bare URL. (No lookbehind: older Safari cannot parse it.)
const INLINE =
  /(`+)([^`][\s\S]*?)\1(?!`)|(!?)\[([^\]\n]{0,500})\]\(\s*<?([^\s<>()]*(?:\([^\s<>()]*\)[^\s<>()]*)*)>?(?:\s+"[^"\n]*")?\s*\)|(\*\*|__)(?=\S)([\s\S]*?\S)\6|\*(?=[^\s*])([\s\S]*?[^\s*])\*|~~(?=\S)([\s\S]*?\S)~~|(https?:\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}])/g;

function link(doc: Document, href: string, children: Node[]): HTMLAnchorElement {
  const anchor = doc.createElement('a');
  anchor.href = href;
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer';
  anchor.append(...children);
  return anchor;
}

function wrap(doc: Document, tag: string, children: Node[]): HTMLElement {
  const element = doc.createElement(tag);
  element.append(...children);
  return element;
}

/** Renders inline markdown (code, links, emphasis, bare URLs) into nodes. */
export function renderInline(text: string, doc: Document, depth = 0): Node[] {
  if (depth >= MAX_DEPTH) return [doc.createTextNode(text)];
  const nodes: Node[] = [];
  let last = 0;
  const pattern = new RegExp(INLINE.source, 'g');
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) nodes.push(doc.createTextNode(text.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, , code, bang, label, url, , strong, em, del, bare] = match;
    const inner = (value: string) => renderInline(value, doc, depth + 1);
    if (code !== undefined) nodes.push(wrap(doc, 'code', [doc.createTextNode(code)]));
    else if (label !== undefined) {
      const href = safeHref(url ?? '');
      if (bang) nodes.push(doc.createTextNode(label));
      else nodes.push(...(href ? [link(doc, href, inner(label))] : inner(label)));
    } else if (strong !== undefined) nodes.push(wrap(doc, 'strong', inner(strong)));
    else if (em !== undefined) nodes.push(wrap(doc, 'em', inner(em)));
    else if (del !== undefined) nodes.push(wrap(doc, 'del', inner(del)));
    else if (bare !== undefined) {
      const href = safeHref(bare);
      nodes.push(href ? link(doc, href, [doc.createTextNode(bare)]) : doc.createTextNode(bare));
    }
  }
  if (last < text.length) nodes.push(doc.createTextNode(text.slice(last)));
  return nodes;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

/** Renders markdown into a fragment of safe elements: p, h3–h6, ul/ol/li, blockquote, pre/code, hr, a, strong, em, del, br. */
export function renderMarkdown(source: string, doc: Document = document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (!paragraph.length) return;
    const element = doc.createElement('p');
    paragraph.forEach((line, index) => {
      if (index) element.append(doc.createElement('br'));
      element.append(...renderInline(line, doc));
    });
    fragment.append(element);
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      while (++index < lines.length && !lines[index]!.trim().startsWith(fence[1]!)) body.push(lines[index]!);
      fragment.append(wrap(doc, 'pre', [wrap(doc, 'code', [doc.createTextNode(body.join('\n'))])]));
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, heading[1]!.length + 2);
      fragment.append(wrap(doc, `h${level}`, renderInline(heading[2]!, doc)));
      continue;
    }
    if (RULE.test(line)) {
      flush();
      fragment.append(doc.createElement('hr'));
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]!);
      const list = doc.createElement(ordered ? 'ol' : 'ul');
      if (ordered && item[1] !== '1.' && item[1] !== '1)')
        list.setAttribute('start', String(Number.parseInt(item[1]!, 10)));
      for (let next: RegExpExecArray | null = item; next && /\d/.test(next[1]!) === ordered; ) {
        list.append(wrap(doc, 'li', renderInline(next[2]!, doc)));
        next = index + 1 < lines.length ? ITEM.exec(lines[index + 1]!) : null;
        if (next && /\d/.test(next[1]!) === ordered) index++;
      }
      fragment.append(list);
      continue;
    }
    const quote = QUOTE.exec(line);
    if (quote) {
      flush();
      const quoted = [quote[1]!];
      while (index + 1 < lines.length && QUOTE.test(lines[index + 1]!))
        quoted.push(QUOTE.exec(lines[++index]!)![1]!);
      const block = doc.createElement('blockquote');
      quoted.forEach((text, position) => {
        if (position) block.append(doc.createElement('br'));
        block.append(...renderInline(text, doc));
      });
      fragment.append(block);
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return fragment;
}
