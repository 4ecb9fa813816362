import { describe, expect, it } from 'vitest';
import { hostPatternProblem, isAllowedHost } from './host-patterns';

describe('hostPatternProblem', () => {
  it('accepts host names, wildcard domains and IP literals', () => {
    for (const pattern of [
      'api.example.com',
      '*.example.com',
      'localhost',
      '127.0.0.1',
      '[::1]',
      'API.Example.com',
    ]) {
      expect(hostPatternProblem(pattern), pattern).toBeUndefined();
    }
  });

  it('refuses URLs, ports, paths, bare wildcards and whole TLDs', () => {
    for (const pattern of [
      'https://api.example.com',
      'api.example.com:443',
      'api.example.com/v1',
      '*',
      '*.com',
      'a b',
      '',
      '-bad.com',
      'user@host.com',
    ]) {
      expect(hostPatternProblem(pattern), pattern).toBeDefined();
    }
  });

  it('matches a wildcard on subdomains only', () => {
    expect(isAllowedHost('api.example.com', ['*.example.com'])).toBe(true);
    expect(isAllowedHost('evilexample.com', ['*.example.com'])).toBe(false);
  });
});
