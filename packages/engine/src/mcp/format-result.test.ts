import { describe, expect, it } from 'vitest';
import { formatToolResult } from './format-result';

describe('formatToolResult', () => {
  it('joins text parts and describes the parts a model cannot read', () => {
    const text = formatToolResult(
      {
        content: [
          { type: 'text', text: 'First line' },
          { type: 'image', data: Buffer.alloc(1234).toString('base64'), mimeType: 'image/png' },
          { type: 'audio', data: Buffer.alloc(10).toString('base64'), mimeType: 'audio/wav' },
          { type: 'resource_link', uri: 'file:///report.pdf', name: 'report' },
          { type: 'resource', resource: { uri: 'mem://note', text: 'A note' } },
          { type: 'resource', resource: { uri: 'mem://blob', mimeType: 'application/zip', blob: 'AAAA' } },
          { type: 'text', text: 'Last line' },
        ],
        structuredContent: { ignored: true },
      },
      10_000,
    );
    expect(text).toBe(
      [
        'First line',
        '[image image/png, 1234 bytes]',
        '[audio audio/wav, 10 bytes]',
        '[resource link report: file:///report.pdf]',
        '[resource mem://note]\nA note',
        '[resource mem://blob application/zip, 3 bytes]',
        'Last line',
      ].join('\n'),
    );
  });

  it('hands over structured content as JSON when there is no text', () => {
    expect(formatToolResult({ content: [], structuredContent: { visits: 3 } }, 1_000)).toBe('{"visits":3}');
    expect(formatToolResult({ content: [] }, 1_000)).toBe('(The tool returned no content.)');
  });

  it('cuts a long result and says where', () => {
    const text = formatToolResult({ content: [{ type: 'text', text: 'y'.repeat(5_000) }] }, 1_000);
    expect(text).toBe(`${'y'.repeat(1_000)}\n(result cut at 1000 characters of 5000)`);
  });
});
