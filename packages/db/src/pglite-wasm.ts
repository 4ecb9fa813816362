import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// The WebAssembly global as far as used here: lib "ES2023" (tooling/tsconfig.base.json) declares only its types.
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
      compile(bytes: Uint8Array): Promise<WebAssembly.Module>;
    };
  }
).WebAssembly;

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * PGlite's PostgreSQL (pglite.wasm, 9 MB) compiled from bytes that never pass through malloc, once per
 * process; undefined when the file is not found (PGlite then reads it itself).
 *
 * Why: PGlite reads the file into a Buffer, which Node allocates with malloc. glibc serves a block that
 * large with mmap and, when it is freed after compiling, raises its mmap threshold to 9 MB and its trim
 * threshold to 18 MB for the rest of the process (glibc's dynamic threshold). From then on, blocks up to
 * 9 MB come from the heap, and up to 18 MB free at the heap's top is never given back. A
 * WebAssembly.Memory is mapped by V8 itself, so reading the file into one and dropping it after compiling
 * leaves malloc's thresholds where they were. V8 keeps its own copy of the bytes with the module either way.
 *
 * @param anchor a file of this package on disk (bundlers move our modules, not node_modules), from which
 *   PGlite's package is resolved.
 */
export function pgliteWasmModule(anchor: string | undefined): Promise<WebAssembly.Module | undefined> {
  compiled ??= compile(anchor);
  return compiled;
}

async function compile(anchor: string | undefined): Promise<WebAssembly.Module | undefined> {
  const file = anchor ? pgliteDistFile(anchor, 'pglite.wasm') : undefined;
  if (!file) return undefined;
  const fd = openSync(file, 'r');
  let bytes: Uint8Array;
  try {
    const size = fstatSync(fd).size;
    const memory = new wasm.Memory({ initial: Math.ceil(size / 65_536) });
    bytes = new Uint8Array(memory.buffer, 0, size);
    for (let read = 0; read < size; ) {
      const count = readSync(fd, bytes, read, size - read, read);
      if (count === 0) throw new Error(`${file} ended after ${read} of ${size} bytes.`);
      read += count;
    }
  } finally {
    closeSync(fd);
  }
  return wasm.compile(bytes);
}

/** A file PGlite ships beside its entry (pglite.wasm, pglite.data), found from `anchor`; undefined if absent. */
export function pgliteDistFile(anchor: string, name: string): string | undefined {
  try {
    const entry = createRequire(anchor).resolve('@electric-sql/pglite');
    const file = path.join(path.dirname(entry), name);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}
