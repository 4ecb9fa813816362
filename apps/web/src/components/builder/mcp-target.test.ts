import { describe, expect, it } from 'vitest';
import { mcpTargetOf, missingSetting } from './mcp-target';

describe('mcpTargetOf', () => {
  it('takes the connection settings of an HTTP server, dropping empty ones', () => {
    expect(
      mcpTargetOf({
        transport: 'sse',
        url: 'https://mcp.example.com/sse',
        command: 'ignored',
        credentialId: 'cred-1',
        authHeader: 'X-API-Key',
        headers: { 'X-Team': 'blue', 'X-Bad': 3 },
        tools: ['a'],
      }),
    ).toEqual({
      transport: 'sse',
      url: 'https://mcp.example.com/sse',
      credentialId: 'cred-1',
      authHeader: 'X-API-Key',
      headers: { 'X-Team': 'blue' },
    });
    expect(mcpTargetOf({ url: '  ', headers: {} })).toEqual({
      transport: 'auto',
      url: undefined,
      credentialId: undefined,
      authHeader: undefined,
      headers: undefined,
    });
  });

  it('sends only the command name for a local server, and falls back to auto for an odd transport', () => {
    expect(
      mcpTargetOf({ transport: 'command', command: 'files', url: 'https://x', credentialId: 'c' }),
    ).toEqual({
      transport: 'command',
      command: 'files',
    });
    expect(mcpTargetOf({ transport: 'telnet' }).transport).toBe('auto');
    expect(mcpTargetOf(undefined).transport).toBe('auto');
  });
});

describe('missingSetting', () => {
  it('asks for the URL or the command before connecting', () => {
    expect(missingSetting({ transport: 'auto' })).toBe('url');
    expect(missingSetting({ transport: 'command' })).toBe('command');
    expect(missingSetting({ transport: 'auto', url: 'https://mcp.example.com/mcp' })).toBeUndefined();
    expect(missingSetting({ transport: 'command', command: 'files' })).toBeUndefined();
  });
});
