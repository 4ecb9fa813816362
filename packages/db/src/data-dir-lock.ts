import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DatabaseError } from './errors';

/** What a lock file records about the process holding an embedded data directory. */
export interface LockOwner {
  pid: number;
  purpose: string;
  url?: string;
  startedAt: string;
}

const LOCK_FILE = 'agentry.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads who holds the data directory, or undefined when nobody alive does. */
export function readLockOwner(dataDir: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockOwner;
    return owner.pid !== process.pid && isAlive(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Describes a lock owner for an error message. */
export function describeLockOwner(dataDir: string, owner: LockOwner): string {
  const where = owner.url ? ` serving ${owner.url}` : '';
  return (
    `The data directory ${dataDir} is in use by another Agentry process (pid ${owner.pid}, ${owner.purpose}${where}). ` +
    'The embedded database serves one process at a time: stop that process, use its HTTP API, ' +
    'or point DATABASE_URL at a PostgreSQL server.'
  );
}

/**
 * Takes the embedded database's single-process lock, or throws naming the holder.
 * A lock left by a dead process is taken over; the data itself is never touched.
 */
export function acquireDataDirLock(dataDir: string, purpose: string, url?: string): () => void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (cause) {
    throw new DatabaseError(
      'data_dir_unusable',
      `Cannot create the data directory ${dataDir}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const file = path.join(dataDir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    purpose,
    startedAt: new Date().toISOString(),
    ...(url ? { url } : {}),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      const release = () => {
        try {
          const current = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
          if (current.pid === process.pid) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DatabaseError(
          'data_dir_unusable',
          `Cannot write the lock file in the data directory ${dataDir}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      const holder = readLockOwner(dataDir);
      if (holder) throw new DatabaseError('data_dir_locked', describeLockOwner(dataDir, holder));
      // The holder is gone (a crash or kill): take the stale lock over.
      try {
        unlinkSync(file);
      } catch {
        // Someone else removed it first; try again.
      }
    }
  }
  throw new DatabaseError('data_dir_locked', `Could not lock the data directory ${dataDir}; try again.`);
}
