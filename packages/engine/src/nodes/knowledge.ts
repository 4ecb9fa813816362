import { z } from 'zod';
import { EngineError } from '../errors';
import type { PortSpec } from '../format/port-types';
import { portId } from '../format/ids';
import { formatSources, type KnowledgeSource, toDocuments, toSources } from '../knowledge/format-sources';
import type { KnowledgeRetriever } from '../knowledge/knowledge-types';
import { ui } from './config-ui';
import { defineNode, type NodeContext } from './node-definition';
import {
  askBeforeRunningField,
  createToolResource,
  TOOL_OUTPUTS,
  toolDescriptionField,
  toolNameField,
} from './tool-resource';

const QUERY = portId('query');
const DOCUMENTS = portId('documents');
const TEXT = portId('text');

const RETRIEVE_INPUTS: readonly PortSpec[] = [
  { id: QUERY, type: 'text', label: 'Query', required: true, description: 'What to look up.' },
];
const RETRIEVE_OUTPUTS: readonly PortSpec[] = [
  { id: DOCUMENTS, type: 'documents', label: 'Documents', description: 'The retrieved chunks, best first.' },
  {
    id: TEXT,
    type: 'text',
    label: 'Sources',
    description: 'Numbered sources, "[1] doc — heading: excerpt", to put in a Prompt.',
  },
];

const configSchema = z.object({
  knowledgeBaseId: z
    .string()
    .max(100)
    .default('')
    .describe('The knowledge base to search.')
    .meta(ui({ knowledgeBase: true, placeholder: 'Pick a knowledge base' })),
  mode: z
    .enum(['tool', 'retrieve'])
    .default('tool')
    .describe(
      'tool: an Agent searches when it needs facts. retrieve: searches for the Query input and feeds a Prompt.',
    ),
  topK: z.number().int().min(1).max(20).default(4).describe('How many chunks to return.'),
  name: toolNameField('search_knowledge').meta(ui({ advanced: true })),
  askBeforeRunning: askBeforeRunningField(),
  description: toolDescriptionField(
    'Searches the knowledge base for passages that answer a question. Returns numbered sources; cite them as [1], [2] in the answer.',
  ).meta(ui({ advanced: true })),
});

type KnowledgeConfig = z.infer<typeof configSchema>;

const toolInput = z.object({
  query: z.string().min(1).max(2000).describe('What to look for, in a few words or a question.'),
});

/** What the tool returns to the model (and what chat UIs read to show numbered references). */
export interface KnowledgeToolOutput {
  sources: KnowledgeSource[];
  /** The same sources as text, one "[n] doc — heading: excerpt" per line. */
  text: string;
}

async function retrieve(
  context: NodeContext<KnowledgeConfig>,
  query: string,
  signal: AbortSignal,
): Promise<KnowledgeSource[]> {
  const { config, nodeId } = context;
  const retriever: KnowledgeRetriever | undefined = context.services.knowledge;
  if (!config.knowledgeBaseId) {
    throw new EngineError('invalid_parameter', 'Pick a knowledge base for this Knowledge node.', { nodeId });
  }
  if (!retriever) {
    throw new EngineError(
      'invalid_parameter',
      'This host offers no knowledge bases (pass `knowledge` in the run context, or use Agent.train()).',
      { nodeId },
    );
  }
  const hits = await retriever.search({
    knowledgeBaseId: config.knowledgeBaseId,
    query,
    topK: config.topK,
    signal,
  });
  return toSources(hits.slice(0, config.topK));
}

async function retrieveOutputs(context: NodeContext<KnowledgeConfig>, query: string) {
  const sources = query.trim() ? await retrieve(context, query, context.signal) : [];
  return {
    [DOCUMENTS]: toDocuments(sources),
    [TEXT]: sources.length > 0 ? formatSources(sources) : 'No matching passages were found.',
  };
}

/**
 * Knowledge: retrieves the chunks of a knowledge base that best match a query. As a tool
 * (`search_knowledge`) an Agent calls it and cites the numbered sources; in retrieve mode it searches
 * for its Query input and outputs the documents and a numbered "Sources" text for a Prompt.
 */
export const knowledgeNode = defineNode({
  type: 'knowledge',
  title: 'Knowledge',
  group: 'Knowledge',
  description: 'Retrieves passages from a knowledge base, as numbered sources the answer can cite.',
  config: configSchema,
  provides: 'tool',
  inputs: (config) => (config.mode === 'retrieve' ? RETRIEVE_INPUTS : []),
  outputs: (config) => (config.mode === 'retrieve' ? RETRIEVE_OUTPUTS : TOOL_OUTPUTS),
  // A node searching no knowledge base can only fail: say so on the canvas, before anything runs.
  validate: (config) =>
    config.knowledgeBaseId
      ? []
      : [
          {
            code: 'invalid_config',
            path: ['knowledgeBaseId'],
            message: 'Pick the knowledge base to search.',
            params: { reason: 'no_knowledge_base' },
          },
        ],
  run: (inputs, context) => {
    const { config } = context;
    if (config.mode === 'retrieve') return retrieveOutputs(context, inputs.text(QUERY) ?? '');
    return {
      tool: createToolResource({
        name: config.name,
        askBeforeRunning: config.askBeforeRunning,
        description: config.description,
        inputSchema: toolInput,
        execute: async ({ query }, { signal }): Promise<KnowledgeToolOutput> => {
          const sources = await retrieve(context, query, signal);
          return {
            sources,
            text:
              sources.length > 0
                ? formatSources(sources)
                : 'No matching passages were found in the knowledge base.',
          };
        },
      }),
    };
  },
});
