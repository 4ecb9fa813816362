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
    expect(conversionFor('json', 'text')?.({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(conversionFor('json', 'text')?.('plain')).toBe('plain');
    expect(conversionFor('json', 'messages')?.({ a: 1 })).toEqual([
      { role: 'user', content: '{\n  "a": 1\n}' },
    ]);
    expect(conversionFor('documents', 'text')?.([{ content: 'x' }, { content: 'y' }])).toBe('x\n\ny');
    expect(canConnect('text', 'documents')).toBe(false);
    expect(conversionFor('text', 'text')).toBeUndefined();
  });

  it('lists files by name, type and size as text and never takes them from other types', () => {
    const files = [{ id: 'f1', name: 'cat.png', mediaType: 'image/png', size: 12 }];
    expect(conversionFor('files', 'text')?.(files)).toBe('cat.png (image/png, 12 bytes)');
    for (const source of ALL) expect(canConnect(source, 'files')).toBe(source === 'files');
  });
});
