import { AppError } from '../errors';
import type { ApiCaller } from '../http/authenticate';
import { requireAgent, requireScope } from '../http/authenticate';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { findCompletionAgent } from './openai-compatible';
import { publishedVersionGraph } from './public-chat';

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
    const agent = await getAgent(runtime, caller.workspaceId, agentIdOrSlug);
    requireAgent(caller, agent);
    if (caller.role === 'viewer')
      throw new AppError('forbidden', 'Viewers cannot run drafts; ask an editor.');
    // A draft is work in progress: running it is the builder's preview, for keys that manage agents.
    requireScope(caller, 'manage');
    return { agentId: agent.id, graph: agent.draftGraph, versionId: null, source: 'preview' };
  }
  // The published graph is what every API chat runs: the agent row is read through the brief lookup
  // cache (publishing drops it) and the version's graph, which never changes, is kept in memory, so a
  // chat reads neither (the engine then reuses the graph's compiled plan).
  const agent = await findCompletionAgent(runtime, caller.workspaceId, agentIdOrSlug);
  requireAgent(caller, agent);
  if (!agent.publishedVersionId)
    throw new AppError('not_found', `Agent "${agent.name}" has no published version yet.`);
  const graph = await publishedVersionGraph(runtime, agent.publishedVersionId);
  return { agentId: agent.id, graph, versionId: agent.publishedVersionId, source: 'api' };
}
