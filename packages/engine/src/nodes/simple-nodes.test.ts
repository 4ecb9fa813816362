import { describe, expect, it } from 'vitest';
import { nodeContext } from '../testing/run-helpers';
import { chatInputNode } from './chat-input';
import { chatOutputNode } from './chat-output';
import { NodeInputs } from './node-inputs';
import { promptNode } from './prompt';

describe('Chat Input', () => {
  it('is the trigger and outputs the message and the client history', () => {
    const config = chatInputNode.config.parse({});
    const context = {
      ...nodeContext(config),
      input: {
        message: 'hi',
        history: [{ role: 'user' as const, content: 'before' }],
        files: [{ id: 'f1', name: 'a.png', mediaType: 'image/png', size: 3 }],
      },
    };
    expect(chatInputNode.trigger).toBe(true);
    expect(chatInputNode.run(new NodeInputs({}), context)).toEqual({
      message: 'hi',
      history: [{ role: 'user', content: 'before' }],
      files: [{ id: 'f1', name: 'a.png', mediaType: 'image/png', size: 3 }],
    });
  });
});

describe('Chat Output', () => {
  it('joins the texts that reached it into the answer', () => {
    const config = chatOutputNode.config.parse({});
    const result = chatOutputNode.run(new NodeInputs({ text: ['first', 'second'] }), nodeContext(config));
    expect(result).toEqual({ answer: 'first\n\nsecond' });
    expect(chatOutputNode.collectsAnswer).toBe(true);
  });
});

describe('Prompt', () => {
  const config = promptNode.config.parse({
    system: 'You speak {{ language }}.',
    template: 'Question: {{message}} (again: {{message}}) {{missing}}',
  });

  it('turns every {{variable}} into a required text input, once', () => {
    expect(promptNode.inputs(config).map((port) => [port.id, port.type, port.required])).toEqual([
      ['language', 'text', true],
      ['message', 'text', true],
      ['missing', 'text', true],
      ['files', 'files', undefined],
    ]);
    expect(
      promptNode.inputs(promptNode.config.parse({ template: 'no variables' })).map((port) => port.id),
    ).toEqual(['files']);
  });

  it('sends the chat files with the user message', () => {
    const files = [{ id: 'f1', name: 'a.png', mediaType: 'image/png', size: 3 }];
    const inputs = new NodeInputs({ language: 'French', message: 'look', files });
    const { prompt } = promptNode.run(inputs, nodeContext(config)) as { prompt: unknown[] };
    expect(prompt.at(-1)).toMatchObject({ role: 'user', files });
  });

  it('renders the system and user messages', () => {
    const inputs = new NodeInputs({ language: 'French', message: 'why?' });
    expect(promptNode.run(inputs, nodeContext(config))).toEqual({
      prompt: [
        { role: 'system', content: 'You speak French.' },
        { role: 'user', content: 'Question: why? (again: why?) ' },
      ],
      text: 'Question: why? (again: why?) ',
    });
  });

  it('leaves the system message out when there is none', () => {
    const plain = promptNode.config.parse({});
    expect(promptNode.run(new NodeInputs({ message: 'hi' }), nodeContext(plain))).toEqual({
      prompt: [{ role: 'user', content: 'hi' }],
      text: 'hi',
    });
  });
});
