// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} here is the clients' own placeholder syntax, written out literally.
// What the agent's MCP section offers to paste into MCP clients. Formats checked against each client's
// documentation (2026-12): mcp-remote's README (Claude Desktop), Cursor's mcp.json with `${env:NAME}`,
// and VS Code's MCP configuration reference (`servers`, `inputs`).

/** Longest MCP tool name clients accept. */
const TOOL_NAME_MAX = 64;

/**
 * The tool name an agent has on `/api/mcp`: its slug with characters outside [a-zA-Z0-9_-] replaced by
 * `_`, at most 64 characters. The page uses the server's own derivation when it can; this is the same
 * rule, for places without it.
 */
export function mcpToolNameOf(slug: string): string {
  return slug.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, TOOL_NAME_MAX) || 'agent';
}

/** The MCP endpoint of an Agentry install reached at `origin`. */
export function mcpUrlOf(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/api/mcp`;
}

/** One client's configuration: where it goes and what to paste. */
export interface McpClientConfig {
  id: 'claude-desktop' | 'cursor' | 'vscode';
  client: string;
  file: string;
  code: string;
}

/** The name the server gets in each client's configuration. */
const SERVER_NAME = 'agentry';

/** mcp-remote refuses plain http except on localhost and 127.0.0.1 unless told otherwise. */
function needsAllowHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && parsed.hostname !== 'localhost' && parsed.hostname !== '127.0.0.1';
}

/**
 * Ready-to-paste configurations for Claude Desktop (through `mcp-remote`, since its config file starts
 * local commands), Cursor and VS Code. None holds a key: each reads it from the environment or asks for it.
 */
export function mcpClientConfigs(url: string): McpClientConfig[] {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  // "Authorization:${…}" has no space in the argument: Claude Desktop on Windows (and Cursor) pass args to
  // npx unescaped and a space splits them; mcp-remote fills ${…} from `env`, where spaces are fine.
  const remoteArgs = ['-y', 'mcp-remote', url, '--header', 'Authorization:${AGENTRY_AUTH_HEADER}'];
  if (needsAllowHttp(url)) remoteArgs.push('--allow-http');
  return [
    {
      id: 'claude-desktop',
      client: 'Claude Desktop',
      file: 'claude_desktop_config.json',
      code: json({
        mcpServers: {
          [SERVER_NAME]: {
            command: 'npx',
            args: remoteArgs,
            env: { AGENTRY_AUTH_HEADER: 'Bearer YOUR_AGENTRY_API_KEY' },
          },
        },
      }),
    },
    {
      id: 'cursor',
      client: 'Cursor',
      file: '~/.cursor/mcp.json',
      code: json({
        mcpServers: {
          [SERVER_NAME]: { url, headers: { Authorization: 'Bearer ${env:AGENTRY_API_KEY}' } },
        },
      }),
    },
    {
      id: 'vscode',
      client: 'VS Code',
      file: '.vscode/mcp.json',
      code: json({
        servers: {
          [SERVER_NAME]: {
            type: 'http',
            url,
            headers: { Authorization: 'Bearer ${input:agentry-api-key}' },
          },
        },
        inputs: [
          {
            type: 'promptString',
            id: 'agentry-api-key',
            description: 'Agentry API key (scope: run)',
            password: true,
          },
        ],
      }),
    },
  ];
}
