// Browser-safe: the MCP Tools node validates names with these.

/** Most tools one MCP Tools node may pick (a server offering more is cut at this many). */
export const MAX_MCP_TOOLS = 500;

/** The name the model sees for an MCP tool: prefix + name, outside [a-zA-Z0-9_-] replaced by "_", 64 max. */
export function mcpToolName(prefix: string, name: string): string {
  return `${prefix}${name}`.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
}

/** Picked tools whose model-facing names collide after sanitising: [the name, the tools sharing it]. */
export function collidingToolNames(prefix: string, tools: readonly string[]): [string, string[]][] {
  const byName = new Map<string, string[]>();
  for (const tool of new Set(tools)) {
    const name = mcpToolName(prefix, tool);
    byName.set(name, [...(byName.get(name) ?? []), tool]);
  }
  return [...byName].filter(([, sharing]) => sharing.length > 1);
}
