import { checkGraph, diffGraphs, type EmbedSettings, type GraphChange } from '@agentry/api';
import type { Graph } from '@agentry/engine';
import { type EvalCase, evalCaseSchema } from '@agentry/engine/evals';
import { callServer, ServerError, type SyncConnection } from './sync-client';
import { type LocalAgent, readState, type SyncState } from './sync-files';

/** An agent as `GET /api/v1/agents/:id` answers. */
export interface ServerAgent {
  id: string;
  slug: string;
  name: string;
  revision: number;
  graph: unknown;
}

/** How the test cases of a file differ from the server's, by case name. */
export interface CaseChanges {
  added: string[];
  removed: string[];
  changed: string[];
  reordered: boolean;
}

/** What `push` would do for one agent file. */
export interface AgentPlan {
  local: LocalAgent;
  action: 'create' | 'update';
  /** The server's agent (updates). */
  server?: ServerAgent;
  /** The revision the folder was pulled at; undefined when the agent was never pulled into it. */
  pulledRevision?: number;
  /** Why pushing this agent would overwrite someone's work (refused without --force). */
  conflict?: string;
  graphChanged: boolean;
  graphChanges: GraphChange[];
  /** Settings whose value differs (top-level names, `limits.x` inside limits); undefined: file absent or same. */
  embedChanges?: string[];
  caseChanges?: CaseChanges;
}

/** The plan for a folder: one entry per graph file, and the state it was made against. */
export interface SyncPlan {
  state: SyncState | undefined;
  agents: AgentPlan[];
}

/**
 * JSON with object keys sorted at every depth: the database (jsonb) stores keys in its own order, so two
 * equal values must be compared this way, not by their text as written.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** A copy with keys sorted, so the graph differ (which compares settings as JSON text) sees no false changes. */
const sortedKeys = (graph: Graph): Graph => JSON.parse(canonicalJson(graph)) as Graph;

const EMPTY_GRAPH: Graph = { version: 1, nodes: [], edges: [] } as unknown as Graph;

/** True when the plan for this agent changes anything on the server. */
export function planChanges(plan: AgentPlan): boolean {
  return (
    plan.action === 'create' ||
    plan.graphChanged ||
    plan.embedChanges !== undefined ||
    plan.caseChanges !== undefined
  );
}

function embedDifferences(server: EmbedSettings, local: EmbedSettings): string[] | undefined {
  const keys: string[] = [];
  for (const key of Object.keys(local) as (keyof EmbedSettings)[]) {
    if (key === 'limits') {
      for (const limit of Object.keys(local.limits) as (keyof EmbedSettings['limits'])[])
        if (server.limits?.[limit] !== local.limits[limit]) keys.push(`limits.${limit}`);
    } else if (canonicalJson(server[key]) !== canonicalJson(local[key])) keys.push(key);
  }
  return keys.length > 0 ? keys : undefined;
}

/** Compares cases as their JSON, so a case is "changed" when its name stays and its input or checks move. */
function caseDifferences(server: readonly EvalCase[], local: readonly EvalCase[]): CaseChanges | undefined {
  const text = (entry: EvalCase) => canonicalJson(evalCaseSchema.parse(entry));
  const serverTexts = server.map(text);
  const localTexts = local.map(text);
  if (JSON.stringify(serverTexts) === JSON.stringify(localTexts)) return undefined;
  const serverNames = new Map(server.map((entry, index) => [entry.name, serverTexts[index]]));
  const localNames = new Map(local.map((entry, index) => [entry.name, localTexts[index]]));
  const changes: CaseChanges = { added: [], removed: [], changed: [], reordered: false };
  for (const [name, value] of localNames) {
    if (!serverNames.has(name)) changes.added.push(name);
    else if (serverNames.get(name) !== value) changes.changed.push(name);
  }
  for (const name of serverNames.keys()) if (!localNames.has(name)) changes.removed.push(name);
  // The same cases by name and content, yet the lists differ: only their order moved.
  changes.reordered = changes.added.length + changes.removed.length + changes.changed.length === 0;
  return changes;
}

/** The server's agent for a file: by the id pulled, else by slug; undefined when there is none. */
async function findServerAgent(
  connection: SyncConnection,
  idOrSlug: string,
): Promise<ServerAgent | undefined> {
  try {
    return await callServer<ServerAgent>(connection, 'GET', `/agents/${encodeURIComponent(idOrSlug)}`);
  } catch (error) {
    if (error instanceof ServerError && error.status === 404) return undefined;
    throw error;
  }
}

async function planAgent(
  connection: SyncConnection,
  local: LocalAgent,
  pulled: SyncState['agents'][number] | undefined,
  force: boolean,
): Promise<AgentPlan> {
  const server = await findServerAgent(connection, pulled?.id ?? local.slug);
  if (!server) {
    return {
      local,
      action: 'create',
      conflict: pulled && !force ? `${local.slug} was deleted on the server since the pull.` : undefined,
      graphChanged: true,
      graphChanges: diffGraphs(EMPTY_GRAPH, local.graph),
      embedChanges: local.embed ? ['all'] : undefined,
      caseChanges: local.cases?.length
        ? { added: local.cases.map((entry) => entry.name), removed: [], changed: [], reordered: false }
        : undefined,
    };
  }
  const serverGraph = checkGraph(server.graph).graph;
  const plan: AgentPlan = {
    local,
    action: 'update',
    server,
    pulledRevision: pulled?.revision,
    graphChanged: canonicalJson(serverGraph) !== canonicalJson(local.graph),
    graphChanges: diffGraphs(sortedKeys(serverGraph), sortedKeys(local.graph)),
  };
  if (!pulled) plan.conflict = `${local.slug} exists on the server but was not pulled into this folder.`;
  else if (pulled.revision !== server.revision)
    plan.conflict = `${local.slug} changed on the server since the pull (revision ${pulled.revision} → ${server.revision}).`;
  if (force) plan.conflict = undefined;
  if (local.embed) {
    const current = await callServer<{ settings: EmbedSettings }>(
      connection,
      'GET',
      `/agents/${server.id}/embed`,
    );
    plan.embedChanges = embedDifferences(current.settings, local.embed);
  }
  if (local.cases) {
    const current = await callServer<{ data: EvalCase[] }>(connection, 'GET', `/agents/${server.id}/tests`);
    plan.caseChanges = caseDifferences(current.data, local.cases);
  }
  return plan;
}

/**
 * Compares the folder's agents with the server's, changing nothing: which would be created or updated
 * and how, and which were changed on the server since the pull (conflicts; `force` ignores them).
 */
export async function planSync(
  connection: SyncConnection,
  dir: string,
  agents: readonly LocalAgent[],
  force: boolean,
): Promise<SyncPlan> {
  let state = readState(dir);
  // State from another server names ids that mean nothing here: match by slug as if never pulled.
  if (state && state.server !== connection.server) state = undefined;
  const plans: AgentPlan[] = [];
  for (const local of agents) {
    const pulled = state?.agents.find((entry) => entry.slug === local.slug);
    plans.push(await planAgent(connection, local, pulled, force));
  }
  return { state, agents: plans };
}
