import { afterEach, describe, expect, it } from 'vitest';
import type { ChatFile } from '../format/values';
import {
  type FakeProvider,
  fixture,
  startFakeProvider,
} from '../providers/__fixtures__/fake-provider-server';
import { createLanguageModel } from '../providers/create-language-model';
import { collectRun } from '../runtime/collect-run';
import { runGraph } from '../runtime/run-graph';
import { mockContext } from '../testing/run-helpers';
import { filesGraph } from '../testing/graph-builders';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let server: FakeProvider;
afterEach(() => server.close());

describe('a chat file over the wire (OpenAI-compatible chat completions)', () => {
  it('reaches a vision model as an image_url part holding the image as a data URL', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('ollama-chat-text.sse') }));
    const context = mockContext(
      {},
      {
        languageModels: (request) =>
          createLanguageModel(
            { provider: 'openai-compatible', model: request.model },
            { apiKey: 'local-key', baseURL: `${server.url}/v1` },
          ),
        files: { read: async (id) => (id === 'file-dot' ? PNG : undefined) },
      },
    );
    const dot: ChatFile = { id: 'file-dot', name: 'dot.png', mediaType: 'image/png', size: PNG.byteLength };
    const graph = filesGraph({ provider: 'openai-compatible', model: 'llava-vision' });
    const { events, answer } = await collectRun(
      runGraph({ graph, input: { message: 'What is this?', files: [dot] }, context }),
    );

    expect(events.find((event) => event.type === 'run-error')).toBeUndefined();
    expect(answer).toBe('Hello from Ollama');
    const body = server.requests[0]!.body as {
      model: string;
      messages: { role: string; content: unknown }[];
    };
    expect(body.model).toBe('llava-vision');
    expect(body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        {
          type: 'image_url',
          image_url: { url: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` },
        },
      ],
    });
  });
});
