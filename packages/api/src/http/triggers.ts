import type { LanguageModelFactory } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import type { LiveRun } from '../services/live-runs';
import { callerOrigin } from '../services/public-origin';
import { loadRun } from '../services/run-status';
import {
  createTrigger,
  createTriggerInput,
  findWebhookTrigger,
  getTrigger,
  listTriggers,
  parseTriggerConfig,
  removeTrigger,
  rotateTriggerToken,
  startTriggeredRun,
  type TriggerAccess,
  updateTrigger,
} from '../services/triggers';
import type { WebhookConfig } from '../services/trigger-config';
import { readWebhookInput } from '../services/webhook-request';
import { type ApiCaller, authenticateRequest, requireScope } from './authenticate';
import { errorResponse, readJsonBody, toErrorResponse } from './errors';

/** Authenticates a management call: API keys need `manage`; keys limited to agents see only theirs. */
async function managerOf(runtime: Runtime, request: Request): Promise<TriggerAccess> {
  const caller: ApiCaller = await authenticateRequest(runtime, request);
  requireScope(caller, 'manage');
  return { workspaceId: caller.workspaceId, role: caller.role, agentIds: caller.agentIds };
}

const createBody = z.strictObject({
  kind: z.enum(['webhook', 'schedule'], 'kind: "webhook" or "schedule"'),
  name: z.string(),
  enabled: z.boolean().optional(),
  config: z.unknown().optional(),
});

const updateBody = z.strictObject({
  name: z.string().optional(),
  enabled: z.boolean().optional(),
  config: z.unknown().optional(),
});

/** `GET /api/v1/agents/:id/triggers`: the agent's triggers (webhook URLs included for editors). */
export async function handleListTriggers(
  runtime: Runtime,
  request: Request,
  agentId: string,
): Promise<Response> {
  try {
    const access = await managerOf(runtime, request);
    return Response.json({
      data: await listTriggers(
        runtime,
        access,
        agentId,
        callerOrigin(request, runtime.config.trustedProxies),
      ),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** `POST /api/v1/agents/:id/triggers`: creates a trigger; 201 with it (a webhook's `webhookUrl` included). */
export async function handleCreateTrigger(
  runtime: Runtime,
  request: Request,
  agentId: string,
): Promise<Response> {
  try {
    const access = await managerOf(runtime, request);
    const body = createBody.parse(await readJsonBody(request, 64 * 1024));
    const input = createTriggerInput.parse({ ...body, agentId });
    const trigger = await createTrigger(
      runtime,
      access,
      input,
      callerOrigin(request, runtime.config.trustedProxies),
    );
    return Response.json(trigger, { status: 201, headers: { location: `/api/v1/triggers/${trigger.id}` } });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** `GET /api/v1/triggers/:id`. */
export async function handleGetTrigger(runtime: Runtime, request: Request, id: string): Promise<Response> {
  try {
    const access = await managerOf(runtime, request);
    return Response.json(
      await getTrigger(runtime, access, id, callerOrigin(request, runtime.config.trustedProxies)),
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** `PATCH /api/v1/triggers/:id`: `{ name?, enabled?, config? }` (config replaces the settings whole). */
export async function handleUpdateTrigger(runtime: Runtime, request: Request, id: string): Promise<Response> {
  try {
    const access = await managerOf(runtime, request);
    const body = updateBody.parse(await readJsonBody(request, 64 * 1024));
    return Response.json(
      await updateTrigger(
        runtime,
        access,
        { id, ...body },
        callerOrigin(request, runtime.config.trustedProxies),
      ),
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** `DELETE /api/v1/triggers/:id`: 204. */
export async function handleDeleteTrigger(runtime: Runtime, request: Request, id: string): Promise<Response> {
  try {
    const access = await managerOf(runtime, request);
    await removeTrigger(runtime, access, id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** `POST /api/v1/triggers/:id/rotate`: a new webhook URL; the old one answers 404 from now on. */
export async function handleRotateTrigger(runtime: Runtime, request: Request, id: string): Promise<Response> {
  try {
    const access = await managerOf(runtime, request);
    return Response.json(
      await rotateTriggerToken(runtime, access, id, callerOrigin(request, runtime.config.trustedProxies)),
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Follows a run until its end (or its wait for a person), up to `timeoutMs`; false when it still runs. */
async function runSettles(live: LiveRun, timeoutMs: number): Promise<boolean> {
  // The live run ends after its last event, which comes once the outcome is written: the row is current.
  for await (const _event of live.follow(0, AbortSignal.timeout(timeoutMs))) {
    // Only the end matters here.
  }
  return live.ended;
}

/**
 * `POST /api/hooks/:token`: a webhook trigger's public URL (the token is the credential; no session or
 * key). 404 for an unknown token, 409 when paused, 413 over the body limit (before reading it whole),
 * 401 for a missing or wrong signature, 429 over the trigger's runs per minute or tokens per day.
 * Answers 202 `{ runId, statusUrl }` at once; with `?wait=1`, when the trigger allows it, waits up to its
 * `waitTimeoutMs` and answers 200 `{ runId, status, answer }` (202 `{ runId, status: 'waiting' }` for a
 * run that waits for a person, 202 `{ runId, status: 'running' }` past the limit).
 */
export async function handleWebhook(
  runtime: Runtime,
  request: Request,
  token: string,
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<Response> {
  try {
    if (request.method !== 'POST')
      return errorResponse('bad_request', 'Webhooks are called with POST.', 405, { allow: 'POST' });
    const trigger = await findWebhookTrigger(runtime, token);
    if (!trigger)
      throw new AppError(
        'not_found',
        'No webhook at this address (its URL may have been rotated or deleted).',
      );
    if (!trigger.enabled)
      throw new AppError('conflict', `The trigger "${trigger.name}" is paused; its owner can resume it.`);
    const config = parseTriggerConfig('webhook', trigger.config) as WebhookConfig;
    const input = await readWebhookInput(runtime, trigger, config, request);
    const run = await startTriggeredRun(runtime, trigger, input, options);
    const origin = new URL(request.url).origin;
    const accepted = { runId: run.runId, statusUrl: `${origin}/api/v1/runs/${run.runId}` };
    const wait = new URL(request.url).searchParams.get('wait');
    if (!config.allowWait || (wait !== '1' && wait !== 'true'))
      return Response.json(accepted, { status: 202 });
    if (!(await runSettles(run.live, config.waitTimeoutMs)))
      return Response.json({ ...accepted, status: 'running' }, { status: 202 });
    const row = await loadRun(runtime, run.runId);
    if (!row) return Response.json({ ...accepted, status: 'running' }, { status: 202 });
    if (row.status === 'waiting') return Response.json({ ...accepted, status: 'waiting' }, { status: 202 });
    return Response.json(
      {
        runId: run.runId,
        status: row.status,
        answer: row.answer,
        ...(row.status === 'succeeded' ? {} : { error: row.error }),
      },
      { status: 200 },
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}
