import { agents, credentials, knowledgeBases } from '@agentry/db';
import { and, asc, eq, ne, sql } from '@agentry/db/drizzle';
import type { CopilotWorkspace } from '@agentry/engine';
import { queryRows } from '../knowledge/query-rows';
import type { Runtime } from '../runtime';

/** Most entries of each kind the Copilot is told about: enough to pick from, short enough for a prompt. */
const MAX_ENTRIES = 50;

/**
 * What the Copilot may pick from in the workspace: knowledge bases, other agents (as tools), credentials
 * and the MCP servers other graphs already use. Names and ids only: a credential's secret, base URL and
 * hosts stay here, and an MCP server's address loses any user, password, query or fragment.
 */
export async function copilotWorkspace(
  runtime: Runtime,
  workspaceId: string,
  agentId: string,
): Promise<CopilotWorkspace> {
  const [bases, others, keys, servers] = await Promise.all([
    runtime.db
      .select({ id: knowledgeBases.id, name: knowledgeBases.name })
      .from(knowledgeBases)
      .where(eq(knowledgeBases.workspaceId, workspaceId))
      .orderBy(asc(knowledgeBases.name))
      .limit(MAX_ENTRIES),
    runtime.db
      .select({ id: agents.id, name: agents.name })
      .from(agents)
      .where(and(eq(agents.workspaceId, workspaceId), ne(agents.id, agentId)))
      .orderBy(asc(agents.name))
      .limit(MAX_ENTRIES),
    runtime.db
      .select({ id: credentials.id, name: credentials.name, provider: credentials.provider })
      .from(credentials)
      .where(eq(credentials.workspaceId, workspaceId))
      .orderBy(asc(credentials.name))
      .limit(MAX_ENTRIES),
    mcpServersInUse(runtime, workspaceId),
  ]);
  return { knowledgeBases: bases, agents: others, credentials: keys, mcpServers: servers };
}

/**
 * The MCP servers the workspace's drafts point at, read inside the database (the graphs themselves are
 * not loaded here: they may be megabytes each).
 */
async function mcpServersInUse(
  runtime: Runtime,
  workspaceId: string,
): Promise<CopilotWorkspace['mcpServers']> {
  const rows = await queryRows<{ url: string | null; name: string | null }>(
    runtime,
    sql`
    select distinct node -> 'data' -> 'config' ->> 'url' as url, node -> 'data' ->> 'label' as name
    from ${agents}, jsonb_array_elements(
      case when jsonb_typeof(${agents.draftGraph} -> 'nodes') = 'array'
        then ${agents.draftGraph} -> 'nodes' else '[]'::jsonb end
    ) as node
    where ${agents.workspaceId} = ${workspaceId}
      and node ->> 'type' = 'mcp-tools'
      and node -> 'data' -> 'config' ->> 'url' is not null
    limit ${MAX_ENTRIES * 4}`,
  );
  const servers = new Map<string, string>();
  for (const row of rows) {
    const url = publicAddress(row.url);
    if (url && !servers.has(url) && servers.size < MAX_ENTRIES)
      servers.set(url, row.name || new URL(url).host);
  }
  return [...servers].map(([url, name]) => ({ url, name }));
}

/** An http(s) address without user info, query or fragment, which may carry tokens; undefined otherwise. */
function publicAddress(value: string | null): string | undefined {
  const url = URL.parse(value ?? '');
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  return `${url.origin}${url.pathname}`;
}
