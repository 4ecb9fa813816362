import { agents } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { AppError } from '../../errors';
import type { Runtime } from '../../runtime';
import { RuntimeSlot } from '../../runtime-slot';
import { publishedVersionGraph } from '../agent-graphs';
import { type EmbedSettings, parseEmbedSettings, type WidgetConfig, widgetConfig } from '../embed-settings';
import { onAgentChange } from '../lookup-cache';
import { requireAllowedOrigin } from '../public-origin';

/** What the public routes know of an agent, cached briefly so a chat costs no lookup of its own. */
export interface PublicAgent {
  agentId: string;
  workspaceId: string;
  publicId: string;
  name: string;
  versionId: string;
  graph: unknown;
  settings: EmbedSettings;
}

/** How long a public agent (settings, published version) is served from memory. */
const AGENT_TTL_MS = 5_000;

interface PublicChatState {
  agents: Map<string, { value: Promise<PublicAgent | undefined>; expiresAt: number }>;
}

const states = new RuntimeSlot<PublicChatState>('public-chat');

function stateOf(runtime: Runtime): PublicChatState {
  let state = states.get(runtime);
  if (!state) {
    const created: PublicChatState = { agents: new Map() };
    onAgentChange(runtime, (publicId) => created.agents.delete(publicId));
    states.set(runtime, created);
    state = created;
  }
  return state;
}

async function readPublicAgent(runtime: Runtime, publicId: string): Promise<PublicAgent | undefined> {
  const [row] = await runtime.db
    .select({
      id: agents.id,
      workspaceId: agents.workspaceId,
      name: agents.name,
      publishedVersionId: agents.publishedVersionId,
      embedSettings: agents.embedSettings,
    })
    .from(agents)
    .where(eq(agents.publicId, publicId));
  if (!row?.publishedVersionId) return undefined;
  return {
    agentId: row.id,
    workspaceId: row.workspaceId,
    publicId,
    name: row.name,
    versionId: row.publishedVersionId,
    graph: await publishedVersionGraph(runtime, row.publishedVersionId),
    settings: parseEmbedSettings(row.embedSettings),
  };
}

/** Loads a published agent by its public id (never the internal id); 404 when there is none. */
export async function loadPublicAgent(runtime: Runtime, publicId: string): Promise<PublicAgent> {
  const state = stateOf(runtime);
  const now = Date.now();
  let entry = state.agents.get(publicId);
  if (!entry || entry.expiresAt < now) {
    if (!/^ag_[\w-]{1,40}$/.test(publicId)) throw notAvailable();
    entry = { value: readPublicAgent(runtime, publicId), expiresAt: now + AGENT_TTL_MS };
    entry.value.catch(() => state.agents.delete(publicId));
    if (state.agents.size > 10_000) state.agents.clear();
    state.agents.set(publicId, entry);
  }
  const agent = await entry.value;
  if (!agent) throw notAvailable();
  return agent;
}

function notAvailable(): AppError {
  return new AppError('not_found', 'This assistant is not available. Check the agent id in the embed code.');
}

/** The widget's look and welcome for an allowed origin. */
export async function getPublicWidgetConfig(
  runtime: Runtime,
  publicId: string,
  origin: string | null,
): Promise<WidgetConfig & { agentName: string }> {
  const agent = await loadPublicAgent(runtime, publicId);
  requireAllowedOrigin(agent, origin);
  return { ...widgetConfig(agent.settings), agentName: agent.name };
}
