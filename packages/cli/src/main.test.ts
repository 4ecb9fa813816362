import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './main';

describe('agentry CLI', () => {
  let dataDir: string;
  let output: string[];
  let errors: string[];

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-cli-'));
    vi.stubEnv('AGENTRY_DATA_DIR', dataDir);
    vi.stubEnv('DATABASE_URL', '');
    output = [];
    errors = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, refuses a key before an owner exists, then prints a key once', async () => {
    expect(await main(['migrate'])).toBe(0);
    expect(output.join('\n')).toMatch(/up to date \(pglite/);

    expect(await main(['api-key', 'create', '--name', 'ci'])).toBe(1);
    expect(errors.join('\n')).toMatch(/no owner yet/);

    vi.stubEnv('AGENTRY_ADMIN_EMAIL', 'owner@example.com');
    vi.stubEnv('AGENTRY_ADMIN_PASSWORD', 'a-long-password');
    output = [];
    expect(await main(['api-key', 'create', '--name', 'ci'])).toBe(0);
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(/^agt_[A-Za-z0-9_-]{43}$/);
  }, 60_000);

  it('refuses a data dir held by a running server and names it', async () => {
    writeFileSync(
      path.join(dataDir, 'agentry.lock'),
      JSON.stringify({ pid: process.ppid, purpose: 'web server', url: 'http://127.0.0.1:3000', startedAt: '' }),
    );
    expect(await main(['migrate'])).toBe(1);
    expect(errors.join('\n')).toContain(dataDir);
    expect(errors.join('\n')).toContain('http://127.0.0.1:3000');
  }, 60_000);

  it('explains usage errors', async () => {
    expect(await main(['api-key', 'create'])).toBe(1);
    expect(errors.join('\n')).toMatch(/--name NAME/);
    expect(await main(['frobnicate'])).toBe(1);
    expect(errors.join('\n')).toMatch(/Unknown command "frobnicate"/);
  });
});
