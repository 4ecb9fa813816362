import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };

const dir = join(import.meta.dirname, '..', '..', 'messages');
const catalogs = new Map(
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file.slice(0, -5), JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree]),
);

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

/** The names of the arguments a message takes (`{count}`, `{name}`, tags `<b>`), sorted. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: ReturnType<IntlMessageFormat['getAst']>) => {
    for (const element of elements) {
      if ('value' in element && typeof element.value === 'string' && element.type !== 0)
        names.add(element.value);
      if ('options' in element) for (const option of Object.values(element.options)) walk(option.value);
      if ('children' in element) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: false }).getAst());
  return [...names].sort();
}

const english = flatten(catalogs.get('en') ?? {});

describe('message catalogs', () => {
  it('ship English with its own language name', () => {
    expect(english.size).toBeGreaterThan(0);
    expect(english.get('meta.languageName')).toBe('English');
  });

  for (const [locale, catalog] of catalogs) {
    const words = flatten(catalog);
    describe(locale, () => {
      it('has every key English has, and no other', () => {
        const missing = [...english.keys()].filter((key) => !words.has(key));
        const extra = [...words.keys()].filter((key) => !english.has(key));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it('names its own language', () => {
        expect(words.get('meta.languageName')?.length).toBeGreaterThan(0);
      });

      it('parses as ICU messages taking the same arguments as English', () => {
        const wrong: string[] = [];
        for (const [key, message] of words) {
          const source = english.get(key);
          if (source === undefined) continue;
          try {
            const got = argumentsOf(message, locale).join(',');
            const want = argumentsOf(source, 'en').join(',');
            if (got !== want) wrong.push(`${key}: takes {${got}}, English takes {${want}}`);
          } catch (error) {
            wrong.push(`${key}: ${(error as Error).message}`);
          }
        }
        expect(wrong).toEqual([]);
      });
    });
  }
});
