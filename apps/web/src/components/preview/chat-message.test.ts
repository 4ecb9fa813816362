import { describe, expect, it } from 'vitest';
import { applyChunk, messageText, type OpenText, type PreviewMessage } from './chat-message';

function apply(chunks: { type: string; [field: string]: unknown }[]): PreviewMessage {
  const message: PreviewMessage = { id: 'a', role: 'assistant', parts: [] };
  const open: OpenText = new Map();
  for (const chunk of chunks) applyChunk(message, open, chunk);
  return message;
}

describe('preview message: reasoning and standard tool parts', () => {
  it('keeps reasoning as its own part, before the text, and out of the message text', () => {
    const message = apply([
      { type: 'reasoning-start', id: 'reasoning-model' },
      { type: 'reasoning-delta', id: 'reasoning-model', delta: 'Let me ' },
      { type: 'reasoning-delta', id: 'reasoning-model', delta: 'think.' },
      { type: 'reasoning-end', id: 'reasoning-model' },
      { type: 'text-start', id: 'model' },
      { type: 'text-delta', id: 'model', delta: 'Hello' },
      { type: 'text-end', id: 'model' },
    ]);
    expect(message.parts).toEqual([
      { type: 'reasoning', nodeId: 'model', text: 'Let me think.' },
      { type: 'text', nodeId: 'model', text: 'Hello' },
    ]);
    expect(messageText(message)).toBe('Hello');
  });

  it("drops a restarted node's reasoning with its text, and keeps streaming into the right parts", () => {
    const message = apply([
      { type: 'reasoning-delta', id: 'reasoning-model', delta: 'first try' },
      { type: 'text-delta', id: 'other', delta: 'Other node. ' },
      { type: 'data-node-restart', data: { nodeId: 'model' } },
      { type: 'reasoning-delta', id: 'reasoning-model', delta: 'second try' },
      { type: 'text-delta', id: 'other', delta: 'More.' },
    ]);
    expect(message.parts).toEqual([
      { type: 'text', nodeId: 'other', text: 'Other node. More.' },
      { type: 'reasoning', nodeId: 'model', text: 'second try' },
    ]);
  });

  it('shows a tool call once when both the data-tool part and the standard tool parts arrive', () => {
    const message = apply([
      {
        type: 'data-tool',
        id: 'c1',
        data: { toolCallId: 'c1', nodeId: 'agent', toolName: 'calculator', status: 'calling' },
      },
      { type: 'tool-input-start', toolCallId: 'c1', toolName: 'calculator', dynamic: true },
      {
        type: 'tool-input-available',
        toolCallId: 'c1',
        toolName: 'calculator',
        input: { expression: '6*7' },
        dynamic: true,
      },
      {
        type: 'data-tool',
        id: 'c1',
        data: {
          toolCallId: 'c1',
          nodeId: 'agent',
          toolName: 'calculator',
          status: 'done',
          output: { result: 42 },
        },
      },
      { type: 'tool-output-available', toolCallId: 'c1', output: { result: 42 }, dynamic: true },
    ]);
    expect(message.parts).toHaveLength(1);
    expect(message.parts[0]).toMatchObject({ type: 'data-tool', data: { status: 'done', nodeId: 'agent' } });
  });
});
