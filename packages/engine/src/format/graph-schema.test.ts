import { describe, expect, it } from 'vitest';
import { loadExample } from '../__fixtures__/load-fixture';
import { graphJsonSchema, graphSchema } from './graph-schema';

describe('graph schema', () => {
  it('keeps React Flow fields it does not know, so the canvas can save nodes as they are', () => {
    const graph = loadExample('chatbot');
    const withExtras = {
      ...graph,
      nodes: graph.nodes.map((node) => ({ ...node, selected: true, measured: { width: 10 } })),
    };
    const parsed = graphSchema.parse(withExtras);
    expect(parsed.nodes[0]).toMatchObject({ selected: true, measured: { width: 10 } });
  });

  it('defaults a missing config to an empty object', () => {
    const parsed = graphSchema.parse({
      version: 1,
      nodes: [{ id: 'a', type: 'memory', position: { x: 0, y: 0 }, data: {} }],
      edges: [],
    });
    expect(parsed.nodes[0]?.data.config).toEqual({});
  });

  it('publishes a JSON Schema with the version, limits and React Flow fields', () => {
    const schema = graphJsonSchema() as {
      properties: Record<string, { const?: number; maxItems?: number; items?: { required?: string[] } }>;
    };
    expect(schema.properties.version?.const).toBe(1);
    expect(schema.properties.nodes?.maxItems).toBe(2000);
    expect(schema.properties.edges?.maxItems).toBe(10000);
    expect(schema.properties.nodes?.items?.required).toEqual(['id', 'type', 'position', 'data']);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
