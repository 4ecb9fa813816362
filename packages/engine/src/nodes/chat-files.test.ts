import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import type { ChatFile } from '../format/values';
import { validateGraph } from '../plan/validate-graph';
import { createOfflineModel } from '../providers';
import type { ChatFileStore } from '../runtime/context';
import { collectRun } from '../runtime/collect-run';
import { runGraph } from '../runtime/run-graph';
import { scriptedModel, textModel, textParts, toolCallParts } from '../testing/mock-model';
import { drainNode, mockContext, modelResource, nodeContext } from '../testing/run-helpers';
import { agentNode } from './agent';
import { calculatorToolNode } from './calculator-tool';
import { defaultNodeRegistry } from './index';
import { NodeInputs } from './node-inputs';
import { filesGraph } from '../testing/graph-builders';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const cat: ChatFile = { id: 'file-cat', name: 'cat.png', mediaType: 'image/png', size: 12 * 1024 };

/** A store holding bytes by id, recording which ids the engine asked for. */
function memoryStore(files: Record<string, Uint8Array>, extract?: ChatFileStore['extractText']) {
  const reads: string[] = [];
  const store: ChatFileStore = {
    read: async (id) => {
      reads.push(id);
      return files[id];
    },
    extractText: extract,
  };
  return { store, reads };
}

function userContent(prompt: LanguageModelV4Prompt) {
  const user = prompt.findLast((message) => message.role === 'user');
  if (user?.role !== 'user') throw new Error('no user message');
  return user.content;
}

describe('files sent in a chat', () => {
  it('reach a model that reads images as an image file part, with the bytes from the host store', async () => {
    const mock = textModel('A cat.');
    const { store, reads } = memoryStore({ 'file-cat': PNG });
    const context = mockContext({ 'gpt-4o': mock }, { files: store });
    const graph = filesGraph({ provider: 'openai', model: 'gpt-4o' });
    const { events } = await collectRun(
      runGraph({ graph, input: { message: 'What is this?', files: [cat] }, context }),
    );
    expect(events.find((event) => event.type === 'run-error')).toBeUndefined();
    expect(reads).toEqual(['file-cat']);
    expect(userContent(mock.doStreamCalls[0]!.prompt)).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'file', data: { type: 'data', data: PNG }, mediaType: 'image/png', filename: 'cat.png' },
    ]);
  });

  it('give a model that cannot read a document its text: decoded text files, extracted PDFs and DOCX', async () => {
    const mock = textModel('Read.');
    const extracted: string[] = [];
    const { store } = memoryStore(
      { notes: new TextEncoder().encode('Buy milk'), report: new Uint8Array([0x25, 0x50, 0x44, 0x46]) },
      async (file) => {
        extracted.push(file.name);
        return 'Quarterly numbers';
      },
    );
    const context = mockContext({ 'claude-3-haiku-20240307': mock }, { files: store });
    const files: ChatFile[] = [
      { id: 'notes', name: 'notes.txt', mediaType: 'text/plain', size: 8 },
      { id: 'report', name: 'report.pdf', mediaType: 'application/pdf', size: 4 },
    ];
    const graph = filesGraph({ provider: 'anthropic', model: 'claude-3-haiku-20240307' });
    await collectRun(runGraph({ graph, input: { message: 'Summarise', files }, context }));
    expect(extracted).toEqual(['report.pdf']);
    expect(userContent(mock.doStreamCalls[0]!.prompt)).toEqual([
      {
        type: 'text',
        text: 'Summarise\n\n<file name="notes.txt" type="text/plain" size="8">\nBuy milk\n</file>\n\n<file name="report.pdf" type="application/pdf" size="4">\nQuarterly numbers\n</file>',
      },
    ]);
  });

  it('fail with the file named when its bytes are gone', async () => {
    const { store } = memoryStore({});
    const context = mockContext({ 'gpt-4o': textModel('unused') }, { files: store });
    const graph = filesGraph({ provider: 'openai', model: 'gpt-4o' });
    const { events } = await collectRun(
      runGraph({ graph, input: { message: 'Look', files: [cat] }, context }),
    );
    expect(events.find((event) => event.type === 'run-error')).toMatchObject({
      code: 'unreadable_file',
      message: 'The file "cat.png" sent in this chat is no longer stored. Send it again.',
    });
  });

  it('reach an Agent’s model in its tool loop as file parts', async () => {
    const mock = scriptedModel(toolCallParts('c1', 'calculator', { expression: '2+2' }), textParts(['4']));
    const tool = await drainNode(
      calculatorToolNode.run(new NodeInputs({}), nodeContext(calculatorToolNode.config.parse({}))),
    );
    const inputs = new NodeInputs({
      prompt: [{ role: 'user', content: 'Count the cats' }],
      model: modelResource(mock),
      tools: [tool.outputs.tool],
      files: [{ ...cat, data: PNG }],
    });
    await drainNode(agentNode.run(inputs, nodeContext(agentNode.config.parse({}))));
    for (const call of mock.doStreamCalls) {
      expect(userContent(call.prompt)).toContainEqual(
        expect.objectContaining({ type: 'file', mediaType: 'image/png', filename: 'cat.png' }),
      );
    }
  });

  it('are described by the offline model: names, types and sizes, labelled', async () => {
    const context = mockContext({}, { languageModels: () => createOfflineModel() });
    const files: ChatFile[] = [
      { ...cat, data: PNG },
      {
        id: 'n',
        name: 'notes.md',
        mediaType: 'text/markdown',
        size: 2048,
        data: new TextEncoder().encode('# Hi'),
      },
    ];
    const graph = filesGraph({ provider: 'offline' });
    const { answer } = await collectRun(
      runGraph({ graph, input: { message: 'Look at these', files }, context }),
    );
    expect(answer).toBe(
      '[Offline model] I received 1 image (cat.png, image/png, 11 B) and 1 document (notes.md, text/markdown, 2 KB, as text). You said: "Look at these". Add a model provider to have them read.',
    );
  });

  it('are refused at validation for a model that cannot read images, on the Model node', () => {
    const result = validateGraph(
      filesGraph({ provider: 'openai', model: 'gpt-3.5-turbo' }),
      defaultNodeRegistry,
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        code: 'model_cannot_read_images',
        nodeId: 'model',
        message:
          "openai/gpt-3.5-turbo cannot read images; pick a model that can or turn off image uploads (disconnect the chat's Files).",
        params: { model: 'openai/gpt-3.5-turbo' },
      },
    ]);
    expect(validateGraph(filesGraph({ provider: 'openai', model: 'gpt-4o' }), defaultNodeRegistry).ok).toBe(
      true,
    );
  });
});
