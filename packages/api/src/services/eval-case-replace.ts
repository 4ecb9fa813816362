import { evalCases } from '@agentry/db';
import { and, asc, eq, inArray, sql } from '@agentry/db/drizzle';
import { EVAL_LIMITS, type EvalCase } from '@agentry/engine/evals';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { requireRole, type Actor } from './auth';
import { loadAgentCases, type StoredEvalCase } from './eval-cases';

/** Same name, input and expectations: the case would run and judge the same. */
function sameCase(stored: EvalCase, wanted: EvalCase): boolean {
  return (
    stored.name === wanted.name &&
    JSON.stringify(stored.input) === JSON.stringify(wanted.input) &&
    JSON.stringify(stored.expect) === JSON.stringify(wanted.expect)
  );
}

/**
 * Makes an agent's cases exactly `cases`, in that order (editors; the agent already checked to be the
 * caller's), all or nothing. Cases are matched by position, so an unchanged case keeps its id and an edit
 * changes its row in place; the agent's row is locked meanwhile, as `appendEvalCases` does, so concurrent
 * writers cannot pass the cap together. Answers whether anything changed.
 */
export async function replaceEvalCases(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
  cases: readonly EvalCase[],
): Promise<{ changed: boolean; cases: StoredEvalCase[] }> {
  requireRole(actor, 'editor');
  if (cases.length > EVAL_LIMITS.maxCases)
    throw new AppError(
      'bad_request',
      `An agent holds at most ${EVAL_LIMITS.maxCases} test cases; ${cases.length} were sent.`,
    );
  const changed = await runtime.db.transaction(async (tx) => {
    await tx.execute(sql`select id from agents where id = ${agentId} for update`);
    const existing = await tx
      .select({
        id: evalCases.id,
        name: evalCases.name,
        input: evalCases.input,
        expect: evalCases.expect,
      })
      .from(evalCases)
      .where(eq(evalCases.agentId, agentId))
      .orderBy(asc(evalCases.position), asc(evalCases.createdAt));
    let writes = 0;
    for (const [position, wanted] of cases.entries()) {
      const row = existing[position];
      if (!row) {
        await tx.insert(evalCases).values({
          workspaceId: actor.workspaceId,
          agentId,
          name: wanted.name,
          input: wanted.input,
          expect: wanted.expect,
          position,
          createdBy: actor.user.id,
        });
        writes++;
      } else if (!sameCase(row as EvalCase, wanted)) {
        await tx
          .update(evalCases)
          .set({ name: wanted.name, input: wanted.input, expect: wanted.expect, position })
          .where(eq(evalCases.id, row.id));
        writes++;
      } else {
        // Positions may have gaps from earlier deletes; renumber so the order stays the file's.
        await tx
          .update(evalCases)
          .set({ position })
          .where(and(eq(evalCases.id, row.id), sql`${evalCases.position} <> ${position}`));
      }
    }
    const extra = existing.slice(cases.length).map((row) => row.id);
    if (extra.length > 0) {
      await tx.delete(evalCases).where(inArray(evalCases.id, extra));
      writes += extra.length;
    }
    return writes > 0;
  });
  return { changed, cases: await loadAgentCases(runtime, agentId) };
}
