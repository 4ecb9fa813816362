import { open } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { pgliteDistFile } from './pglite-wasm';

/**
 * The files of PGlite's file-system image (pglite.data) that an open database never reads:
 * - what only creating a database reads (initdb's catalog script and SQL, the sample configs);
 * - PGXS, the build system for compiling extensions;
 * - replication (the WAL receiver, logical decoding output);
 * - conversions between UTF-8 and other client encodings (PGlite always talks UTF-8);
 * - ICU's data, read only for ICU collations (databases are created with the libc provider, and no
 *   query of the app names an ICU collation).
 * PostgreSQL answers "could not open file" should anything ask for one: a clear error, never wrong data.
 */
const NOT_READ_WHEN_OPEN = [
  /^\/pglite\/share\/postgresql\/(postgres\.bki|information_schema\.sql|system_(views|functions|constraints)\.sql|snowball_create\.sql|sql_features\.txt|errcodes\.txt|[^/]+\.sample)$/,
  /^\/pglite\/lib\/postgresql\/pgxs\//,
  /^\/pglite\/lib\/postgresql\/(libpqwalreceiver|pgoutput)\.so$/,
  /^\/pglite\/lib\/postgresql\/(\w+_and_\w+|euc2004_sjis2004)\.so$/,
  /^\/pglite\/icu\//,
];

/** Whether an open database may read this file of pglite.data. */
export function readWhenOpen(path: string): boolean {
  return !NOT_READ_WHEN_OPEN.some((pattern) => pattern.test(path));
}

// What is used of ES2024's ArrayBuffer (lib "ES2023" in tooling/tsconfig.base.json declares neither).
type ResizableArrayBufferConstructor = new (
  length: number,
  options: { maxByteLength: number },
) => ArrayBuffer & { transferToFixedLength?(length: number): ArrayBuffer };

// The Emscripten file system, as far as used here (PGlite types it loosely).
interface MemfsNode {
  mode: number;
  mount: unknown;
  contents?: Uint8Array | null;
}
interface EmscriptenFs {
  readdir(path: string): string[];
  lookupPath(path: string): { node: MemfsNode };
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  unlink(path: string): void;
}

/** PGlite's file-system image, read where it can be given back once the database is open. */
export interface PgliteBundle {
  /** For PGlite's `fsBundle` option: PGlite only calls arrayBuffer() on it. */
  blob: Blob;
  /**
   * Drops the files an open database never reads and gives the image's memory back (about 4.6 of its
   * 6.2 MB): the files still needed get copies of their own. Call once the database is open; returns the
   * number of bytes given back (0 where this Node cannot detach an ArrayBuffer, or the walk failed).
   */
  release(db: PGlite): number;
}

/**
 * PGlite's file-system image, pglite.data (6.2 MB), for one database.
 *
 * Why: PGlite reads the whole image into memory and keeps it for as long as the database is open, because
 * its in-memory files are views of it. Most of it serves only initdb, PGXS, replication, ICU collations or
 * client encodings other than UTF-8 (see NOT_READ_WHEN_OPEN), and every idle server paid for it. The image
 * is read into a resizable ArrayBuffer, which V8 maps itself (not through malloc, for the reason given in
 * pglite-wasm.ts), and detached once the database is open.
 *
 * @param anchor a file of this package on disk (see pgliteWasmModule); undefined when pglite.data is not
 *   found (PGlite then reads it itself and keeps it).
 */
export function pgliteBundle(anchor: string | undefined): PgliteBundle | undefined {
  const file = anchor ? pgliteDistFile(anchor, 'pglite.data') : undefined;
  if (!file) return undefined;
  // PGlite reads the image once for PostgreSQL and, when it creates a database in-process, once more
  // for initdb.
  let images: (ArrayBuffer & { transferToFixedLength?(length: number): ArrayBuffer })[] = [];
  const blob = {
    async arrayBuffer(): Promise<ArrayBuffer> {
      const handle = await open(file, 'r');
      try {
        const { size } = await handle.stat();
        const image = new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(size, {
          maxByteLength: size,
        });
        images.push(image);
        const bytes = new Uint8Array(image);
        for (let read = 0; read < size; ) {
          const { bytesRead } = await handle.read(bytes, read, size - read, read);
          if (bytesRead === 0) throw new Error(`${file} ended after ${read} of ${size} bytes.`);
          read += bytesRead;
        }
        return image;
      } finally {
        await handle.close();
      }
    },
  } as Blob;
  return {
    blob,
    release(db) {
      const from = new Set<ArrayBufferLike>(images);
      if (images.length === 0 || !images.every((image) => image.transferToFixedLength)) return 0;
      const fs = db.Module.FS as unknown as EmscriptenFs;
      const root = fs.lookupPath('/').node.mount;
      // Every file made from the image is in the root (in-memory) file system; mounted ones (the data
      // directory) are not walked.
      const walk = (dir: string): void => {
        for (const name of fs.readdir(dir)) {
          if (name === '.' || name === '..') continue;
          const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
          const { node } = fs.lookupPath(path);
          if (node.mount !== root) continue;
          if (fs.isDir(node.mode)) walk(path);
          else if (fs.isFile(node.mode) && node.contents && from.has(node.contents.buffer)) {
            if (readWhenOpen(path)) node.contents = node.contents.slice();
            else fs.unlink(path);
          }
        }
      };
      try {
        walk('/');
      } catch {
        // A file system that cannot be walked (a later PGlite?) keeps the image, so every file an open
        // database reads still reads (some it never reads may already be gone).
        return 0;
      }
      let released = 0;
      for (const image of images) {
        released += image.byteLength;
        image.transferToFixedLength!(0);
      }
      images = [];
      return released;
    },
  };
}
