import { describe, expect, it } from 'vitest';
import config from '../next.config.mjs';
import { contentSecurityPolicy, securityHeaders } from './security-headers.mjs';

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('security headers', () => {
  it("forbid framing by any site, plugins and <base> hijacks, and keep scripts and requests to the app's origin", () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    // Next's inline bootstrap scripts run; nothing from another origin does, and nothing is eval'd.
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('relax only what the development server needs (eval for fast refresh, its WebSocket)', () => {
    const policy = directives(contentSecurityPolicy({ development: true }));
    expect(policy.get('script-src')).toContain("'unsafe-eval'");
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('set nosniff, a referrer policy and X-Frame-Options on every path, widget.js and the public API included', async () => {
    const headers = Object.fromEntries(securityHeaders().map(({ key, value }) => [key, value]));
    expect(headers).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
    });
    const rules = await (await config('phase-production-server')).headers!();
    expect(rules).toEqual([{ source: '/:path*', headers: securityHeaders() }]);
    // Nothing that would stop other sites from loading widget.js or calling the public routes.
    const names = securityHeaders().map(({ key }) => key.toLowerCase());
    expect(names).not.toContain('cross-origin-resource-policy');
    expect(names).not.toContain('cross-origin-embedder-policy');
  });
});
