import type { Runtime } from '../runtime';
import { resolveAgentRunTarget } from '../services/agent-target';
import { chatRequestSchema, chatResponse, MAX_CHAT_BODY_BYTES } from '../services/chat';
import { authenticateRequest, requireScope } from './authenticate';
import { readJsonBody, toErrorResponse } from './errors';

/**
 * `POST /api/v1/agents/:id/chat`: one chat turn as a UI message stream. API keys talk to the published
 * version unless the body says `target: "draft"`; the builder's preview (session) talks to the draft.
 * Keys need the `run` scope and the agent on their list (a draft also needs `manage`). The answer names
 * the run in `x-agentry-run-id`; each SSE event carries its number as `id:` (see the runs routes).
 */
export async function handleAgentChat(
  runtime: Runtime,
  request: Request,
  agentIdOrSlug: string,
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    const body = chatRequestSchema.parse(await readJsonBody(request, MAX_CHAT_BODY_BYTES));
    const target = await resolveAgentRunTarget(runtime, caller, agentIdOrSlug, body.target);
    return await chatResponse(
      runtime,
      {
        workspaceId: caller.workspaceId,
        ...target,
        apiKeyId: caller.keyId,
        mayAnswer: caller.role !== 'viewer',
      },
      body,
      request.signal,
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}
