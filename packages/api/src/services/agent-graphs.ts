import { agents, agentVersions } from '@agentry/db';
import { and, eq } from '@agentry/db/drizzle';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { RuntimeSlot } from '../runtime-slot';
import { getAgent, UUID } from './agents';
import { type AgentHit, lookups } from './lookup-cache';

/**
 * "Which graph runs for this agent", answered once for every door (HTTP chat, OpenAI-compatible route,
 * widget, MCP, agent-as-tool, CLI). A published chat reads neither the agent (the brief lookup cache,
 * which publishing drops) nor its graph (versions never change, so their graphs stay in memory and the
 * engine reuses the compiled plan of the same object).
 */

/** A published version as a run needs it. */
export interface PublishedVersion {
  graph: unknown;
  /** Its number, 1, 2, 3… per agent. */
  version: number;
}

/** The graph an agent runs and where it comes from. */
export interface AgentGraph {
  agentId: string;
  name: string;
  graph: unknown;
  /** The published version that runs; null for the draft. */
  versionId: string | null;
  /** That version's number; null for the draft. */
  version: number | null;
}

/** Most published versions kept in memory per runtime; the oldest goes first. */
const MAX_VERSIONS = 500;

const versionCaches = new RuntimeSlot<Map<string, PublishedVersion>>('published-versions');

/** A published version's graph and number, read once per process (versions are immutable). */
export async function publishedVersion(
  runtime: Runtime,
  versionId: string,
): Promise<PublishedVersion | undefined> {
  let versions = versionCaches.get(runtime);
  if (!versions) {
    versions = new Map();
    versionCaches.set(runtime, versions);
  }
  const cached = versions.get(versionId);
  if (cached) return cached;
  const [row] = await runtime.db
    .select({ graph: agentVersions.graph, version: agentVersions.version })
    .from(agentVersions)
    .where(eq(agentVersions.id, versionId));
  if (!row) return undefined;
  if (versions.size >= MAX_VERSIONS) versions.delete(versions.keys().next().value!);
  versions.set(versionId, row);
  return row;
}

/** The graph of a published version (kept in memory, see `publishedVersion`); undefined when there is none. */
export async function publishedVersionGraph(runtime: Runtime, versionId: string): Promise<unknown> {
  return (await publishedVersion(runtime, versionId))?.graph;
}

async function lookupAgent(
  runtime: Runtime,
  workspaceId: string,
  idOrSlug: string,
): Promise<AgentHit | undefined> {
  const cache = lookups(runtime).agents;
  const key = `${workspaceId}:${idOrSlug}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const [row] = await runtime.db
    .select({ id: agents.id, name: agents.name, publishedVersionId: agents.publishedVersionId })
    .from(agents)
    .where(
      and(eq(agents.workspaceId, workspaceId), eq(UUID.test(idOrSlug) ? agents.id : agents.slug, idOrSlug)),
    );
  if (row) cache.set(key, row);
  return row;
}

/**
 * An agent of the workspace by id or slug: id, name and published version only, cached briefly
 * (publishing or deleting it here drops the entry). 404 when there is none.
 */
export async function findWorkspaceAgent(
  runtime: Runtime,
  workspaceId: string,
  idOrSlug: string,
): Promise<AgentHit> {
  const agent = await lookupAgent(runtime, workspaceId, idOrSlug);
  if (!agent) throw new AppError('not_found', `No agent "${idOrSlug}" in this workspace.`);
  return agent;
}

/**
 * The published version of an agent (id or slug); 404 when it has none. `authorize` sees the agent
 * before anything about its versions is said, so a caller who may not use it learns nothing more.
 */
export async function publishedAgentGraph(
  runtime: Runtime,
  workspaceId: string,
  idOrSlug: string,
  authorize?: (agent: AgentHit) => void,
): Promise<AgentGraph & { versionId: string }> {
  const agent = await findWorkspaceAgent(runtime, workspaceId, idOrSlug);
  authorize?.(agent);
  const version = agent.publishedVersionId
    ? await publishedVersion(runtime, agent.publishedVersionId)
    : undefined;
  if (!agent.publishedVersionId || !version)
    throw new AppError('not_found', `Agent "${agent.name}" has no published version yet. Publish it first.`);
  return {
    agentId: agent.id,
    name: agent.name,
    graph: version.graph,
    versionId: agent.publishedVersionId,
    version: version.version,
  };
}

/** The draft of an agent (id or slug), read fresh: drafts change with every save. 404 when there is none. */
export async function draftAgentGraph(
  runtime: Runtime,
  workspaceId: string,
  idOrSlug: string,
): Promise<AgentGraph> {
  const agent = await getAgent(runtime, workspaceId, idOrSlug);
  return { agentId: agent.id, name: agent.name, graph: agent.draftGraph, versionId: null, version: null };
}

/** What an agent runs when nobody chose: its published version, or its draft until it has one (the CLI). */
export async function currentAgentGraph(
  runtime: Runtime,
  workspaceId: string,
  idOrSlug: string,
): Promise<AgentGraph> {
  const agent = await findWorkspaceAgent(runtime, workspaceId, idOrSlug);
  if (agent.publishedVersionId) return publishedAgentGraph(runtime, workspaceId, agent.id);
  return draftAgentGraph(runtime, workspaceId, agent.id);
}

/**
 * The published graph of another agent of the same workspace, for agent-as-tool calls; undefined when
 * it does not exist there or is not published (the engine then names the tool to fix).
 */
export async function publishedGraphOfAgent(
  runtime: Runtime,
  workspaceId: string,
  agentId: string,
): Promise<unknown> {
  // Agent-as-tool names agents by id; a slug or stray text names none.
  if (!UUID.test(agentId)) return undefined;
  const agent = await lookupAgent(runtime, workspaceId, agentId);
  if (!agent?.publishedVersionId) return undefined;
  return publishedVersionGraph(runtime, agent.publishedVersionId);
}
