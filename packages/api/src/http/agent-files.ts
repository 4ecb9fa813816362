import { EVAL_LIMITS, evalCaseSchema } from '@agentry/engine/evals';
import { z } from 'zod';
import type { Runtime } from '../runtime';
import { replaceEvalCases } from '../services/eval-case-replace';
import { loadAgentCases, type StoredEvalCase } from '../services/eval-cases';
import { embedSettingsSchema, getEmbedSettings, updateEmbedSettings } from '../services/embed-settings';
import { managedAgent, withActor } from './agents';
import { readJsonBody } from './errors';

const embedBody = z.object({ settings: embedSettingsSchema });
const testsBody = z.object({
  cases: z
    .array(evalCaseSchema)
    .max(EVAL_LIMITS.maxCases, `An agent holds at most ${EVAL_LIMITS.maxCases} test cases.`),
});

/** A stored case as the API shows it: the case-file fields first, then its id and order. */
function caseJson(stored: StoredEvalCase) {
  return {
    id: stored.id,
    name: stored.name,
    input: stored.input,
    expect: stored.expect,
    position: stored.position,
    updatedAt: stored.updatedAt,
  };
}

/** `GET /api/v1/agents/:id/embed`: the agent's embed settings with every default filled in (`manage`). */
export function handleGetAgentEmbed(runtime: Runtime, request: Request, id: string): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    const agent = await managedAgent(runtime, caller, id);
    return Response.json(await getEmbedSettings(runtime, actor, agent.id));
  });
}

/** `PUT /api/v1/agents/:id/embed`: replaces the embed settings with `{ settings }` (editors, `manage`). */
export function handleUpdateAgentEmbed(runtime: Runtime, request: Request, id: string): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    const agent = await managedAgent(runtime, caller, id);
    const body = embedBody.parse(await readJsonBody(request, 256 * 1024));
    return Response.json(
      await updateEmbedSettings(runtime, actor, { id: agent.id, settings: body.settings }),
    );
  });
}

/** `GET /api/v1/agents/:id/tests`: the agent's test cases in order (`manage`). */
export function handleGetAgentTests(runtime: Runtime, request: Request, id: string): Promise<Response> {
  return withActor(runtime, request, async (_actor, caller) => {
    const agent = await managedAgent(runtime, caller, id);
    return Response.json({ data: (await loadAgentCases(runtime, agent.id)).map(caseJson) });
  });
}

/**
 * `PUT /api/v1/agents/:id/tests`: makes the agent's cases exactly `{ cases }`, in order, all or nothing
 * (editors, `manage`); answers the stored cases and whether anything changed.
 */
export function handleReplaceAgentTests(runtime: Runtime, request: Request, id: string): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    const agent = await managedAgent(runtime, caller, id);
    // A whole case file travels in one body, so the case-file limit applies.
    const body = testsBody.parse(await readJsonBody(request, EVAL_LIMITS.maxFileBytes));
    const result = await replaceEvalCases(runtime, actor, agent.id, body.cases);
    return Response.json({ changed: result.changed, data: result.cases.map(caseJson) });
  });
}
