// Joins messages/parts/<namespace>.<locale>.json into messages/<locale>.json while several people
// translate different namespaces at once. Each part holds whole top-level namespaces.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'messages');
const byLocale = new Map();
for (const file of readdirSync(join(dir, 'parts')).sort()) {
  const match = /^([\w-]+)\.([a-zA-Z-]+)\.json$/.exec(file);
  if (!match) continue;
  const locale = match[2];
  const catalog = byLocale.get(locale) ?? {};
  const part = JSON.parse(readFileSync(join(dir, 'parts', file), 'utf8'));
  for (const [namespace, value] of Object.entries(part)) {
    if (namespace in catalog) throw new Error(`${file}: namespace "${namespace}" is also in another part`);
    catalog[namespace] = value;
  }
  byLocale.set(locale, catalog);
}
for (const [locale, catalog] of byLocale) {
  writeFileSync(join(dir, `${locale}.json`), `${JSON.stringify(catalog, null, 2)}\n`);
}
console.log(`merged: ${[...byLocale.keys()].join(', ')}`);
