import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { englishGroupWords, englishNodeCatalog, toCatalog } from './node-words';

type Tree = { [key: string]: string | Tree };

const partFile = join(import.meta.dirname, '..', '..', 'messages', 'en.json');

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries((tree ?? {}) as Tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

// `UPDATE_NODE_WORDS=1 npx vitest run src/i18n/node-words` rewrites the English `nodes` and `nodeGroups`
// from the registry (then add the Chinese for any new key to zh-CN.json; the catalog test lists them).
if (process.env.UPDATE_NODE_WORDS) {
  const part = JSON.parse(readFileSync(partFile, 'utf8')) as Tree;
  part.nodes = toCatalog(englishNodeCatalog()) as Tree;
  part.nodeGroups = toCatalog(englishGroupWords()) as Tree;
  writeFileSync(partFile, `${JSON.stringify(part, null, 2)}\n`);
}

describe('the English node catalog', () => {
  const part = JSON.parse(readFileSync(partFile, 'utf8')) as Tree;
  const t = createTranslator({ locale: 'en', messages: part }) as unknown as (
    key: string,
    values?: Record<string, string | number>,
  ) => string;

  for (const [namespace, expected] of [
    ['nodes', englishNodeCatalog()],
    ['nodeGroups', englishGroupWords()],
  ] as const) {
    it(`says what the engine and the settings form say for every ${namespace === 'nodes' ? 'node type, field and port' : 'palette group'}`, () => {
      const want = flatten(expected, namespace);
      const have = flatten(part[namespace], namespace);
      const missing = [...want.keys()].filter((key) => !have.has(key));
      const extra = [...have.keys()].filter((key) => !want.has(key));
      const differ = [...want]
        .filter(([key]) => have.has(key))
        .map(([key, text]) => {
          const said = key.endsWith(':item') ? t(key, { number: '{number}' }) : t(key);
          return said === text
            ? undefined
            : `${key}: catalog says ${JSON.stringify(said)}, engine ${JSON.stringify(text)}`;
        })
        .filter(Boolean);
      // Run with UPDATE_NODE_WORDS=1 to write the English from the registry.
      expect({ missing, extra, differ }).toEqual({ missing: [], extra: [], differ: [] });
    });
  }
});
