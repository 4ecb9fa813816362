import {
  canConnect,
  defaultNodeRegistry,
  type NodeCatalogEntry,
  nodeCatalog,
  type PortSpec,
  type PortType,
} from '@agentry/engine/graph';

/** Every node type the canvas offers, in palette order, with config schemas and default ports. */
export const catalog: readonly NodeCatalogEntry[] = nodeCatalog(defaultNodeRegistry);

const entries = new Map(catalog.map((entry) => [entry.type, entry]));

/** The catalog entry of a node type, or undefined for a type this build does not know. */
export function catalogEntry(type: string | undefined): NodeCatalogEntry | undefined {
  return type === undefined ? undefined : entries.get(type);
}

/** A node's ports for its current config. */
export interface NodePorts {
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
}

const NO_PORTS: NodePorts = { inputs: [], outputs: [] };
// Configs are replaced, never mutated, so the object is a safe cache key (a Prompt's ports are its
// {{variables}}, which would otherwise be re-parsed by every edge on every frame of a drag).
const cache = new WeakMap<object, { type: string; ports: NodePorts }>();

/**
 * The ports a node has with this config (a Prompt's variables, a Condition's branches). A config that
 * does not parse keeps the type's default ports; an unknown type has none.
 */
export function portsOf(type: string | undefined, config: unknown): NodePorts {
  const definition = type === undefined ? undefined : defaultNodeRegistry.get(type);
  if (!definition || type === undefined) return NO_PORTS;
  const key = typeof config === 'object' && config !== null ? config : undefined;
  const cached = key ? cache.get(key) : undefined;
  if (cached && cached.type === type) return cached.ports;
  const parsed = definition.config.safeParse(config ?? {});
  const entry = entries.get(type);
  const ports: NodePorts = parsed.success
    ? { inputs: definition.inputs(parsed.data), outputs: definition.outputs(parsed.data) }
    : { inputs: entry?.inputs ?? [], outputs: entry?.outputs ?? [] };
  if (key) cache.set(key, { type, ports });
  return ports;
}

/** One port of a node by handle id; a missing handle means the only port on that side. */
export function findPort(
  type: string | undefined,
  config: unknown,
  handle: string | null | undefined,
  side: 'input' | 'output',
): PortSpec | undefined {
  const ports = portsOf(type, config)[side === 'input' ? 'inputs' : 'outputs'];
  if (handle === null || handle === undefined) return ports.length === 1 ? ports[0] : undefined;
  return ports.find((port) => port.id === handle);
}

/** Why two ports cannot be joined, as data (port-choices.ts words it); undefined when they can. */
export type PortRefusal =
  | { kind: 'not-a-port' }
  | { kind: 'types'; source: PortSpec; target: PortSpec; resource: boolean; accepts: readonly PortType[] };

/** Why two ports cannot be joined; undefined when they can. */
export function connectionRefusal(
  source: PortSpec | undefined,
  target: PortSpec | undefined,
): PortRefusal | undefined {
  if (!source || !target) return { kind: 'not-a-port' };
  if (canConnect(source.type, target.type)) return undefined;
  const resource = RESOURCE_TYPES.has(source.type);
  const accepts = resource
    ? [source.type]
    : (['text', 'messages', 'json', 'documents', 'files', 'any'] as const).filter((type) =>
        canConnect(source.type, type),
      );
  return { kind: 'types', source, target, resource, accepts };
}

const RESOURCE_TYPES = new Set<PortType>(['model', 'memory', 'tool']);
