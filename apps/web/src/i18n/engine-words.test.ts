import type { EngineErrorCode } from '@agentry/engine';
import {
  defaultNodeRegistry,
  GRAPH_LIMITS,
  type GraphProblem,
  type GraphProblemCode,
  validateGraph,
} from '@agentry/engine/graph';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { engineWords } from './engine-words';

type Translator = Parameters<typeof engineWords>[0];
const english = engineWords(createTranslator({ locale: 'en', messages: en }) as unknown as Translator, 'en');
const chinese = engineWords(
  createTranslator({ locale: 'zh-CN', messages: zh }) as unknown as Translator,
  'zh-CN',
);

type Node = { id: string; type: string; config?: Record<string, unknown>; label?: string };
type Edge = [
  id: string,
  source: string,
  sourceHandle: string | null,
  target: string,
  targetHandle: string | null,
];

function graph(nodes: Node[], edges: Edge[] = []) {
  return {
    version: 1,
    nodes: nodes.map(({ id, type, config = {}, label }) => ({
      id,
      type,
      position: { x: 0, y: 0 },
      data: { config, ...(label ? { label } : {}) },
    })),
    edges: edges.map(([id, source, sourceHandle, target, targetHandle]) => ({
      id,
      source,
      target,
      ...(sourceHandle ? { sourceHandle } : {}),
      ...(targetHandle ? { targetHandle } : {}),
    })),
  };
}

const input: Node = { id: 'in', type: 'chat-input' };
const output: Node = { id: 'out', type: 'chat-output' };
const answered: Edge = ['e-out', 'in', 'message', 'out', 'text'];

/** Graphs that, between them, make the engine raise every problem it has, in each of its sentences. */
const GRAPHS: unknown[] = [
  { version: 1, nodes: 'none', edges: [] },
  {
    version: 1,
    nodes: Array.from({ length: GRAPH_LIMITS.maxNodes + 1 }, (_, index) => ({ id: `n${index}` })),
    edges: Array.from({ length: GRAPH_LIMITS.maxEdges + 1 }, () => ({})),
  },
  graph([input, output, { id: 'in', type: 'prompt' }], [answered, answered]),
  graph(
    [
      input,
      output,
      { id: 'x', type: 'teleporter' },
      { id: 'h', type: 'http-request-tool', config: { headers: { apiKey: 'sk-x' } } },
    ],
    [answered],
  ),
  graph([input, output, { id: 'm', type: 'model', label: 'Writer', config: { temperature: 5 } }], [answered]),
  graph(
    [
      input,
      output,
      {
        id: 'a',
        type: 'agent',
        config: {
          mode: 'autonomous',
          output: {
            type: 'json',
            name: 'answer',
            schema: { type: 'object', properties: { a: { type: 'string' } } },
          },
        },
      },
      { id: 'kb', type: 'knowledge' },
      { id: 'cmd', type: 'mcp-tools', config: { transport: 'command' } },
      { id: 'ftp', type: 'mcp-tools', config: { url: 'ftp://example.com', tools: ['a'] } },
      { id: 'nourl', type: 'mcp-tools', config: { tools: ['a'] } },
      { id: 'clash', type: 'mcp-tools', config: { url: 'https://example.com/mcp', tools: ['a.b', 'a_b'] } },
    ],
    [answered],
  ),
  graph(
    [input, output, { id: 'mem', type: 'memory' }, { id: 'p', type: 'prompt' }, { id: 'm', type: 'model' }],
    [
      answered,
      ['e1', 'mem', 'memory', 'out', 'text'],
      ['e2', 'ghost', 'x', 'out', 'text'],
      ['e3', 'in', null, 'p', 'message'],
      ['e4', 'in', 'nope', 'p', 'message'],
      ['e5', 'in', 'message', 'm', null],
      ['e6', 'in', 'message', 'p', 'nope'],
      ['e7', 'in', 'message', 'p', 'message'],
      ['e8', 'in', 'history', 'p', 'message'],
      ['e9', 'm', 'text', 'out', 'text'],
    ],
  ),
  graph(
    [
      input,
      output,
      { id: 'p1', type: 'prompt' },
      { id: 'p2', type: 'prompt', config: { template: '{{text}}' } },
    ],
    [answered, ['c1', 'p1', 'text', 'p2', 'text'], ['c2', 'p2', 'text', 'p1', 'message']],
  ),
  graph([{ id: 'a', type: 'agent' }]),
  graph([input, { ...input, id: 'in2' }]),
  graph([input, output]),
  graph(
    [input, output, { id: 'm', type: 'model', config: { provider: 'openai', model: 'gpt-3.5-turbo' } }],
    [answered, ['f', 'in', 'files', 'm', 'files'], ['t', 'm', 'text', 'out', 'text']],
  ),
];

const problems: GraphProblem[] = GRAPHS.flatMap((graph) => {
  const result = validateGraph(graph, defaultNodeRegistry);
  return result.ok ? [] : result.problems;
});

/** Every sentence the engine has, as `code` or `code/reason`. */
const SENTENCES: Record<GraphProblemCode, readonly string[]> = {
  invalid_graph_shape: [''],
  graph_too_large: [''],
  duplicate_id: [''],
  unknown_node_type: [''],
  invalid_config: [
    'schema',
    'json_needs_chat_mode',
    'no_knowledge_base',
    'no_mcp_command',
    'mcp_url_not_http',
    'no_mcp_url',
    'no_mcp_tools',
    'mcp_tool_names_clash',
  ],
  secret_in_graph: [''],
  incompatible_edge: [''],
  dangling_edge: ['missing_node', 'ambiguous_output', 'unknown_output', 'ambiguous_input', 'unknown_input'],
  too_many_edges: [''],
  missing_required_input: ['unconnected', 'text_needs_prompt'],
  cycle: [''],
  no_chat_input: [''],
  multiple_chat_inputs: [''],
  no_output_reachable: ['no_output', 'unreachable'],
  model_cannot_read_images: [''],
};

const sentenceOf = (problem: GraphProblem) =>
  `${problem.code}/${typeof problem.params?.reason === 'string' ? problem.params.reason : ''}`;

describe('problems in the catalogs', () => {
  it('are raised by these graphs, every sentence of every code, each with its values', () => {
    const want = Object.entries(SENTENCES).flatMap(([code, reasons]) => reasons.map((r) => `${code}/${r}`));
    const seen = new Set(problems.map(sentenceOf));
    expect(want.filter((sentence) => !seen.has(sentence))).toEqual([]);
    expect(problems.filter((problem) => !problem.params).map((problem) => problem.message)).toEqual([]);
  });

  it('say in English exactly what the engine says', () => {
    const differ = problems
      .map((problem) => [english.problem(problem), problem.message])
      .filter(([said, engine]) => said !== engine);
    expect(differ).toEqual([]);
  });

  it('say every problem in Chinese, with the node types and ports in Chinese', () => {
    // zod's issue texts inside a problem stay as they are (English).
    const untranslated = problems
      .filter((problem) => problem.code !== 'invalid_graph_shape' && problem.params?.reason !== 'schema')
      .map((problem) => chinese.problem(problem))
      .filter((text) => /\b(the|The|node|Node|input|connect)\b/.test(text.replace(/"[^"]*"|“[^”]*”/g, '')));
    expect(untranslated).toEqual([]);
    const missing = problems.find(
      (problem) =>
        sentenceOf(problem) === 'missing_required_input/unconnected' && problem.portId === 'prompt',
    );
    expect(chinese.problem(missing!)).toBe('智能体“a”的“提示词”输入需要连接。');
    const clash = problems.find((problem) => sentenceOf(problem) === 'invalid_config/mcp_tool_names_clash');
    expect(chinese.problem(clash!)).toBe('工具“a.b”和“a_b”在模型看来都会叫“a_b”。请只保留其中一个。');
  });
});

describe('run errors in the catalogs', () => {
  const CODES: Record<EngineErrorCode, true> = {
    invalid_graph: true,
    duplicate_node_type: true,
    unknown_node_type: true,
    node_failed: true,
    node_timeout: true,
    aborted: true,
    budget_exceeded: true,
    provider_error: true,
    provider_auth: true,
    provider_not_found: true,
    provider_rate_limited: true,
    provider_unavailable: true,
    credential_not_found: true,
    agent_not_found: true,
    depth_limit: true,
    missing_input: true,
    tool_error: true,
    invalid_parameter: true,
    queue_unavailable: true,
    checkpoint_failed: true,
    structured_output_mismatch: true,
    unreadable_file: true,
    interrupted: true,
    interrupted_repeatedly: true,
  };

  it('have a heading for every engine error code, in both languages', () => {
    for (const code of Object.keys(CODES)) {
      expect(english.errorTitle(code), code).toBeTruthy();
      expect(chinese.errorTitle(code), code).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(chinese.errorTitle('provider_auth')).toBe('提供方拒绝了密钥。');
    expect(english.errorTitle('no_such_code')).toBeUndefined();
  });
});

describe('node labels', () => {
  it('keep the user’s own label, and say a label that is just the type’s English title in the page’s words', () => {
    expect(chinese.nodeLabel('chat-input', 'Chat Input', 'Chat Input')).toBe(zh.nodes['chat-input'].title);
    expect(chinese.nodeLabel('chat-input', 'Chat Input', undefined)).toBe(zh.nodes['chat-input'].title);
    expect(chinese.nodeLabel('chat-input', 'Chat Input', 'Customer question')).toBe('Customer question');
    expect(english.nodeLabel('chat-input', 'Chat Input', 'Chat Input')).toBe('Chat Input');
    expect(english.nodeLabel('mystery', undefined, '')).toBe('mystery');
  });
});
