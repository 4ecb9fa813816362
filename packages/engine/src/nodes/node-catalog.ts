import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import type { NodeGroup, ResourceKind } from './node-definition';
import type { NodeRegistry } from './registry';

/** What the canvas palette and form generator need to know about one node type. */
export interface NodeCatalogEntry {
  type: string;
  title: string;
  group: NodeGroup;
  description: string;
  /** JSON Schema of the config, with `description`, `default` and `ui` hints per field. */
  configSchema: Record<string, unknown>;
  /** Config a new node starts with. */
  defaultConfig: unknown;
  /** Ports of a new node (they may change with its config). */
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  trigger: boolean;
  streamsText: boolean;
  provides?: ResourceKind;
  collectsAnswer: boolean;
}

/** Describes every node type of a registry for the canvas (served as JSON). */
export function nodeCatalog(registry: NodeRegistry): NodeCatalogEntry[] {
  return registry.list().map((definition) => {
    const parsed = definition.config.safeParse({});
    const defaultConfig = parsed.success ? parsed.data : undefined;
    return {
      type: definition.type,
      title: definition.title,
      group: definition.group,
      description: definition.description,
      configSchema: z.toJSONSchema(definition.config, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
      defaultConfig,
      inputs: parsed.success ? definition.inputs(parsed.data) : [],
      outputs: parsed.success ? definition.outputs(parsed.data) : [],
      trigger: definition.trigger === true,
      streamsText: definition.streamsText === true,
      provides: definition.provides,
      collectsAnswer: definition.collectsAnswer === true,
    };
  });
}
