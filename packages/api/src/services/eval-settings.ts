import { agents, credentials } from '@agentry/db';
import { and, eq } from '@agentry/db/drizzle';
import { EVAL_LIMITS, judgeModelSchema } from '@agentry/engine/evals';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';

/** Cases run at once when neither the eval run nor the agent's settings say. */
export const DEFAULT_EVAL_CONCURRENCY = 4;
/** The most cases one eval run executes at once (each is a full agent run). */
export const MAX_EVAL_CONCURRENCY = EVAL_LIMITS.maxConcurrency;

/** An agent's test settings (`agents.eval_settings`), with their defaults filled in. */
export const evalSettingsSchema = z.object({
  /** Publishing needs a finished eval run of the current draft with no failures. */
  requirePassingTests: z.boolean().default(false),
  /** The judge model of `judge` expectations that name none; null: the offline judge. */
  judge: judgeModelSchema.nullable().default(null),
  concurrency: z.number().int().min(1).max(MAX_EVAL_CONCURRENCY).default(DEFAULT_EVAL_CONCURRENCY),
});
/** An agent's test settings. */
export type EvalSettings = z.output<typeof evalSettingsSchema>;

/** Input for saving an agent's test settings. */
export const saveEvalSettingsInput = evalSettingsSchema.extend({ agentId: z.string().min(1).max(100) });

/** The settings stored on an agent row; a stored value that no longer parses falls back to the defaults. */
export function evalSettingsOf(agent: { evalSettings: unknown }): EvalSettings {
  const parsed = evalSettingsSchema.safeParse(agent.evalSettings ?? {});
  return parsed.success ? parsed.data : evalSettingsSchema.parse({});
}

/** An agent's test settings (members may read them). */
export async function getEvalSettings(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
): Promise<EvalSettings> {
  return evalSettingsOf(await getAgent(runtime, actor.workspaceId, agentId));
}

/** Saves an agent's test settings (editors); a judge credential must be one of the workspace's. */
export async function saveEvalSettings(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof saveEvalSettingsInput>,
): Promise<EvalSettings> {
  requireRole(actor, 'editor');
  const { agentId, ...rest } = saveEvalSettingsInput.parse(input);
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  if (rest.judge?.credentialId) await requireCredential(runtime, actor.workspaceId, rest.judge.credentialId);
  await runtime.db.update(agents).set({ evalSettings: rest }).where(eq(agents.id, agent.id));
  return rest;
}

/** Refuses a judge credential that is not the workspace's (before anything is stored or run). */
export async function requireCredential(runtime: Runtime, workspaceId: string, id: string): Promise<void> {
  const [row] = await runtime.db
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.id, id), eq(credentials.workspaceId, workspaceId)));
  if (!row)
    throw new AppError(
      'not_found',
      `The judge's credential ${id} does not exist in this workspace. Pick another in the test settings.`,
    );
}
