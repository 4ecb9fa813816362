import { describe, expect, it } from 'vitest';
import { callerOrigin } from './public-origin';

const request = (url: string, headers: Record<string, string>) => new Request(url, { headers });

describe('callerOrigin', () => {
  it("prefers the browser's Origin, then the Host the caller used over the bound address", () => {
    expect(
      callerOrigin(request('http://localhost:3000/api/x', { origin: 'https://agentry.example.com' })),
    ).toBe('https://agentry.example.com');
    // `next start -H 127.0.0.1` gives route handlers a URL naming the bound address: the caller's Host wins.
    expect(callerOrigin(request('http://localhost:3000/api/x', { host: '127.0.0.1:3000' }))).toBe(
      'http://127.0.0.1:3000',
    );
    expect(
      callerOrigin(request('http://localhost:3000/api/x', { origin: 'null', host: 'a.example:8080' })),
    ).toBe('http://a.example:8080');
  });

  it('takes the scheme from X-Forwarded-Proto only behind a trusted proxy', () => {
    const behindProxy = request('http://localhost:3000/x', {
      host: 'agentry.example.com',
      'x-forwarded-proto': 'https',
    });
    expect(callerOrigin(behindProxy, 1)).toBe('https://agentry.example.com');
    expect(callerOrigin(behindProxy, 0)).toBe('http://agentry.example.com');
  });
});
