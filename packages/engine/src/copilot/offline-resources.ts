import { contentWords } from './offline-words';
import type { CopilotWorkspace } from './types';

/** Settings a new node needs from the workspace, and what to tell the person about them. */
export interface PickedResources {
  config: Record<string, unknown>;
  notes: string[];
  /** Set when the node cannot work without something the workspace lacks. */
  missing?: string;
}

/** The entry whose name shares the most words with the request, else the first; undefined when none. */
export function bestNamed<Entry extends { name: string }>(
  entries: readonly Entry[],
  request: string,
): Entry | undefined {
  const wanted = new Set(contentWords(request));
  let best: Entry | undefined;
  let bestScore = -1;
  for (const entry of entries) {
    const score = contentWords(entry.name).filter((word) => wanted.has(word)).length;
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Fills the settings that point into the workspace (the knowledge base to search, the agent to call, the
 * MCP server's URL) with what the workspace has, choosing by the request's words.
 */
export function pickResources(
  config: Record<string, unknown>,
  fields: ReadonlySet<string>,
  nodeLabel: string,
  workspace: CopilotWorkspace,
  request: string,
): PickedResources {
  const picked: PickedResources = { config: {}, notes: [] };
  if (fields.has('knowledgeBaseId') && !config.knowledgeBaseId) {
    const base = bestNamed(workspace.knowledgeBases, request);
    if (base) {
      picked.config.knowledgeBaseId = base.id;
      picked.notes.push(`${nodeLabel} searches the knowledge base “${base.name}”.`);
    } else {
      picked.notes.push(
        `${nodeLabel} has no knowledge base yet: the workspace has none. Create one under Knowledge, add your documents, then pick it on the node.`,
      );
    }
  }
  if (fields.has('agentId') && !config.agentId) {
    const agent = bestNamed(workspace.agents, request);
    if (agent) {
      picked.config.agentId = agent.id;
      picked.notes.push(`${nodeLabel} calls the agent “${agent.name}”.`);
    } else picked.missing = 'there is no other saved agent for it to call';
  }
  if (fields.has('transport') && fields.has('url') && !config.url && config.transport !== 'command') {
    const server = bestNamed(workspace.mcpServers, request);
    if (server) {
      picked.config.url = server.url;
      picked.notes.push(
        `${nodeLabel} uses the MCP server “${server.name}”: press Connect on the node and tick the tools it may call.`,
      );
    } else
      picked.missing = 'no MCP server is known in this workspace (set its URL on an MCP Tools node first)';
  }
  return picked;
}
