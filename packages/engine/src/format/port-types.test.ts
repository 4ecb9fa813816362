import { describe, expect, it } from 'vitest';
import { canConnect, conversionFor, PORT_COMPATIBILITY, type PortType } from './port-types';

const ALL = Object.keys(PORT_COMPATIBILITY) as PortType[];

describe('port compatibility', () => {
  it('connects resources only to the same resource', () => {
    for (const resource of ['model', 'memory', 'tool'] as const) {
      for (const other of ALL) expect(canConnect(resource, other)).toBe(other === resource);
      for (const other of ALL) expect(canConnect(other, resource)).toBe(other === resource);
    }
  });

  it('wraps text into one user message and renders messages as a transcript', () => {
    expect(conversionFor('text', 'messages')?.('hi')).toEqual([{ role: 'user', content: 'hi' }]);
    const transcript = conversionFor(
      'messages',
      'text',
    )?.([
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
    ]);
    expect(transcript).toBe('user: a\nassistant: b');
  });

  it('renders json and documents as text, and refuses text into documents', () => {
    expect(conversionFor('json', 'text')?.({ a: 1 })).toBe('{"a":1}');
    expect(conversionFor('documents', 'text')?.([{ content: 'x' }, { content: 'y' }])).toBe('x\n\ny');
    expect(canConnect('text', 'documents')).toBe(false);
    expect(conversionFor('text', 'text')).toBeUndefined();
  });
});
