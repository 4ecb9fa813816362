import { agents } from '@agentry/db';
import { and, asc, eq, inArray, isNotNull } from '@agentry/db/drizzle';
import type { LanguageModelFactory } from '@agentry/engine';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { z } from 'zod';
import type { Runtime } from '../runtime';
import { MAX_MESSAGE_CHARS } from './chat';
import { callAgentTool } from './mcp-agent-call';

/** Longest MCP tool name (what clients such as Claude and Cursor accept). */
export const MAX_TOOL_NAME_LENGTH = 64;

/** A published agent as an MCP tool. */
export interface McpAgentTool {
  /** The tool name: the agent's slug in [a-zA-Z0-9_-], at most 64 characters, unique in the list. */
  name: string;
  agentId: string;
  agentName: string;
  description: string;
  versionId: string;
}

/**
 * Tool names for slugs, in order: characters outside [a-zA-Z0-9_-] become `_`, names are cut to 64
 * characters, and a name already taken (two slugs equal once cut) gets `_2`, `_3`…
 */
export function mcpToolNames(slugs: readonly string[]): string[] {
  const taken = new Set<string>();
  return slugs.map((slug) => {
    const base = slug.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, MAX_TOOL_NAME_LENGTH) || 'agent';
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) {
      const tail = `_${suffix}`;
      name = `${base.slice(0, MAX_TOOL_NAME_LENGTH - tail.length)}${tail}`;
    }
    taken.add(name);
    return name;
  });
}

/**
 * The workspace's published agents a key may run (`agentIds`; null: all), as MCP tools, by slug. An
 * agent the key may not run is not listed, so a call to it is an unknown tool like any other name.
 */
export async function listMcpAgentTools(
  runtime: Runtime,
  workspaceId: string,
  agentIds: readonly string[] | null,
): Promise<McpAgentTool[]> {
  const filters = [eq(agents.workspaceId, workspaceId), isNotNull(agents.publishedVersionId)];
  if (agentIds !== null) filters.push(inArray(agents.id, agentIds.length > 0 ? [...agentIds] : ['']));
  const rows = await runtime.db
    .select({
      id: agents.id,
      slug: agents.slug,
      name: agents.name,
      description: agents.description,
      versionId: agents.publishedVersionId,
    })
    .from(agents)
    .where(and(...filters))
    .orderBy(asc(agents.slug));
  const names = mcpToolNames(rows.map((row) => row.slug));
  return rows.map((row, position) => ({
    name: names[position]!,
    agentId: row.id,
    agentName: row.name,
    description: row.description.trim() || `Runs the agent ${row.name}.`,
    versionId: row.versionId!,
  }));
}

const toolInput = {
  message: z
    .string()
    .max(MAX_MESSAGE_CHARS)
    .refine((text) => text.trim().length > 0, 'Send a message with some text.')
    .describe('What to ask or tell the agent.'),
  conversationId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Continue the conversation an earlier call returned (its conversationId); leave out to start a new one.',
    ),
};

const toolOutput = {
  status: z
    .enum(['succeeded', 'waiting'])
    .describe('waiting: the run stopped for a person to answer; the text says how to resume it.'),
  answer: z.string().describe("The agent's answer."),
  sources: z
    .array(
      z.object({
        index: z.number(),
        documentName: z.string(),
        heading: z.string(),
        excerpt: z.string(),
      }),
    )
    .describe('Knowledge passages the answer drew on; it cites them as [index].'),
  conversationId: z.string().describe('Pass it back to continue this conversation.'),
  runId: z.string().describe('The recorded run (GET /api/v1/runs/:id).'),
};

// One validator for every server: the SDK builds an Ajv instance per server otherwise (about 0.4 ms, a
// fifth of a tools/list here), and a stateless server is built per request. (It validates only
// elicitation answers, which Agentry never asks for.)
let sharedValidator: AjvJsonSchemaValidator | undefined;

/** Who a server answers: the key's workspace and the key itself. */
export interface McpServerCaller {
  workspaceId: string;
  apiKeyId: string;
}

/** Options of one request's MCP server. */
export interface McpServerOptions {
  /** The tools to offer (the caller's published agents); empty when the request lists and calls none. */
  tools: readonly McpAgentTool[];
  /**
   * Called when a tool call starts; the returned function when it ends. The HTTP handler keeps the call
   * where a `notifications/cancelled` sent in another request can find it.
   */
  holdCall?: (requestId: RequestId, signal: AbortSignal) => Promise<() => void>;
  languageModels?: LanguageModelFactory;
}

/**
 * An MCP server (the SDK's McpServer) offering `tools` to one caller: each runs its agent's published
 * version with `{ message, conversationId? }` and returns the answer as text and as `structuredContent`.
 */
export function createAgentryMcpServer(
  runtime: Runtime,
  caller: McpServerCaller,
  options: McpServerOptions,
): McpServer {
  sharedValidator ??= new AjvJsonSchemaValidator();
  const server = new McpServer(
    { name: 'agentry', title: 'Agentry', version: '1.0.0' },
    {
      capabilities: { tools: {} },
      instructions:
        'Each tool is an Agentry agent. Send it a message; pass the conversationId it returns to continue the conversation.',
      jsonSchemaValidator: sharedValidator,
    },
  );
  // Stateless: there is no session to tell about a changed list; clients list again when they reconnect.
  server.server.registerCapabilities({ tools: { listChanged: false } });
  for (const tool of options.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.agentName,
        description: tool.description,
        inputSchema: toolInput,
        outputSchema: toolOutput,
        annotations: { title: tool.agentName, readOnlyHint: false, openWorldHint: true },
      },
      async (args, extra) => {
        const release = await options.holdCall?.(extra.requestId, extra.signal);
        try {
          return await callAgentTool(
            runtime,
            {
              workspaceId: caller.workspaceId,
              agentId: tool.agentId,
              agentName: tool.agentName,
              versionId: tool.versionId,
              apiKeyId: caller.apiKeyId,
              languageModels: options.languageModels,
            },
            args,
            extra,
          );
        } finally {
          release?.();
        }
      },
    );
  }
  return server;
}
