import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..');

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** The workspace packages a file imports as values (type-only imports and `import()` bundle nothing). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(@agentry\/[^']+)'/gms)].map(
    (match) => match[1]!,
  );
}

// A route file that imports @agentry/api (or the engine, or the db) as a value makes its route's bundle
// load a second copy of the app on its first request; routes load the instrumentation hook's copy through
// lib/server-modules.ts instead (see there).
describe('API routes and the hook share one copy of the app', () => {
  // Prerendered at build time (static GET, no runtime): their bundles are not loaded by a running server.
  const prerendered = new Set([
    'app/api/v1/schema/graph.json/route.ts',
    'app/api/v1/schema/eval-case.json/route.ts',
  ]);

  it('no API route file imports a workspace package as a value', () => {
    const files = routeFiles(path.join(SRC, 'app', 'api')).map((file) => path.relative(SRC, file));
    expect(files.length).toBeGreaterThan(25);
    const offenders = files
      .filter((file) => !prerendered.has(file))
      .flatMap((file) => valueImports(path.join(SRC, file)).map((name) => `${file} imports ${name}`));
    expect(offenders).toEqual([]);
  });

  it('the route helpers reach the app only through server-modules.ts', () => {
    for (const helper of ['lib/route-handler.ts', 'lib/server-modules.ts']) {
      expect(valueImports(path.join(SRC, helper)), helper).toEqual([]);
    }
    const modules = readFileSync(path.join(SRC, 'lib/server-modules.ts'), 'utf8');
    expect(modules).toContain("import('@agentry/api/http')");
  });

  it('finds a value import where there is one (the check itself works)', () => {
    expect(valueImports(path.join(SRC, 'hot-routes.ts'))).toContain('@agentry/api/http');
    expect(valueImports(path.join(SRC, 'lib/runtime.ts'))).toContain('@agentry/api');
  });
});
