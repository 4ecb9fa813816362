import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  createDatabaseKnowledge,
  createKnowledgeBase,
  formatBytes,
  listKnowledgeBases,
  MAX_FILE_BYTES,
  type Runtime,
} from '@agentry/api';
import type { Actor } from '@agentry/api';
import type { TrainDocument } from '@agentry/engine';
import { CliError } from '../cli-error';
import { withRuntime } from '../open-runtime';
import { cliActor } from '../workspace';

/** Finds a knowledge base by id or exact name, or creates one with that name. */
async function resolveKnowledgeBase(runtime: Runtime, actor: Actor, target: string) {
  const bases = await listKnowledgeBases(runtime, actor);
  const found = bases.find((base) => base.id === target) ?? bases.find((base) => base.name === target);
  if (found) return { id: found.id, name: found.name, created: false };
  const created = await createKnowledgeBase(runtime, actor, { name: target });
  return { id: created.id, name: created.name, created: true };
}

/** Reads the files named on the command line; one that cannot be read fails alone. */
function readDocuments(files: readonly string[]): { documents: TrainDocument[]; unreadable: string[] } {
  const documents: TrainDocument[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      const size = statSync(file).size;
      // Checked before reading, so a huge file is never loaded just to be refused.
      if (size > MAX_FILE_BYTES) {
        unreadable.push(
          `${file}: the file is ${formatBytes(size)}; the limit is ${formatBytes(MAX_FILE_BYTES)} per file.`,
        );
        continue;
      }
      documents.push({ name: path.basename(file), content: new Uint8Array(readFileSync(file)) });
    } catch (error) {
      unreadable.push(`${file}: ${(error as Error).message}`);
    }
  }
  return { documents, unreadable };
}

/**
 * `agentry train <knowledge-base> <files...>`: adds files to a knowledge base (found by id or name,
 * created when there is none) through the same ingestion as uploads and `Agent.train()`, printing each
 * file's outcome. Exits 1 when any file failed.
 */
export async function trainCommand(
  target: string | undefined,
  files: readonly string[],
  options: { workspace?: string },
): Promise<number> {
  if (!target || files.length === 0) throw new CliError('Usage: agentry train <knowledge-base> <files...>');
  const { documents, unreadable } = readDocuments(files);
  for (const line of unreadable) console.error(`failed  ${line}`);
  return withRuntime('train', async (runtime) => {
    const actor = await cliActor(runtime, options.workspace);
    const base = await resolveKnowledgeBase(runtime, actor, target);
    console.log(`${base.created ? 'Created' : 'Adding to'} knowledge base "${base.name}" (${base.id})`);
    const started = performance.now();
    let lastShown = '';
    const results = await createDatabaseKnowledge(runtime, actor).ingest({
      knowledgeBaseId: base.id,
      documents,
      onProgress: ({ name, progress }) => {
        const shown = `${name} ${Math.floor(progress / 25) * 25}%`;
        if (process.stderr.isTTY && shown !== lastShown) process.stderr.write(`\r  ${shown}   `);
        lastShown = shown;
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    for (const result of results) {
      if (result.status === 'ready') console.log(`ready   ${result.name} (${result.chunkCount} chunks)`);
      else console.error(`failed  ${result.name}: ${result.error}`);
    }
    const ready = results.filter((result) => result.status === 'ready').length;
    const failed = results.length - ready + unreadable.length;
    console.log(
      `${ready} of ${files.length} file(s) added in ${((performance.now() - started) / 1000).toFixed(1)} s${failed ? `; ${failed} failed` : ''}.`,
    );
    return failed > 0 ? 1 : 0;
  });
}
