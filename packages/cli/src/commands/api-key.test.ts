import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error';
import { parseExpiresIn, parseScopes } from './api-key';

describe('api-key create options', () => {
  it('gives the owner every scope by default and takes a comma-separated list', () => {
    expect(parseScopes(undefined)).toEqual(['run', 'manage', 'knowledge']);
    expect(parseScopes('run, knowledge')).toEqual(['run', 'knowledge']);
  });

  it('refuses an unknown or empty scope list, naming the known scopes', () => {
    expect(() => parseScopes('run,admin')).toThrow(/Unknown scope "admin". Scopes: run, manage, knowledge/);
    expect(() => parseScopes(',')).toThrow(CliError);
  });

  it('reads --expires-in as days or hours from now, and refuses anything else', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseExpiresIn(undefined, now)).toBeNull();
    expect(parseExpiresIn('30d', now)?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseExpiresIn('12h', now)?.toISOString()).toBe('2026-01-01T12:00:00.000Z');
    for (const bad of ['0d', '30', 'soon', '-1d'])
      expect(() => parseExpiresIn(bad, now)).toThrow(/30d or 12h/);
  });
});
