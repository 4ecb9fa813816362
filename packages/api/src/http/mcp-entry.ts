import type { handleMcp as handleMcpNow } from './mcp';

let endpoint: Promise<typeof import('./mcp')> | undefined;

/**
 * `/api/mcp` (see mcp.ts), loaded on its first request: the MCP SDK's server, its schemas and Ajv are not
 * held by a server that no MCP client talks to.
 */
export async function handleMcp(...args: Parameters<typeof handleMcpNow>): ReturnType<typeof handleMcpNow> {
  endpoint ??= import('./mcp');
  return (await endpoint).handleMcp(...args);
}
