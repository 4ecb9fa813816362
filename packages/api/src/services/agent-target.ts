import { agentVersions } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { AppError } from '../errors';
import type { ApiCaller } from '../http/authenticate';
import { requireAgent, requireScope } from '../http/authenticate';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';

/** Which graph of an agent a caller runs, and as what source. */
export interface AgentRunTarget {
  agentId: string;
  graph: unknown;
  versionId: string | null;
  source: 'preview' | 'api';
}

/**
 * Which graph runs for an HTTP caller: API keys get the published version unless they ask for
 * `draft` (which also needs `manage`); the builder's preview (a session) gets the draft. Keys need the
 * `run` scope and the agent on their list; viewers cannot run drafts.
 */
export async function resolveAgentRunTarget(
  runtime: Runtime,
  caller: ApiCaller,
  agentIdOrSlug: string,
  requested: 'draft' | 'published' | undefined,
): Promise<AgentRunTarget> {
  requireScope(caller, 'run');
  const agent = await getAgent(runtime, caller.workspaceId, agentIdOrSlug);
  requireAgent(caller, agent);
  const target = requested ?? (caller.via === 'session' ? 'draft' : 'published');
  if (target === 'draft') {
    if (caller.role === 'viewer')
      throw new AppError('forbidden', 'Viewers cannot run drafts; ask an editor.');
    // A draft is work in progress: running it is the builder's preview, for keys that manage agents.
    requireScope(caller, 'manage');
    return { agentId: agent.id, graph: agent.draftGraph, versionId: null, source: 'preview' };
  }
  if (!agent.publishedVersionId)
    throw new AppError('not_found', `Agent "${agent.name}" has no published version yet.`);
  const [version] = await runtime.db
    .select({ graph: agentVersions.graph })
    .from(agentVersions)
    .where(eq(agentVersions.id, agent.publishedVersionId));
  return { agentId: agent.id, graph: version?.graph, versionId: agent.publishedVersionId, source: 'api' };
}
