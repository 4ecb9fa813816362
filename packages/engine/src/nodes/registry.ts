import { EngineError } from '../errors';
import type { AnyNodeDefinition } from './node-definition';

/** Looks node definitions up by type; built once from an array. */
export interface NodeRegistry {
  get(type: string): AnyNodeDefinition | undefined;
  list(): readonly AnyNodeDefinition[];
}

/** Builds a registry from definitions; a type listed twice is a programming error and throws. */
export function createNodeRegistry(definitions: readonly AnyNodeDefinition[]): NodeRegistry {
  const byType = new Map<string, AnyNodeDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) {
      throw new EngineError(
        'duplicate_node_type',
        `Node type "${definition.type}" is registered twice. Give each definition a unique type.`,
      );
    }
    byType.set(definition.type, definition);
  }
  const list = [...byType.values()];
  return { get: (type) => byType.get(type), list: () => list };
}
