import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';

/**
 * Every literal key the app asks a translator for exists in the English catalog. next-intl can type the
 * keys instead, but with a catalog this size TypeScript gives up ("union type too complex"); this scan of
 * the sources checks the same for literal keys: `const t = useTranslations('ns'); t('key')`.
 */
const SRC = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function lookup(path: string): unknown {
  let node: unknown = en;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

const TRANSLATOR = /const (\w+) = (?:await )?(?:useTranslations|getTranslations)\((?:'([\w.]+)')?\)/g;

describe('message keys used by the app', () => {
  const files = sources(SRC);

  it('finds the translators of the app (the scan itself works)', () => {
    const found = files.filter((file) => TRANSLATOR.test(readFileSync(file, 'utf8')));
    TRANSLATOR.lastIndex = 0;
    expect(found.length).toBeGreaterThan(50);
  });

  it('exist in the English catalog', () => {
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // A file may hold several components, each with its own `t`: a call belongs to the nearest
      // translator of that name declared before it.
      const declared = [...text.matchAll(TRANSLATOR)].map((match) => ({
        at: match.index,
        name: match[1]!,
        namespace: match[2],
      }));
      for (const name of new Set(declared.map((translator) => translator.name))) {
        const call = new RegExp(
          `\\b${name}(?:\\.rich|\\.markup|\\.raw|\\.has)?\\(\\s*(['\`])([^'\`$]+)\\1`,
          'g',
        );
        for (const match of text.matchAll(call)) {
          const owner = declared
            .filter((translator) => translator.name === name && translator.at < match.index)
            .at(-1);
          if (!owner) continue;
          const path = owner.namespace ? `${owner.namespace}.${match[2]}` : match[2]!;
          if (lookup(path) === undefined) missing.push(`${relative(SRC, file)}: ${path}`);
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
