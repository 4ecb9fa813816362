// What the MCP tool picker sends to mcp.listTools: the node's connection settings, read from its config.

/** The connection settings of an MCP Tools node, read from its config as the form holds it now. */
export interface McpTarget {
  transport: 'auto' | 'streamable-http' | 'sse' | 'command';
  url?: string;
  command?: string;
  credentialId?: string;
  authHeader?: string;
  headers?: Record<string, string>;
}

const TRANSPORTS = new Set(['auto', 'streamable-http', 'sse', 'command']);

/** The node's connection settings from its config; unset or odd values fall back to the defaults. */
export function mcpTargetOf(config: Readonly<Record<string, unknown>> | undefined): McpTarget {
  const value = config ?? {};
  const text = (key: string) =>
    typeof value[key] === 'string' && (value[key] as string).trim() !== ''
      ? (value[key] as string)
      : undefined;
  const transport = (
    TRANSPORTS.has(value.transport as string) ? value.transport : 'auto'
  ) as McpTarget['transport'];
  const headers =
    value.headers && typeof value.headers === 'object' && !Array.isArray(value.headers)
      ? Object.fromEntries(
          Object.entries(value.headers as Record<string, unknown>).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        )
      : undefined;
  return transport === 'command'
    ? { transport, command: text('command') }
    : {
        transport,
        url: text('url'),
        credentialId: text('credentialId'),
        authHeader: text('authHeader'),
        headers: headers && Object.keys(headers).length > 0 ? headers : undefined,
      };
}

/** Which setting must be set before the server can be listed, or undefined when the target is complete. */
export function missingSetting(target: McpTarget): 'command' | 'url' | undefined {
  if (target.transport === 'command') return target.command ? undefined : 'command';
  return target.url ? undefined : 'url';
}
