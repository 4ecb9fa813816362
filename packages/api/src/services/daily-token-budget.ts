import { agentDailyUsage } from '@agentry/db';
import { and, eq, sql } from '@agentry/db/drizzle';
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

/** Adds `tokens` to the day's total only if the total stays within `cap`, in one statement. */
async function reserveIfFits(runtime: Runtime, agentId: string, day: string, tokens: number, cap: number) {
  const rows = await runtime.db
    .insert(agentDailyUsage)
    .values({ agentId, day, tokens })
    .onConflictDoUpdate({
      target: [agentDailyUsage.agentId, agentDailyUsage.day],
      set: { tokens: sql`${agentDailyUsage.tokens} + ${tokens}` },
      setWhere: sql`${agentDailyUsage.tokens} + ${tokens} <= ${cap}`,
    })
    .returning({ tokens: agentDailyUsage.tokens });
  return rows.length > 0;
}

/**
 * Reserves up to `wanted` tokens of the agent's daily `cap` before a run starts. The check and the
 * addition are one conditional upsert, so concurrent runs (in this process or another) cannot each be
 * granted the same remainder. When less than `wanted` is left but at least enough for an answer, the run
 * gets what is left.
 */
export async function reserveDailyTokens(
  runtime: Runtime,
  agentId: string,
  wanted: number,
  cap: number,
): Promise<DailyTokenReservation | ReservationRefusal> {
  const day = utcDay();
  const tokens = Math.max(1, Math.min(wanted, cap));
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

/** Replaces a run's reservation by the tokens it actually used (given back when it used less). */
export async function settleDailyTokens(
  runtime: Runtime,
  reservation: DailyTokenReservation,
  usedTokens: number,
): Promise<void> {
  const change = usedTokens - reservation.tokens;
  if (change === 0) return;
  await runtime.db
    .update(agentDailyUsage)
    .set({ tokens: sql`greatest(0, ${agentDailyUsage.tokens} + ${change})` })
    .where(and(eq(agentDailyUsage.agentId, reservation.agentId), eq(agentDailyUsage.day, reservation.day)));
}
