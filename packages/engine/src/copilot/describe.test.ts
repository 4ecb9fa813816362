import { describe, expect, it } from 'vitest';
import { type Graph, graphSchema } from '../format/graph-schema';
import { defaultNodeRegistry as registry } from '../nodes';
import { starterGraph, templateGraph } from './__fixtures__/copilot-fixtures';
import { copilotSystemPrompt } from './copilot-prompt';
import { describeCatalog, describeGraph, describeWorkspace, graphProblems, redactConfig } from './describe';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

/** A graph holding secrets where a careless user might paste them. */
function leakyGraph(): Graph {
  const graph = templateGraph('support-agent');
  return graphSchema.parse({
    ...graph,
    nodes: graph.nodes.map((node) => {
      if (node.type === 'http-request-tool') {
        return {
          ...node,
          data: {
            ...node.data,
            config: {
              ...node.data.config,
              headers: { Authorization: `Bearer ${KEY}`, Accept: 'application/json' },
            },
          },
        };
      }
      if (node.type === 'model') {
        return { ...node, data: { label: KEY, config: { ...node.data.config, apiKey: 'hunter2-plain' } } };
      }
      return node;
    }),
  });
}

describe('describeCatalog', () => {
  const catalog = describeCatalog(registry);

  it('lists every node type with its title, ports and settings', () => {
    for (const definition of registry.list()) {
      expect(catalog).toContain(
        `- ${definition.type} — ${definition.title} (${definition.group}): ${definition.description}`,
      );
    }
    expect(catalog).toContain(
      '  inputs: prompt (messages), memory (memory), files (files); outputs: text (text), model (model) (with the default settings; the ports follow the settings)\n  settings:\n    - provider: "offline" | "openai" | "anthropic" | "google" | "openai-compatible" | "ollama" (default "offline") — Who runs the model.',
    );
    expect(catalog).toContain('    - temperature: number — Randomness: 0 is focused, 2 is wild.');
    expect(catalog).toContain('[provides a memory to the node it connects to]');
    expect(catalog).toContain('[starts the run; exactly one per graph]');
  });

  it('says when ports follow the settings, and describes nested settings', () => {
    const prompt = catalog.split('\n- ').find((entry) => entry.startsWith('prompt '))!;
    expect(prompt).toContain(
      'inputs: message (text, required), files (files); outputs: prompt (messages), text (text) (with the default settings; the ports follow the settings)',
    );
    expect(catalog).toContain('id: string (Branch name; also the output port id.)');
    expect(catalog).toContain('- agentId: string (required) — The saved agent to call');
  });
});

describe('secrets never reach the model', () => {
  it('redacts secret-looking settings and labels in the graph, and in the whole system prompt', () => {
    const graph = leakyGraph();
    const text = describeGraph(graph, registry);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('hunter2');
    expect(text).toContain('"headers":{"Authorization":"[redacted]","Accept":"application/json"}');
    expect(text).toContain('"apiKey":"[redacted]"');
    expect(text).toContain('- model [model] "[redacted]" at (');
    const prompt = copilotSystemPrompt(graph, graphProblems(graph, registry), registry, {
      knowledgeBases: [],
      agents: [],
      credentials: [{ id: 'cred-1', name: 'OpenAI', provider: 'openai' }],
      mcpServers: [{ url: 'https://mcp.example.com/mcp?api_key=abc123', name: 'Tickets' }],
    });
    expect(prompt).not.toContain(KEY);
    expect(prompt).not.toContain('hunter2');
    expect(prompt).not.toContain('abc123');
    expect(prompt).toContain('looks like a secret'); // the problem is named, by its path only
  });

  it('redacts a copy and leaves the config itself alone', () => {
    const config = { headers: { 'x-api-key': 'plain' }, list: [`token ${KEY}`], name: 'ok' };
    expect(redactConfig(config)).toEqual({
      headers: { 'x-api-key': '[redacted]' },
      list: ['[redacted]'],
      name: 'ok',
    });
    expect(config.headers['x-api-key']).toBe('plain');
  });
});

describe('describeGraph and describeWorkspace', () => {
  it('shows each node with type, label, position, settings and ports, then the edges', () => {
    const text = describeGraph(templateGraph('basic-chatbot'), registry);
    expect(text).toContain(
      '- memory [memory] "Conversation Memory" at (300, 360) config {"windowSize":20}\n  inputs: none; outputs: memory (memory)',
    );
    expect(text).toContain('Edges:\n- chat-input.message → prompt.message\n- prompt.prompt → model.prompt');
    expect(describeGraph({ version: 1, nodes: [], edges: [] }, registry)).toBe('The canvas is empty.');
  });

  it('cuts a very long setting and says how much is left out', () => {
    const graph = starterGraph();
    graph.nodes[0]!.data.config = { greeting: 'x'.repeat(4100) };
    expect(describeGraph(graph, registry)).toContain(`${'x'.repeat(4000)}… (100 more characters)`);
  });

  it('lists the workspace by id and name only', () => {
    const text = describeWorkspace({
      knowledgeBases: [{ id: 'kb-1', name: 'Product docs' }],
      agents: [{ id: 'agent-9', name: 'Billing' }],
      credentials: [{ id: 'cred-1', name: 'OpenAI prod', provider: 'openai' }],
      mcpServers: [],
    });
    expect(text).toBe(
      [
        'Knowledge bases (Knowledge node "knowledgeBaseId"):\n- kb-1: Product docs',
        'Credentials (Model or MCP Tools node "credentialId"):\n- cred-1: OpenAI prod (provider openai)',
        'Saved agents (Agent as Tool node "agentId"):\n- agent-9: Billing',
        'MCP servers used in the workspace (MCP Tools node "url"): none.',
      ].join('\n'),
    );
  });
});
