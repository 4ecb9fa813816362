import { chatFiles, knowledgeDocuments } from '@agentry/db';
import { eq, sql } from '@agentry/db/drizzle';
import type { Runtime } from '../runtime';
import { KnowledgeFileError } from './knowledge-errors';
import { formatBytes } from './limits';

/** A workspace's knowledge storage: the bytes of its uploaded files, and its quota (null: none). */
export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number | null;
}

type Database = Pick<Runtime['db'], 'select' | 'execute'>;

/** The quota AGENTRY_STORAGE_QUOTA_MB sets, in bytes; undefined when it is 0 (no quota). */
export function storageQuotaBytes(runtime: Runtime): number | undefined {
  const megabytes = runtime.config.storageQuotaMb;
  return megabytes > 0 ? megabytes * 1024 * 1024 : undefined;
}

/** How much of its quota a workspace uses: its knowledge documents' and its chat files' sizes together. */
export async function storageUsage(
  runtime: Runtime,
  workspaceId: string,
  database: Database = runtime.db,
): Promise<StorageUsage> {
  const [row] = await database
    .select({
      used: sql<string>`coalesce(sum(${knowledgeDocuments.sizeBytes}), 0) + (select coalesce(sum(${chatFiles.sizeBytes}), 0) from ${chatFiles} where ${chatFiles.workspaceId} = ${workspaceId})`,
    })
    .from(knowledgeDocuments)
    .where(eq(knowledgeDocuments.workspaceId, workspaceId));
  return { usedBytes: Number(row?.used ?? 0), quotaBytes: storageQuotaBytes(runtime) ?? null };
}

/** The refusal of a file (or upload) that would take a workspace past its quota, naming used and limit. */
export function overQuota(usage: StorageUsage, incomingBytes: number): KnowledgeFileError {
  const limit = formatBytes(usage.quotaBytes ?? 0);
  return new KnowledgeFileError(
    'over_quota',
    `The workspace's knowledge storage is full: ${formatBytes(usage.usedBytes)} of ${limit} used, and this needs ${formatBytes(incomingBytes)} more. Remove documents, or ask an admin to raise AGENTRY_STORAGE_QUOTA_MB.`,
  );
}

/**
 * Refuses a file that would take the workspace past its quota. Call it inside the transaction that
 * stores the file: it takes a per-workspace lock first, so two uploads at once cannot both fit.
 */
export async function reserveStorage(
  runtime: Runtime,
  database: Database,
  workspaceId: string,
  incomingBytes: number,
): Promise<void> {
  if (storageQuotaBytes(runtime) === undefined) return;
  await database.execute(sql`select pg_advisory_xact_lock(hashtext(${`knowledge-storage:${workspaceId}`}))`);
  const usage = await storageUsage(runtime, workspaceId, database);
  if (usage.usedBytes + incomingBytes > (usage.quotaBytes ?? Infinity)) throw overQuota(usage, incomingBytes);
}
