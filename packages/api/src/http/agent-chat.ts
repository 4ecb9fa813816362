import { agentVersions } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from '../services/agents';
import { chatRequestSchema, chatResponse } from '../services/chat';
import { authenticateRequest, requireAgent, requireScope } from './authenticate';
import { readJsonBody, toErrorResponse } from './errors';

/**
 * `POST /api/v1/agents/:id/chat`: one chat turn as a UI message stream. API keys talk to the published
 * version unless the body says `target: "draft"`; the builder's preview (session) talks to the draft.
 * Keys need the `run` scope and the agent on their list (a draft also needs `manage`).
 */
export async function handleAgentChat(
  runtime: Runtime,
  request: Request,
  agentIdOrSlug: string,
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    const body = chatRequestSchema.parse(await readJsonBody(request));
    const agent = await getAgent(runtime, caller.workspaceId, agentIdOrSlug);
    requireAgent(caller, agent);
    const target = body.target ?? (caller.via === 'session' ? 'draft' : 'published');
    let graph: unknown = agent.draftGraph;
    let versionId: string | null = null;
    if (target === 'draft') {
      if (caller.role === 'viewer')
        throw new AppError('forbidden', 'Viewers cannot run drafts; ask an editor.');
      // A draft is work in progress: running it is the builder's preview, for keys that manage agents.
      requireScope(caller, 'manage');
    } else {
      if (!agent.publishedVersionId)
        throw new AppError('not_found', `Agent "${agent.name}" has no published version yet.`);
      const [version] = await runtime.db
        .select()
        .from(agentVersions)
        .where(eq(agentVersions.id, agent.publishedVersionId));
      graph = version?.graph;
      versionId = agent.publishedVersionId;
    }
    return await chatResponse(
      runtime,
      {
        workspaceId: caller.workspaceId,
        agentId: agent.id,
        graph,
        versionId,
        source: target === 'draft' ? 'preview' : 'api',
        apiKeyId: caller.keyId,
      },
      body,
      request.signal,
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}
