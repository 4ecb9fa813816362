import type { Runtime } from '../runtime';
import { RuntimeSlot } from '../runtime-slot';
import { type UsageContribution, usageUpsert } from './usage-rollups';

/**
 * How long the contributions of ended runs gather before one statement adds them to the hourly and the
 * daily rollups. It is a large statement (the key, six counters and 56 histogram columns, per table):
 * made once per run journal commit, the hourly upsert alone cost the embedded database about 5 ms of the
 * server's thread per chat when chats come one at a time (`pnpm bench api`), and 0.5 ms at 50 at once.
 * Once per interval it costs a fraction of that per chat. The price: the Usage page of another process
 * is up to this late, and a process killed in between loses those seconds from the rollups (never the
 * runs themselves).
 */
export const USAGE_FLUSH_MS = 2_000;
/** Contributions kept while the database refuses them; older ones are dropped past this (and logged). */
const MAX_PENDING = 100_000;

/** The rollup contributions of ended runs, written together every USAGE_FLUSH_MS. */
class UsageWrites {
  private pending: UsageContribution[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(private readonly runtime: Runtime) {}

  /** Adds the contributions of runs whose rows are written (the run journal calls this after its write). */
  add(rows: readonly UsageContribution[]): void {
    if (rows.length === 0) return;
    for (const row of rows) this.pending.push(row);
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.length - MAX_PENDING;
      this.pending.splice(0, dropped);
      this.runtime.logger.error({ dropped }, 'Usage rollups could not be written; the oldest were dropped');
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), USAGE_FLUSH_MS);
      // A pending flush does not keep a CLI command or a test process alive.
      this.timer.unref();
    }
  }

  /** Writes what is pending now (the Usage page reads after this, so this process's runs are counted). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing;
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.writing = this.write(rows);
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }

  private async write(rows: UsageContribution[]): Promise<void> {
    try {
      await this.runtime.db.execute(usageUpsert(rows));
    } catch (error) {
      // Kept for the next flush: a database that is back counts them then.
      this.runtime.logger.error(
        { err: error, runs: rows.length },
        'Usage rollups could not be written; retrying',
      );
      this.add(rows);
    }
  }
}

const slot = new RuntimeSlot<UsageWrites>('usage-writes');

/** The runtime's pending usage rollup writes. */
export function usageWrites(runtime: Runtime): UsageWrites {
  let found = slot.get(runtime);
  if (!found) {
    found = new UsageWrites(runtime);
    slot.set(runtime, found);
  }
  return found;
}
