import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';

const TEMPLATES = join(import.meta.dirname, '../../../../packages/api/src/templates');

describe('template words in the catalog', () => {
  it('has every built-in template, worded as its file is', () => {
    const files = readdirSync(TEMPLATES).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const fromFiles = Object.fromEntries(
      files.map((name) => {
        const { name: title, description } = JSON.parse(readFileSync(join(TEMPLATES, name), 'utf8'));
        return [name.slice(0, -'.json'.length), { name: title, description }];
      }),
    );
    expect(en.agents.templates).toEqual(fromFiles);
  });
});
