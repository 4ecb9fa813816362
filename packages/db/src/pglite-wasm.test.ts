import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { pgliteWasmModule } from './pglite-wasm';

const anchor = path.join(import.meta.dirname, 'create-pglite-dir.mjs');

// The WebAssembly global (lib "ES2023" declares only its types, see pglite-wasm.ts).
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: (abstract new () => WebAssembly.Module) & {
        exports(module: WebAssembly.Module): { name: string }[];
      };
      compile(bytes: Uint8Array): Promise<WebAssembly.Module>;
    };
  }
).WebAssembly;

describe('pgliteWasmModule', () => {
  it("compiles PGlite's own pglite.wasm, once, and PGlite runs queries with it", async () => {
    const module = await pgliteWasmModule(anchor);
    expect(module).toBeInstanceOf(wasm.Module);
    // The same bytes PGlite would read itself: its exports are PostgreSQL's.
    const wasmFile = path.join(
      path.dirname(createRequire(anchor).resolve('@electric-sql/pglite')),
      'pglite.wasm',
    );
    const direct = await wasm.compile(readFileSync(wasmFile));
    expect(wasm.Module.exports(module!).map((entry) => entry.name)).toEqual(
      wasm.Module.exports(direct).map((entry) => entry.name),
    );
    expect(await pgliteWasmModule(anchor)).toBe(module);

    const db = await PGlite.create({ pgliteWasmModule: module });
    try {
      const { rows } = await db.query<{ answer: number }>('select 6 * 7 as answer');
      expect(rows).toEqual([{ answer: 42 }]);
    } finally {
      await db.close();
    }
  });
});
