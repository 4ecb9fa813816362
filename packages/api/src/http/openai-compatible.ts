import type { LanguageModelFactory } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { publishedAgentGraph } from '../services/agent-graphs';
import {
  chatCompletionRequestSchema,
  chatCompletionResponse,
  listAgentModels,
} from '../services/openai-compatible';
import { authenticateRequest, requireAgent, requireScope } from './authenticate';
import { readJsonBody, toErrorResponse } from './errors';
import { MAX_CHAT_BODY_BYTES } from '../services/chat';

/**
 * `POST /api/v1/chat/completions`: OpenAI's chat completions, answered by the published version of the
 * agent named as `model` (its id or slug), so the official `openai` client works unchanged. Keys need
 * the `run` scope and the agent on their list.
 */
export async function handleChatCompletions(
  runtime: Runtime,
  request: Request,
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    const body = chatCompletionRequestSchema.parse(await readJsonBody(request, MAX_CHAT_BODY_BYTES));
    const agent = await publishedAgentGraph(runtime, caller.workspaceId, body.model, (found) =>
      requireAgent(caller, found),
    );
    return await chatCompletionResponse(
      runtime,
      {
        workspaceId: caller.workspaceId,
        agentId: agent.agentId,
        versionId: agent.versionId,
        graph: agent.graph,
        apiKeyId: caller.keyId,
        languageModels: options.languageModels,
      },
      body,
      request.signal,
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** `GET /api/v1/models`: the published agents of the key's workspace that the key may use (`run` scope). */
export async function handleListModels(runtime: Runtime, request: Request): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    return Response.json(await listAgentModels(runtime, caller.workspaceId, caller.agentIds));
  } catch (error) {
    return toErrorResponse(error);
  }
}
