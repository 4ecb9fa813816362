import { agentDailyUsage } from '@agentry/db';
import { and, eq, sql } from '@agentry/db/drizzle';
import { RuntimeSlot } from '../runtime-slot';
import type { Runtime } from '../runtime';

/**
 * Most tokens one public run reserves from its agent's daily cap (and so may spend: its budget is what
 * it reserved). A chat turn (instructions, recalled knowledge, history, the answer and a few tool steps)
 * fits; with the default cap of 1,000,000 a day it lets about 60 answers run at the same moment. A
 * bigger reservation would turn visitors away while most of the day's budget sits unspent in runs that
 * use a few thousand tokens; a smaller one would cut long answers short.
 */
export const RUN_TOKEN_RESERVATION = 16_000;

/** Below this, what is left of the day is too little to start an answer on (it would stop mid-sentence). */
const MIN_RUN_TOKENS = 1_000;

/** Tokens held from an agent's daily total for one run, until `settleDailyTokens`. */
export interface DailyTokenReservation {
  agentId: string;
  /** The UTC day reserved on: a run that crosses midnight settles on the day it started. */
  day: string;
  tokens: number;
}

/** Why no reservation was made: the day is used up, or what is left is held by runs in progress. */
export type ReservationRefusal = { refused: 'exhausted' | 'held'; usedToday: number };

/** The UTC day of `date` as `YYYY-MM-DD`, the key of `agent_daily_usage`. */
export function utcDay(date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

/** Seconds until the next UTC midnight, when every daily token budget starts again (a Retry-After). */
export function secondsToMidnight(): number {
  const midnight = new Date();
  midnight.setUTCHours(24, 0, 0, 0);
  return Math.ceil((midnight.getTime() - Date.now()) / 1000);
}

/**
 * Adds `tokens` to the day's total only if the total stays within `cap`, in one statement. `settled`
 * (what runs that ended gave back, negative, or used beyond their reservation) is applied in the same
 * statement first, and only if the reservation fits: otherwise the row is left as it was.
 */
async function reserveIfFits(
  runtime: Runtime,
  agentId: string,
  day: string,
  tokens: number,
  cap: number,
  settled = 0,
) {
  const after = sql`greatest(0, ${agentDailyUsage.tokens} + ${settled}) + ${tokens}`;
  const rows = await runtime.db
    .insert(agentDailyUsage)
    .values({ agentId, day, tokens })
    .onConflictDoUpdate({
      target: [agentDailyUsage.agentId, agentDailyUsage.day],
      set: { tokens: after },
      setWhere: sql`${after} <= ${cap}`,
    })
    .returning({ tokens: agentDailyUsage.tokens });
  return rows.length > 0;
}

/** Reserves `tokens` for one run on its own: all of it, else what is left when that is enough for an answer. */
async function reserveOne(
  runtime: Runtime,
  agentId: string,
  day: string,
  tokens: number,
  cap: number,
): Promise<DailyTokenReservation | ReservationRefusal> {
  if (await reserveIfFits(runtime, agentId, day, tokens, cap)) return { agentId, day, tokens };
  const [row] = await runtime.db
    .select({ tokens: agentDailyUsage.tokens })
    .from(agentDailyUsage)
    .where(and(eq(agentDailyUsage.agentId, agentId), eq(agentDailyUsage.day, day)));
  const usedToday = row?.tokens ?? 0;
  const left = cap - usedToday;
  if (left <= 0) return { refused: 'exhausted', usedToday };
  if (left >= Math.min(MIN_RUN_TOKENS, tokens) && (await reserveIfFits(runtime, agentId, day, left, cap)))
    return { agentId, day, tokens: left };
  return { refused: 'held', usedToday };
}

interface PendingReservation {
  agentId: string;
  day: string;
  tokens: number;
  cap: number;
  resolve(result: DailyTokenReservation | ReservationRefusal): void;
  reject(error: unknown): void;
}

interface PendingSettle {
  agentId: string;
  day: string;
  change: number;
  waiters: { resolve(): void; reject(error: unknown): void }[];
}

/**
 * The day's counters are written in groups, as the run journal writes runs: whatever waits when a write
 * begins goes in it, what arrives meanwhile in the next. Settled runs are written first, so what they
 * gave back is free for the reservations that follow: those of an agent's day that also has
 * reservations waiting go in the same conditional upsert as the sum of those reservations (under a
 * steady load each write carries both, and the embedded database, whose every statement runs on the
 * server's thread, was doing two statements per visitor's turn); the rest in one statement for all.
 * When the sum does not fit, that day's settlement is written alone and its reservations are taken one
 * by one, each getting what it would have alone.
 */
class DailyTokenWrites {
  private reservations: PendingReservation[] = [];
  private settles = new Map<string, PendingSettle>();
  private scheduled = false;
  private writing = false;

  constructor(private readonly runtime: Runtime) {}

  reserve(agentId: string, day: string, tokens: number, cap: number) {
    return new Promise<DailyTokenReservation | ReservationRefusal>((resolve, reject) => {
      this.reservations.push({ agentId, day, tokens, cap, resolve, reject });
      this.schedule();
    });
  }

  settle(agentId: string, day: string, change: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const key = `${agentId}:${day}`;
      let pending = this.settles.get(key);
      if (!pending) {
        pending = { agentId, day, change: 0, waiters: [] };
        this.settles.set(key, pending);
      }
      pending.change += change;
      pending.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.write();
    });
  }

  private async write(): Promise<void> {
    const settles = this.settles;
    const reservations = this.reservations;
    this.settles = new Map();
    this.reservations = [];
    this.writing = true;
    try {
      const groups = new Map<string, PendingReservation[]>();
      for (const pending of reservations) {
        const key = `${pending.agentId}:${pending.day}:${pending.cap}`;
        const group = groups.get(key);
        if (group) group.push(pending);
        else groups.set(key, [pending]);
      }
      // A day's settlement goes with the first group of reservations of that day.
      const paired = new Map<PendingReservation[], PendingSettle>();
      for (const group of groups.values()) {
        const key = `${group[0]!.agentId}:${group[0]!.day}`;
        const settle = settles.get(key);
        if (!settle) continue;
        paired.set(group, settle);
        settles.delete(key);
      }
      if (settles.size > 0) await this.writeSettles([...settles.values()]);
      for (const group of groups.values()) await this.writeReservations(group, paired.get(group));
    } finally {
      this.writing = false;
      if (this.settles.size > 0 || this.reservations.length > 0) this.schedule();
    }
  }

  private async writeSettles(settles: PendingSettle[]): Promise<void> {
    const changes = settles
      .filter((pending) => pending.change !== 0)
      .map(({ agentId, day, change }) => ({ agent_id: agentId, day, change }));
    try {
      if (changes.length > 0)
        await this.runtime.db.execute(sql`update agent_daily_usage
          set tokens = greatest(0, agent_daily_usage.tokens + settled.change)
          from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as settled(agent_id text, day text, change integer)
          where agent_daily_usage.agent_id = settled.agent_id and agent_daily_usage.day = settled.day`);
      for (const pending of settles) for (const waiter of pending.waiters) waiter.resolve();
    } catch (error) {
      for (const pending of settles) for (const waiter of pending.waiters) waiter.reject(error);
    }
  }

  private async writeReservations(group: PendingReservation[], settle?: PendingSettle): Promise<void> {
    const [{ agentId, day, cap }] = group as [PendingReservation];
    const settled = settle?.change ?? 0;
    try {
      const total = group.reduce((sum, pending) => sum + pending.tokens, 0);
      // (A day with no row yet takes the insert whole, so a sum over the cap is never tried; it has
      // nothing to settle either.) One reservation alone tries the sum only to carry a settlement.
      if (
        (group.length > 1 || settle) &&
        total <= cap &&
        (await reserveIfFits(this.runtime, agentId, day, total, cap, settled))
      ) {
        if (settle) for (const waiter of settle.waiters) waiter.resolve();
        for (const pending of group) pending.resolve({ agentId, day, tokens: pending.tokens });
        return;
      }
    } catch (error) {
      if (settle) for (const waiter of settle.waiters) waiter.reject(error);
      for (const pending of group) pending.reject(error);
      return;
    }
    if (settle) await this.writeSettles([settle]);
    for (const pending of group) {
      try {
        pending.resolve(await reserveOne(this.runtime, agentId, day, pending.tokens, cap));
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}

const writes = new RuntimeSlot<DailyTokenWrites>('daily-token-writes');

function dailyTokenWrites(runtime: Runtime): DailyTokenWrites {
  let found = writes.get(runtime);
  if (!found) {
    found = new DailyTokenWrites(runtime);
    writes.set(runtime, found);
  }
  return found;
}

/**
 * Reserves up to `wanted` tokens of the agent's daily `cap` before a run starts. The check and the
 * addition are one conditional upsert, so concurrent runs (in this process or another) cannot each be
 * granted the same remainder. When less than `wanted` is left but at least enough for an answer, the run
 * gets what is left. Written with the reservations and settlements of other runs (`DailyTokenWrites`).
 */
export function reserveDailyTokens(
  runtime: Runtime,
  agentId: string,
  wanted: number,
  cap: number,
): Promise<DailyTokenReservation | ReservationRefusal> {
  return dailyTokenWrites(runtime).reserve(agentId, utcDay(), Math.max(1, Math.min(wanted, cap)), cap);
}

/** Replaces a run's reservation by the tokens it actually used (given back when it used less). */
export async function settleDailyTokens(
  runtime: Runtime,
  reservation: DailyTokenReservation,
  usedTokens: number,
): Promise<void> {
  const change = usedTokens - reservation.tokens;
  if (change === 0) return;
  await dailyTokenWrites(runtime).settle(reservation.agentId, reservation.day, change);
}
