// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} here is the clients' own placeholder syntax, written out literally.
import { describe, expect, it } from 'vitest';
import { mcpClientConfigs, mcpToolNameOf, mcpUrlOf } from './mcp-client-configs';

describe('mcpToolNameOf', () => {
  it('keeps a slug that is already a valid tool name, replaces other characters and caps at 64', () => {
    expect(mcpToolNameOf('support-agent-2')).toBe('support-agent-2');
    expect(mcpToolNameOf('café.bot')).toBe('caf__bot');
    expect(mcpToolNameOf('a'.repeat(80))).toBe('a'.repeat(64));
    expect(mcpToolNameOf('')).toBe('agent');
  });
});

describe('mcpClientConfigs', () => {
  const url = mcpUrlOf('https://agents.example.com/');

  it('builds the endpoint from the origin', () => {
    expect(url).toBe('https://agents.example.com/api/mcp');
  });

  it('gives Claude Desktop an mcp-remote command whose header arguments hold no space', () => {
    const claude = JSON.parse(mcpClientConfigs(url).find((config) => config.id === 'claude-desktop')!.code);
    const server = claude.mcpServers.agentry;
    expect(server.command).toBe('npx');
    expect(server.args).toEqual([
      '-y',
      'mcp-remote',
      url,
      '--header',
      'Authorization:${AGENTRY_AUTH_HEADER}',
    ]);
    for (const argument of server.args) expect(argument).not.toContain(' ');
    expect(server.env).toEqual({ AGENTRY_AUTH_HEADER: 'Bearer YOUR_AGENTRY_API_KEY' });
  });

  it('adds --allow-http only for plain http off localhost, which mcp-remote refuses otherwise', () => {
    const args = (origin: string) =>
      JSON.parse(mcpClientConfigs(mcpUrlOf(origin))[0]!.code).mcpServers.agentry.args as string[];
    expect(args('http://localhost:3000')).not.toContain('--allow-http');
    expect(args('http://127.0.0.1:3000')).not.toContain('--allow-http');
    expect(args('http://agentry.lan:3000')).toContain('--allow-http');
    expect(args('https://agentry.lan')).not.toContain('--allow-http');
  });

  it('gives Cursor a url with a bearer header read from the environment', () => {
    const cursor = JSON.parse(mcpClientConfigs(url).find((config) => config.id === 'cursor')!.code);
    expect(cursor).toEqual({
      mcpServers: { agentry: { url, headers: { Authorization: 'Bearer ${env:AGENTRY_API_KEY}' } } },
    });
  });

  it('gives VS Code an http server whose key is asked for as a password input', () => {
    const vscode = JSON.parse(mcpClientConfigs(url).find((config) => config.id === 'vscode')!.code);
    expect(vscode.servers.agentry).toEqual({
      type: 'http',
      url,
      headers: { Authorization: 'Bearer ${input:agentry-api-key}' },
    });
    expect(vscode.inputs).toEqual([
      { type: 'promptString', id: 'agentry-api-key', description: expect.any(String), password: true },
    ]);
  });

  it('never holds a key', () => {
    for (const config of mcpClientConfigs(url)) expect(config.code).not.toMatch(/agt_/);
  });
});
