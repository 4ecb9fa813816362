/** An XML element as the tests read it back. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_match, name: string) => ENTITIES[name]!);
}

/**
 * A small strict reader for the XML our reports write (elements, attributes, text, the declaration):
 * throws on a bare `<` or `&`, a tag that closes the wrong element, a character XML cannot hold, or
 * text after the root. Tests only; enough to prove a JUnit report is well-formed and read it back.
 */
export function readXml(xml: string): XmlElement {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding characters XML forbids is the point
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('Control character in XML.');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tokens = /<\?xml[^?]*\?>|<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const match of xml.matchAll(tokens)) {
    const [whole, closing, name, attributeText, selfClosing, text, stray] = match;
    if (whole.startsWith('<?xml')) continue;
    if (stray) throw new Error(`Bare "<" at ${match.index}.`);
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`Bare "&" at ${match.index}.`);
      if (stack.length === 0) {
        if (text.trim()) throw new Error('Text outside the root element.');
        continue;
      }
      stack.at(-1)!.text += decode(text);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>.`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of attributeText!.matchAll(/([\w.-]+)="([^"]*)"/g)) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(value!)) throw new Error(`Bare "&" in attribute ${key}.`);
      attributes[key!] = decode(value!);
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    if (stack.length > 0) stack.at(-1)!.children.push(element);
    else if (root) throw new Error('Two root elements.');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0 || !root) throw new Error('Unclosed elements or no root.');
  return root;
}

/** Every element named `name` below `element`, depth first. */
export function elementsNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...elementsNamed(child, name)]);
}
