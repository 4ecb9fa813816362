import { evalCases } from '@agentry/db';
import { and, asc, count, eq, inArray, max, sql } from '@agentry/db/drizzle';
import { EVAL_LIMITS, type EvalCase, evalCaseSchema } from '@agentry/engine/evals';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';

/** A stored test case of an agent, as the Tests tab lists it. */
export interface StoredEvalCase extends EvalCase {
  id: string;
  position: number;
  updatedAt: Date;
}

const idSchema = z.string().min(1).max(100);

/** Input for creating (no id) or changing (id) a case; the case itself is checked by `evalCaseSchema`. */
export const saveEvalCaseInput = evalCaseSchema.extend({ agentId: idSchema, id: idSchema.optional() });

const caseColumns = {
  id: evalCases.id,
  name: evalCases.name,
  input: evalCases.input,
  expect: evalCases.expect,
  position: evalCases.position,
  updatedAt: evalCases.updatedAt,
};

function toStoredCase(row: {
  id: string;
  name: string;
  input: unknown;
  expect: unknown;
  position: number;
  updatedAt: Date;
}): StoredEvalCase {
  return { ...row, input: row.input as EvalCase['input'], expect: row.expect as EvalCase['expect'] };
}

/** An agent's cases in the Tests tab's order (members may read them). */
export async function listEvalCases(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
): Promise<StoredEvalCase[]> {
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  return loadAgentCases(runtime, agent.id);
}

/** The cases of an agent already checked to be the caller's; only `caseIds` when given (every one must exist). */
export async function loadAgentCases(
  runtime: Runtime,
  agentId: string,
  caseIds?: readonly string[],
): Promise<StoredEvalCase[]> {
  const filters = [eq(evalCases.agentId, agentId)];
  if (caseIds) filters.push(inArray(evalCases.id, [...caseIds]));
  const rows = await runtime.db
    .select(caseColumns)
    .from(evalCases)
    .where(and(...filters))
    .orderBy(asc(evalCases.position), asc(evalCases.createdAt));
  if (caseIds && rows.length < new Set(caseIds).size) {
    const found = new Set(rows.map((row) => row.id));
    const missing = caseIds.filter((id) => !found.has(id));
    throw new AppError('not_found', `This agent has no test case ${missing.slice(0, 3).join(', ')}.`);
  }
  return rows.map(toStoredCase);
}

/**
 * Adds cases at the end of an agent's list, all or none, refusing to pass EVAL_LIMITS.maxCases. The
 * agent's row is locked meanwhile so two imports cannot both fit under the cap and together pass it.
 */
export async function appendEvalCases(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
  cases: readonly EvalCase[],
): Promise<StoredEvalCase[]> {
  return runtime.db.transaction(async (tx) => {
    await tx.execute(sql`select id from agents where id = ${agentId} for update`);
    const [stats] = await tx
      .select({ count: count(), last: max(evalCases.position) })
      .from(evalCases)
      .where(eq(evalCases.agentId, agentId));
    const existing = stats?.count ?? 0;
    if (existing + cases.length > EVAL_LIMITS.maxCases)
      throw new AppError(
        'bad_request',
        `An agent holds at most ${EVAL_LIMITS.maxCases} test cases; it has ${existing}, so ${cases.length} more do not fit. Delete some first.`,
      );
    const start = (stats?.last ?? -1) + 1;
    const rows = await tx
      .insert(evalCases)
      .values(
        cases.map((evalCase, index) => ({
          workspaceId: actor.workspaceId,
          agentId,
          name: evalCase.name,
          input: evalCase.input,
          expect: evalCase.expect,
          position: start + index,
          createdBy: actor.user.id,
        })),
      )
      .returning(caseColumns);
    return rows.map(toStoredCase);
  });
}

/** Creates a case (at the end) or changes one of the agent's (editors); the case must fit the format. */
export async function saveEvalCase(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof saveEvalCaseInput>,
): Promise<StoredEvalCase> {
  requireRole(actor, 'editor');
  const { agentId, id, ...evalCase } = saveEvalCaseInput.parse(input);
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  if (!id) {
    const [created] = await appendEvalCases(runtime, actor, agent.id, [evalCase]);
    return created!;
  }
  const [row] = await runtime.db
    .update(evalCases)
    .set({ name: evalCase.name, input: evalCase.input, expect: evalCase.expect })
    .where(and(eq(evalCases.id, id), eq(evalCases.agentId, agent.id)))
    .returning(caseColumns);
  if (!row) throw new AppError('not_found', `This agent has no test case ${id}.`);
  return toStoredCase(row);
}

/** Deletes a case of the workspace (editors); results that ran it keep their copy of the case. */
export async function deleteEvalCase(runtime: Runtime, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'editor');
  const [removed] = await runtime.db
    .delete(evalCases)
    .where(and(eq(evalCases.id, id), eq(evalCases.workspaceId, actor.workspaceId)))
    .returning({ id: evalCases.id });
  if (!removed) throw new AppError('not_found', `No test case ${id} in this workspace.`);
}
