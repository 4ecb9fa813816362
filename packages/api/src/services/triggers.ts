import { createHash, randomBytes } from 'node:crypto';
import { agents, agentVersions, triggers } from '@agentry/db';
import { and, asc, eq } from '@agentry/db/drizzle';
import type { LanguageModelFactory } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { SecretDecryptionError, type SecretOwner } from '../security/secret-box';
import type { Role } from './auth';
import { secondsToMidnight, utcDay } from './daily-token-budget';
import { type DurableRun, startDurableRun } from './durable-runs';
import { sharedWindowLimiter, type WindowLimiter } from '../rate-limit';
import {
  nextRuns,
  type ScheduleConfig,
  scheduleConfigSchema,
  type TriggerKind,
  type TriggerLimits,
  triggerKinds,
  type WebhookConfig,
  webhookConfigSchema,
} from './trigger-config';
import { removeTriggerSchedule, syncTriggerSchedule } from './trigger-scheduler';

/** A trigger as stored. */
export type TriggerRow = typeof triggers.$inferSelect;

/**
 * Who manages triggers: a member (session or tRPC) or an API key. Keys limited to certain agents see
 * only those agents' triggers; the others answer 404 as if they did not exist.
 */
export interface TriggerAccess {
  workspaceId: string;
  role: Role;
  /** The agents a key is limited to; null: every agent of the workspace. */
  agentIds: readonly string[] | null;
}

/** A trigger as the builder and the REST API show it: never the URL's secret except in an editor's URL. */
export interface TriggerSummary {
  id: string;
  agentId: string;
  kind: TriggerKind;
  name: string;
  enabled: boolean;
  config: WebhookConfig | ScheduleConfig;
  /** Webhook only, editors only: `<origin>/api/hooks/<token>`. */
  webhookUrl?: string;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  /** Tokens used today (UTC) by the trigger's runs, against `config.limits.tokensPerDay`. */
  tokensToday: number;
  createdAt: Date;
  updatedAt: Date;
}

const nameSchema = z.string().trim().min(1, 'Name the trigger').max(120);
const idSchema = z.string().min(1).max(100);

/** Input for creating a trigger: its kind decides which settings it takes. */
export const createTriggerInput = z.discriminatedUnion('kind', [
  z.object({
    agentId: idSchema,
    kind: z.literal('webhook'),
    name: nameSchema,
    enabled: z.boolean().default(true),
    config: webhookConfigSchema.default(webhookConfigSchema.parse({})),
  }),
  z.object({
    agentId: idSchema,
    kind: z.literal('schedule'),
    name: nameSchema,
    enabled: z.boolean().default(true),
    config: scheduleConfigSchema,
  }),
]);

/** Input for changing a trigger: its name, whether it runs, or its settings (checked against its kind). */
export const updateTriggerInput = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  enabled: z.boolean().optional(),
  config: z.unknown().optional(),
});

/** The path of a webhook trigger's URL; its token is the only thing that names it. */
export const WEBHOOK_PATH = '/api/hooks/';

/** The secret row a webhook token is sealed to (a copy moved to another row does not open). */
function tokenOwner(row: { id: string; workspaceId: string }): SecretOwner {
  return { kind: 'trigger', id: row.id, workspaceId: row.workspaceId };
}

/** SHA-256 hex of a webhook token: how a request's token is looked up without storing the token plainly. */
export function hashWebhookToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new webhook token (32 random bytes, base64url) with its hash and sealed copy for the trigger's row. */
function newWebhookToken(runtime: Runtime, row: { id: string; workspaceId: string }) {
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    tokenHash: hashWebhookToken(token),
    encryptedToken: runtime.secrets.encrypt(token, tokenOwner(row)),
  };
}

/** `<origin>/api/hooks/<token>`. */
export function webhookUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}${WEBHOOK_PATH}${token}`;
}

/** A trigger's settings parsed for its kind (defaults filled); 400 naming the field when they do not fit. */
export function parseTriggerConfig(kind: string, config: unknown): WebhookConfig | ScheduleConfig {
  if (kind === 'webhook') return webhookConfigSchema.parse(config ?? {});
  if (kind === 'schedule') return scheduleConfigSchema.parse(config);
  throw new AppError('bad_request', `Unknown trigger kind "${kind}"; use ${triggerKinds.join(' or ')}.`);
}

/** The caps of a trigger, whatever its kind (defaults when its stored settings predate them). */
export function triggerLimits(trigger: Pick<TriggerRow, 'kind' | 'config'>): TriggerLimits {
  return parseTriggerConfig(trigger.kind, trigger.config).limits;
}

/**
 * When a schedule fires next after `from` (null for a webhook, or settings that no longer parse). The
 * schedule runner claims a run by moving `nextRunAt` on with this.
 */
export function scheduleNextRun(trigger: Pick<TriggerRow, 'kind' | 'config'>, from: Date): Date | null {
  if (trigger.kind !== 'schedule') return null;
  const parsed = scheduleConfigSchema.safeParse(trigger.config);
  if (!parsed.success) return null;
  return nextRuns(parsed.data, from, 1)[0] ?? null;
}

/** Throws 403 unless the caller is an editor (viewers may only list). */
function requireEditor(access: TriggerAccess): void {
  if (access.role === 'viewer')
    throw new AppError('forbidden', 'Viewers cannot change triggers; ask an editor.');
}

/** The agent if the caller may manage its triggers; 404 otherwise (a key limited to other agents included). */
async function agentFor(runtime: Runtime, access: TriggerAccess, agentId: string) {
  const [agent] = await runtime.db
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.workspaceId, access.workspaceId)));
  if (!agent || (access.agentIds !== null && !access.agentIds.includes(agent.id)))
    throw new AppError('not_found', `No agent "${agentId}" in this workspace.`);
  return agent;
}

/** The trigger if the caller may see it; 404 otherwise. */
async function triggerFor(runtime: Runtime, access: TriggerAccess, id: string): Promise<TriggerRow> {
  const [row] = await runtime.db
    .select()
    .from(triggers)
    .where(and(eq(triggers.id, id), eq(triggers.workspaceId, access.workspaceId)));
  if (!row || (access.agentIds !== null && !access.agentIds.includes(row.agentId)))
    throw new AppError('not_found', `No trigger "${id}" in this workspace.`);
  return row;
}

/** The webhook's token, for an editor's copy of its URL; undefined when it no longer decrypts. */
function openToken(runtime: Runtime, row: TriggerRow): string | undefined {
  if (!row.encryptedToken) return undefined;
  try {
    return runtime.secrets.decrypt(row.encryptedToken, tokenOwner(row));
  } catch (error) {
    if (error instanceof SecretDecryptionError) return undefined;
    throw error;
  }
}

/** A trigger as shown to `access`: the webhook URL only for editors. */
export function triggerSummary(
  runtime: Runtime,
  access: Pick<TriggerAccess, 'role'>,
  row: TriggerRow,
  origin: string,
): TriggerSummary {
  const config = parseTriggerConfig(row.kind, row.config);
  const token = row.kind === 'webhook' && access.role !== 'viewer' ? openToken(runtime, row) : undefined;
  return {
    id: row.id,
    agentId: row.agentId,
    kind: row.kind as TriggerKind,
    name: row.name,
    enabled: row.enabled,
    config,
    ...(token ? { webhookUrl: webhookUrl(origin, token) } : {}),
    nextRunAt: row.nextRunAt,
    lastRunAt: row.lastRunAt,
    tokensToday: row.usageDay === utcDay() ? row.tokensToday : 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** An agent's triggers, oldest first (viewers may list; they get no webhook URLs). */
export async function listTriggers(
  runtime: Runtime,
  access: TriggerAccess,
  agentId: string,
  origin: string,
): Promise<TriggerSummary[]> {
  const agent = await agentFor(runtime, access, agentId);
  const rows = await runtime.db
    .select()
    .from(triggers)
    .where(and(eq(triggers.agentId, agent.id), eq(triggers.workspaceId, access.workspaceId)))
    .orderBy(asc(triggers.createdAt));
  return rows.map((row) => triggerSummary(runtime, access, row, origin));
}

/** One trigger as `access` may see it. */
export async function getTrigger(
  runtime: Runtime,
  access: TriggerAccess,
  id: string,
  origin: string,
): Promise<TriggerSummary> {
  return triggerSummary(runtime, access, await triggerFor(runtime, access, id), origin);
}

/**
 * Creates a trigger of an agent (editors): a webhook gets its secret URL (answered in `webhookUrl`), a
 * schedule its first `nextRunAt`.
 */
export async function createTrigger(
  runtime: Runtime,
  access: TriggerAccess,
  input: z.input<typeof createTriggerInput>,
  origin: string,
): Promise<TriggerSummary> {
  requireEditor(access);
  const parsed = createTriggerInput.parse(input);
  const agent = await agentFor(runtime, access, parsed.agentId);
  // The id is chosen here: the token is sealed to its row before the row exists.
  const id = crypto.randomUUID();
  const secret =
    parsed.kind === 'webhook' ? newWebhookToken(runtime, { id, workspaceId: access.workspaceId }) : undefined;
  const [row] = await runtime.db
    .insert(triggers)
    .values({
      id,
      workspaceId: access.workspaceId,
      agentId: agent.id,
      kind: parsed.kind,
      name: parsed.name,
      enabled: parsed.enabled,
      config: parsed.config,
      tokenHash: secret?.tokenHash ?? null,
      encryptedToken: secret?.encryptedToken ?? null,
      nextRunAt: parsed.enabled ? scheduleNextRun(parsed, new Date()) : null,
    })
    .returning();
  await syncTriggerSchedule(runtime, row!);
  return triggerSummary(runtime, access, row!, origin);
}

/**
 * Changes a trigger's name, settings or enabled state (editors). A schedule whose settings change, or
 * which is resumed, gets its next run computed from now: runs missed while paused are not made up.
 */
export async function updateTrigger(
  runtime: Runtime,
  access: TriggerAccess,
  input: z.input<typeof updateTriggerInput>,
  origin: string,
): Promise<TriggerSummary> {
  requireEditor(access);
  const parsed = updateTriggerInput.parse(input);
  const row = await triggerFor(runtime, access, parsed.id);
  const config = parsed.config === undefined ? undefined : parseTriggerConfig(row.kind, parsed.config);
  const enabled = parsed.enabled ?? row.enabled;
  const rescheduled = config !== undefined || (enabled && !row.enabled);
  const next = { kind: row.kind, config: config ?? row.config };
  const [updated] = await runtime.db
    .update(triggers)
    .set({
      ...(parsed.name === undefined ? {} : { name: parsed.name }),
      ...(config === undefined ? {} : { config }),
      enabled,
      ...(!enabled
        ? { nextRunAt: null }
        : rescheduled
          ? { nextRunAt: scheduleNextRun(next, new Date()) }
          : {}),
      updatedAt: new Date(),
    })
    .where(eq(triggers.id, row.id))
    .returning();
  if (!updated) throw new AppError('not_found', `No trigger "${parsed.id}" in this workspace.`);
  await syncTriggerSchedule(runtime, updated);
  return triggerSummary(runtime, access, updated, origin);
}

/** Pauses (`enabled: false`) or resumes a trigger. */
export function setTriggerEnabled(
  runtime: Runtime,
  access: TriggerAccess,
  id: string,
  enabled: boolean,
  origin: string,
): Promise<TriggerSummary> {
  return updateTrigger(runtime, access, { id, enabled }, origin);
}

/** Deletes a trigger (editors); its past runs keep their history. */
export async function removeTrigger(runtime: Runtime, access: TriggerAccess, id: string): Promise<void> {
  requireEditor(access);
  const row = await triggerFor(runtime, access, id);
  await runtime.db.delete(triggers).where(eq(triggers.id, row.id));
  if (row.kind === 'schedule') await removeTriggerSchedule(runtime, row.id);
}

/** Gives a webhook trigger a new secret URL; the old one answers 404 from now on. */
export async function rotateTriggerToken(
  runtime: Runtime,
  access: TriggerAccess,
  id: string,
  origin: string,
): Promise<TriggerSummary> {
  requireEditor(access);
  const row = await triggerFor(runtime, access, id);
  if (row.kind !== 'webhook')
    throw new AppError('bad_request', 'Only webhook triggers have a URL to rotate.');
  const secret = newWebhookToken(runtime, row);
  const [updated] = await runtime.db
    .update(triggers)
    .set({ tokenHash: secret.tokenHash, encryptedToken: secret.encryptedToken, updatedAt: new Date() })
    .where(eq(triggers.id, row.id))
    .returning();
  return triggerSummary(runtime, access, updated!, origin);
}

/** The webhook trigger a URL token names, if any (looked up by its hash). */
export async function findWebhookTrigger(runtime: Runtime, token: string): Promise<TriggerRow | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [row] = await runtime.db
    .select()
    .from(triggers)
    .where(and(eq(triggers.tokenHash, hashWebhookToken(token)), eq(triggers.kind, 'webhook')));
  return row;
}

/** Runs per minute per trigger: counted in Redis when there is one, so every web server shares the count. */
const triggerRateLimiter = (runtime: Runtime): Promise<WindowLimiter> =>
  sharedWindowLimiter(runtime, { name: 'trigger:runs', windowSeconds: 60 });

/** Options for starting a trigger's run. */
export interface TriggeredRunOptions {
  /** Models to run with instead of the graph's (tests). */
  languageModels?: LanguageModelFactory;
}

/**
 * Starts a run of the trigger's agent's PUBLISHED version as a durable run (no reader needed), with
 * source `webhook` or `schedule` and `runs.trigger_id` set. Refuses a paused trigger (409), one past its
 * runs per minute or its tokens per day (429 with Retry-After), and an agent with nothing published
 * (409). The run may spend at most what is left of the day's tokens; what it uses is added to the
 * trigger's count when it ends (the run journal does it with the run's outcome).
 */
export async function startTriggeredRun(
  runtime: Runtime,
  trigger: TriggerRow,
  input: string,
  options: TriggeredRunOptions = {},
): Promise<DurableRun> {
  if (!trigger.enabled)
    throw new AppError('conflict', `The trigger "${trigger.name}" is paused; resume it to start runs.`);
  const limits = triggerLimits(trigger);
  const usedToday = trigger.usageDay === utcDay() ? trigger.tokensToday : 0;
  const tokensLeft = limits.tokensPerDay - usedToday;
  if (tokensLeft <= 0)
    throw new AppError(
      'rate_limited',
      `The trigger "${trigger.name}" has used its ${limits.tokensPerDay} tokens for today (UTC); it runs again tomorrow.`,
      { retryAfterSeconds: secondsToMidnight(), limit: 'tokensPerDay' },
    );
  const limiter = await triggerRateLimiter(runtime);
  const hit = await limiter.hit(trigger.id, limits.runsPerMinute);
  if (!hit.ok)
    throw new AppError(
      'rate_limited',
      `The trigger "${trigger.name}" may start ${limits.runsPerMinute} runs a minute; try again in ${hit.retryAfterSeconds} s.`,
      { retryAfterSeconds: hit.retryAfterSeconds, limit: 'runsPerMinute' },
    );
  try {
    const [agent] = await runtime.db
      .select({ name: agents.name, versionId: agents.publishedVersionId, graph: agentVersions.graph })
      .from(agents)
      .leftJoin(agentVersions, eq(agentVersions.id, agents.publishedVersionId))
      .where(and(eq(agents.id, trigger.agentId), eq(agents.workspaceId, trigger.workspaceId)));
    if (!agent) throw new AppError('not_found', 'The agent of this trigger no longer exists.');
    if (!agent.versionId)
      throw new AppError(
        'conflict',
        `Agent "${agent.name}" has no published version yet; triggers run the published version. Publish it first.`,
      );
    const run = await startDurableRun(
      runtime,
      {
        workspaceId: trigger.workspaceId,
        agentId: trigger.agentId,
        graph: agent.graph,
        versionId: agent.versionId,
        source: trigger.kind === 'schedule' ? 'schedule' : 'webhook',
        triggerId: trigger.id,
        message: input,
        options: { budget: { maxTokens: tokensLeft } },
        languageModels: options.languageModels,
      },
      { readerBound: false },
    );
    await runtime.db.update(triggers).set({ lastRunAt: new Date() }).where(eq(triggers.id, trigger.id));
    return run;
  } catch (error) {
    // A run that did not start does not use up the minute's allowance.
    await limiter.undo(trigger.id);
    throw error;
  }
}
