import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { curlExample, DEFAULT_LIMITS, limitProblems } from './trigger-types';

describe('curlExample', () => {
  it('posts JSON to the URL, with ?wait=1 when the trigger allows waiting', () => {
    expect(curlExample('http://127.0.0.1:3000/api/hooks/abc', { allowWait: true })).toContain(
      "curl -X POST 'http://127.0.0.1:3000/api/hooks/abc?wait=1'",
    );
  });

  it('signs the body the way the webhook checks it (prefix + hex HMAC of the raw body)', () => {
    const script = curlExample('http://127.0.0.1:3000/api/hooks/abc', {
      allowWait: false,
      signature: { header: 'X-Hub-Signature-256', credentialId: 'c', algorithm: 'sha256', prefix: 'sha256=' },
    });
    expect(script).toContain('-H "X-Hub-Signature-256: sha256=$SIG"');
    // Run the shown recipe up to the request and compare its signature with Node's.
    const [body, signature] = script.split('\n');
    const computed = execFileSync('bash', ['-c', `${body}\n${signature}\nprintf '%s' "$SIG"`], {
      env: { ...process.env, WEBHOOK_SECRET: 'It is a secret' },
    }).toString();
    const expected = createHmac('sha256', 'It is a secret')
      .update('{"text":"Hello from curl"}')
      .digest('hex');
    expect(computed).toBe(expected);
  });
});

describe('limitProblems', () => {
  it('accepts the defaults and names each cap out of range', () => {
    expect(limitProblems(DEFAULT_LIMITS)).toEqual({});
    expect(Object.keys(limitProblems({ runsPerMinute: 0, tokensPerDay: 50 }))).toEqual([
      'limits.runsPerMinute',
      'limits.tokensPerDay',
    ]);
  });
});
