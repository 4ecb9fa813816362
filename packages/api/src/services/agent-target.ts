import { AppError } from '../errors';
import type { ApiCaller } from '../http/authenticate';
import { requireAgent, requireScope } from '../http/authenticate';
import type { Runtime } from '../runtime';
import { draftAgentGraph, publishedAgentGraph } from './agent-graphs';

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
  const target = requested ?? (caller.via === 'session' ? 'draft' : 'published');
  if (target === 'draft') {
    const draft = await draftAgentGraph(runtime, caller.workspaceId, agentIdOrSlug);
    requireAgent(caller, { id: draft.agentId, name: draft.name });
    if (caller.role === 'viewer')
      throw new AppError('forbidden', 'Viewers cannot run drafts; ask an editor.');
    // A draft is work in progress: running it is the builder's preview, for keys that manage agents.
    requireScope(caller, 'manage');
    return { agentId: draft.agentId, graph: draft.graph, versionId: null, source: 'preview' };
  }
  // What every API chat runs: see agent-graphs.ts for why a published chat reads no row.
  const published = await publishedAgentGraph(runtime, caller.workspaceId, agentIdOrSlug, (agent) =>
    requireAgent(caller, agent),
  );
  return {
    agentId: published.agentId,
    graph: published.graph,
    versionId: published.versionId,
    source: 'api',
  };
}
