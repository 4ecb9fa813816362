import { jsonSchema, type JSONSchema7 } from 'ai';
import { z } from 'zod';
import { EngineError } from '../errors';
import type { ToolResource } from '../format/values';
import type { NodeId } from '../format/ids';
import { McpClientError } from '../mcp/mcp-client-error';
import { collidingToolNames, MAX_MCP_TOOLS, mcpToolName } from '../mcp/tool-names';
import type { McpConnections, McpServerSpec, McpToolInfo } from '../mcp/types';
import { ui } from './config-ui';
import { defineNode, type NodeContext, type NodeProblem } from './node-definition';
import { askBeforeRunningField, TOOL_OUTPUTS } from './tool-resource';

// Browser-safe: the canvas bundles this file. The MCP SDK is reached only through services.mcpConnections.

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

const configSchema = z.object({
  transport: z
    .enum(['auto', 'streamable-http', 'sse', 'command'])
    .default('auto')
    .describe(
      'How to talk to the server. Automatic tries Streamable HTTP, then the older HTTP+SSE. Command starts a local server the admin allows.',
    ),
  url: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe('The MCP server’s URL (http or https), e.g. https://mcp.example.com/mcp.')
    .meta(ui({ placeholder: 'https://mcp.example.com/mcp' })),
  command: z
    .string()
    .max(100)
    .optional()
    .describe('A local MCP server the server admin allows in AGENTRY_MCP_COMMANDS (transport Command only).'),
  credentialId: z
    .string()
    .max(200)
    .optional()
    .describe(
      'Credential whose key is sent in the auth header, only to the server’s own origin and only when the credential lists the server’s host under "Hosts this key may be sent to".',
    )
    .meta(ui({ credential: true })),
  tools: z
    .array(z.string().min(1).max(200))
    .max(MAX_MCP_TOOLS)
    .default([])
    .describe('The server’s tools the agent gets. Connect to list them, then tick the ones to use.')
    .meta(ui({ mcpTools: true })),
  prefix: z
    .string()
    .max(32)
    .default('')
    .describe('Put before each tool name the model sees (e.g. "github_"), to tell servers apart.'),
  askBeforeRunning: askBeforeRunningField(),
  authHeader: z
    .string()
    .regex(HEADER_NAME, 'Use a header name such as Authorization or X-API-Key.')
    .default('Authorization')
    .describe(
      'Header the credential’s key goes in: Authorization gets "Bearer <key>", any other the key as is.',
    )
    .meta(ui({ advanced: true })),
  headers: z
    .record(z.string().regex(HEADER_NAME, 'Use a valid header name.'), z.string().max(2000))
    .default({})
    .describe('Headers sent to the server (its origin only). Never put secrets here: use a credential.')
    .meta(ui({ advanced: true })),
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(300_000)
    .default(30_000)
    .describe('Give up on a call when the server is silent this long (progress updates restart the clock).')
    .meta(ui({ advanced: true })),
  maxResultChars: z
    .number()
    .int()
    .min(1_000)
    .max(200_000)
    .default(20_000)
    .describe('Longest result handed to the model; longer ones are cut with a note.')
    .meta(ui({ advanced: true })),
});

/** Settings of an MCP Tools node. */
export type McpToolsConfig = z.infer<typeof configSchema>;

/** Whether a URL is an absolute http(s) URL. */
function isHttpUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function validate(config: McpToolsConfig): NodeProblem[] {
  const problems: NodeProblem[] = [];
  if (config.transport === 'command') {
    if (!config.command) {
      problems.push({
        code: 'invalid_config',
        path: ['command'],
        message: 'Choose the local MCP server to start (one the admin allows in AGENTRY_MCP_COMMANDS).',
        params: { reason: 'no_mcp_command' },
      });
    }
  } else if (!isHttpUrl(config.url)) {
    problems.push({
      code: 'invalid_config',
      path: ['url'],
      message: config.url
        ? 'The MCP server’s URL must be an absolute http:// or https:// URL.'
        : 'Enter the MCP server’s URL.',
      params: { reason: config.url ? 'mcp_url_not_http' : 'no_mcp_url' },
    });
  }
  if (config.tools.length === 0) {
    problems.push({
      code: 'invalid_config',
      path: ['tools'],
      message: 'Pick at least one tool (Connect, then tick the tools).',
      params: { reason: 'no_mcp_tools' },
    });
  }
  for (const [name, sharing] of collidingToolNames(config.prefix, config.tools)) {
    problems.push({
      code: 'invalid_config',
      path: ['tools'],
      message: `The tools ${sharing.map((tool) => `"${tool}"`).join(' and ')} would all be called "${name}" by the model. Untick all but one.`,
      // The names as a list value: a client joins them in its own language.
      params: { reason: 'mcp_tool_names_clash', tools: sharing.join('\n'), name },
    });
  }
  return problems;
}

/** The server, its headers and its credential (resolved from the workspace's secrets). */
async function serverSpec(context: NodeContext<McpToolsConfig>): Promise<McpServerSpec> {
  const { config, services, nodeId } = context;
  const server: McpServerSpec = {
    transport: config.transport,
    url: config.url,
    command: config.command,
    headers: config.headers,
    authHeader: config.authHeader,
  };
  if (config.credentialId && config.transport !== 'command') {
    const credential = await services.secrets.resolve(config.credentialId);
    if (!credential?.apiKey && !credential?.oauth) {
      throw new EngineError(
        'credential_not_found',
        'The credential of this MCP Tools node is missing or has no key.',
        {
          nodeId,
        },
      );
    }
    server.credential = {
      apiKey: credential.apiKey,
      allowedHosts: credential.allowedHosts,
      oauth: credential.oauth,
    };
  }
  return server;
}

/** A node failure for an MCP error; a server that cannot be reached may answer when the node runs again. */
function nodeError(error: unknown, nodeId: NodeId): unknown {
  if (!(error instanceof McpClientError)) return error;
  return new EngineError(error.code === 'credential' ? 'credential_not_found' : 'tool_error', error.message, {
    nodeId,
    retryable: error.code === 'unreachable',
    cause: error,
  });
}

/** The tool as the agent sees it: the server's name (prefixed), description and JSON Schema as they are. */
function mcpToolResource(
  tool: McpToolInfo,
  server: McpServerSpec,
  connections: McpConnections,
  config: McpToolsConfig,
): ToolResource {
  return {
    kind: 'tool',
    name: mcpToolName(config.prefix, tool.name),
    ...(config.askBeforeRunning ? { askBeforeRunning: true } : {}),
    description: tool.description || tool.title || `The MCP tool "${tool.name}".`,
    inputSchema: jsonSchema(tool.inputSchema as JSONSchema7),
    execute: (input, { signal }) =>
      // Failures throw McpClientError with a reason the model and the user read; the agent goes on.
      connections.callTool(
        server,
        tool.name,
        typeof input === 'object' && input !== null && !Array.isArray(input)
          ? (input as Record<string, unknown>)
          : {},
        { signal, timeoutMs: config.timeoutMs, maxResultChars: config.maxResultChars },
      ),
  };
}

/**
 * MCP Tools: gives an agent the tools it picked from an MCP server (remote over Streamable HTTP or
 * HTTP+SSE, or a local server the admin allows). The run connects once per server and lists its tools
 * once; each call goes to the server with the run's cancellation, a timeout and a result cap.
 */
export const mcpToolsNode = defineNode({
  type: 'mcp-tools',
  title: 'MCP Tools',
  group: 'Tools',
  description:
    'Gives an agent tools from an MCP server. Connect to the server, then tick the tools the agent may call.',
  config: configSchema,
  provides: 'tool',
  inputs: () => [],
  outputs: () => TOOL_OUTPUTS,
  validate: (config) => validate(config),
  run: async (_inputs, context) => {
    const { config, services, nodeId, signal } = context;
    const connections = services.mcpConnections;
    if (!connections) {
      throw new EngineError('tool_error', 'This host does not run MCP tools.', { nodeId });
    }
    const server = await serverSpec(context);
    let listed: McpToolInfo[];
    try {
      listed = await connections.listTools(server, { signal });
    } catch (error) {
      throw nodeError(error, nodeId);
    }
    const byName = new Map(listed.map((tool) => [tool.name, tool]));
    const picked = [...new Set(config.tools)];
    const missing = picked.filter((name) => !byName.has(name));
    if (missing.length > 0) {
      throw new EngineError(
        'tool_error',
        `The MCP server no longer offers ${missing.map((name) => `"${name}"`).join(', ')}. Press Refresh on this MCP Tools node and tick the tools again.`,
        { nodeId },
      );
    }
    return {
      tool: picked.map((name) => mcpToolResource(byName.get(name)!, server, connections, config)),
    };
  },
});
