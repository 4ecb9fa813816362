// The MCP client (Node only: it loads the official SDK). Nodes import ./types and ./mcp-client-error.
export { createMcpConnections, DEFAULT_MCP_POLICY, type RunMcpConnections } from './connections';
export { DEFAULT_LIST_TIMEOUT_MS, type ListMcpToolsOptions, listMcpTools } from './list-tools';
export { MAX_MCP_TOOLS, mcpToolName } from './tool-names';
export {
  MCP_UNREACHABLE_ADDRESS_MESSAGE,
  McpClientError,
  type McpClientErrorCode,
} from './mcp-client-error';
export type {
  McpCallOptions,
  McpCommand,
  McpConnectionOptions,
  McpConnections,
  McpCredential,
  McpPolicy,
  McpServerSpec,
  McpTarget,
  McpToolInfo,
  McpTransport,
} from './types';
