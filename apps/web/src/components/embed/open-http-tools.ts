/** An HTTP Request tool a widget visitor could point at any public URL. */
export interface OpenHttpTool {
  nodeId: string;
  /** The name the model calls the tool by. */
  name: string;
}

interface LooseNode {
  id?: unknown;
  type?: unknown;
  data?: { config?: { allowHosts?: unknown; name?: unknown } };
}

/**
 * The HTTP Request tools of the given graphs (the published one, the draft) that have no allowHosts: a
 * visitor of the embedded chat can ask the model to call any public URL with them. Each node once.
 */
export function findOpenHttpTools(...graphs: unknown[]): OpenHttpTool[] {
  const found = new Map<string, OpenHttpTool>();
  for (const graph of graphs) {
    const nodes = (graph as { nodes?: unknown } | null | undefined)?.nodes;
    if (!Array.isArray(nodes)) continue;
    for (const node of nodes as LooseNode[]) {
      if (node?.type !== 'http-request-tool' || typeof node.id !== 'string') continue;
      const config = node.data?.config ?? {};
      const hosts = Array.isArray(config.allowHosts) ? config.allowHosts : [];
      if (hosts.length > 0 || found.has(node.id)) continue;
      const name = typeof config.name === 'string' && config.name ? config.name : 'http_request';
      found.set(node.id, { nodeId: node.id, name });
    }
  }
  return [...found.values()];
}
