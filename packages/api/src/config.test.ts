import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults and resolves the data dir from where the command was started', () => {
    const config = loadConfig({ INIT_CWD: '/srv/agentry' });
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/agentry/.data'),
      allowPrivateHosts: [],
      trustedProxies: 0,
    });
  });

  it('names what is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ AGENTRY_ADMIN_EMAIL: 'a@b.co' })).toThrow(
      /both AGENTRY_ADMIN_EMAIL and AGENTRY_ADMIN_PASSWORD/,
    );
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/needs DATABASE_URL/);
    expect(() => loadConfig({ AGENTRY_TRUSTED_PROXIES: 'yes' })).toThrow(
      /AGENTRY_TRUSTED_PROXIES must be a whole number from 0 to 10/,
    );
    expect(loadConfig({ AGENTRY_TRUSTED_PROXIES: '2' }).trustedProxies).toBe(2);
  });

  it('reads the observability settings: traces endpoint, content capture, log level, metrics token', () => {
    expect(loadConfig({})).toMatchObject({ otelCaptureContent: false, logLevel: 'info' });
    expect(loadConfig({}).otlpTracesEndpoint).toBeUndefined();
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/' }).otlpTracesEndpoint).toBe(
      'http://127.0.0.1:4318/v1/traces',
    );
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom',
      }).otlpTracesEndpoint,
    ).toBe('http://collector:4318/custom');
    expect(
      loadConfig({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }).otelCaptureContent,
    ).toBe(true);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(/must be a URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
    expect(() => loadConfig({ AGENTRY_METRICS_TOKEN: 'short' })).toThrow(/at least 16 characters/);
  });

  it('reads the private hosts an admin allows for tools', () => {
    expect(loadConfig({ AGENTRY_ALLOW_PRIVATE_HOSTS: ' 127.0.0.1, *.internal ,' }).allowPrivateHosts).toEqual(
      ['127.0.0.1', '*.internal'],
    );
  });

  it('reads the local MCP servers an admin allows, and names what is wrong with them', () => {
    expect(loadConfig({}).mcpCommands).toEqual({});
    const config = loadConfig({
      AGENTRY_MCP_COMMANDS: JSON.stringify({
        files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/srv/docs'] },
        git: { command: '/usr/local/bin/mcp-git', env: { GIT_DIR: '/srv/repo' }, cwd: '/srv/repo' },
      }),
    });
    expect(config.mcpCommands).toEqual({
      files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/srv/docs'] },
      git: { command: '/usr/local/bin/mcp-git', env: { GIT_DIR: '/srv/repo' }, cwd: '/srv/repo' },
    });
    expect(() => loadConfig({ AGENTRY_MCP_COMMANDS: '{files: npx}' })).toThrow(
      /AGENTRY_MCP_COMMANDS is not valid JSON/,
    );
    expect(() => loadConfig({ AGENTRY_MCP_COMMANDS: '["npx"]' })).toThrow(
      /AGENTRY_MCP_COMMANDS must be a JSON object of named commands/,
    );
    expect(() => loadConfig({ AGENTRY_MCP_COMMANDS: '{"files": {"command": " "}}' })).toThrow(
      /AGENTRY_MCP_COMMANDS\.files\.command: command must be a non-empty string/,
    );
    expect(() => loadConfig({ AGENTRY_MCP_COMMANDS: '{"files": {"command": "npx", "args": "-y"}}' })).toThrow(
      /AGENTRY_MCP_COMMANDS\.files\.args: args must be a list of strings/,
    );
    expect(() =>
      loadConfig({ AGENTRY_MCP_COMMANDS: '{"files": {"command": "npx", "env": {"A": 1}}}' }),
    ).toThrow(/AGENTRY_MCP_COMMANDS\.files\.env\.A: env values must be strings/);
    expect(() => loadConfig({ AGENTRY_MCP_COMMANDS: '{"a b": {"command": "npx"}}' })).toThrow(
      /AGENTRY_MCP_COMMANDS.*names are 1 to 64 letters/,
    );
    expect(() =>
      loadConfig({ AGENTRY_MCP_COMMANDS: '{"files": {"command": "npx", "shell": true}}' }),
    ).toThrow(/AGENTRY_MCP_COMMANDS\.files/);
  });
});
