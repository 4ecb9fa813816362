import type { CompiledNode } from '../plan/compiled-plan';
import type { NodeOutputs } from '../nodes/node-definition';

const PREVIEW_LENGTH = 200;

/** A short, human-readable preview of a node's main output for node-end events. */
export function previewOutputs(node: CompiledNode, outputs: NodeOutputs): string | undefined {
  for (const port of node.outputs) {
    const value = outputs[port.id];
    if (value !== undefined) return previewValue(value);
  }
  return outputs.answer === undefined ? undefined : previewValue(outputs.answer);
}

/** Previews one value: text as is, resources by name, lists by size, the rest as JSON. */
export function previewValue(value: unknown): string {
  if (typeof value === 'string')
    return value.length > PREVIEW_LENGTH ? `${value.slice(0, PREVIEW_LENGTH)}…` : value;
  if (Array.isArray(value)) {
    const kinds = value.every((item) => typeof item === 'object' && item !== null && 'role' in item);
    if (kinds) return `${value.length} messages`;
    // A node that provides several tools (MCP Tools): their names say more than a count.
    const tools = value.every((item) => (item as { kind?: unknown } | null)?.kind === 'tool');
    if (tools && value.length > 0)
      return previewValue(`tools: ${value.map((item) => (item as { name: string }).name).join(', ')}`);
    return `${value.length} items`;
  }
  if (typeof value === 'object' && value !== null && 'kind' in value) {
    const resource = value as { kind: string; label?: string; name?: string };
    const name = resource.label ?? resource.name;
    return name ? `${resource.kind}: ${name}` : resource.kind;
  }
  try {
    return previewValue(JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

/** Previews of the values a node received, per input port, for the run trace. */
export function previewInputs(values: Record<string, unknown>): Record<string, string> {
  const previews: Record<string, string> = {};
  for (const port in values) {
    const value = values[port];
    if (value !== undefined) previews[port] = previewValue(value);
  }
  return previews;
}
