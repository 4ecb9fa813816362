import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main';

const fixtures = path.resolve(import.meta.dirname, '../../../api/src/knowledge/__fixtures__');

describe('agentry train', () => {
  let dataDir: string;
  let output: string[];
  let errors: string[];

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-cli-train-'));
    vi.stubEnv('AGENTRY_DATA_DIR', dataDir);
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('AGENTRY_ADMIN_EMAIL', 'owner@example.com');
    vi.stubEnv('AGENTRY_ADMIN_PASSWORD', 'a-long-password');
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

  it('creates the knowledge base, ingests the files and reports each failure with its reason', async () => {
    const files = ['handbook.md', 'warranty.pdf', 'encrypted.pdf', 'missing.txt'].map((name) =>
      path.join(fixtures, name),
    );
    expect(await main(['train', 'Support docs', ...files])).toBe(1);
    expect(output[0]).toMatch(/^Created knowledge base "Support docs" \(/);
    expect(output).toContain('ready   handbook.md (3 chunks)');
    expect(output.some((line) => /^ready {3}warranty\.pdf \(\d+ chunks\)$/.test(line))).toBe(true);
    expect(errors.join('\n')).toContain('failed  encrypted.pdf: The PDF is password-protected');
    expect(errors.join('\n')).toMatch(/failed {2}.*missing\.txt: ENOENT/);
    expect(output.at(-1)).toMatch(/^2 of 4 file\(s\) added in [\d.]+ s; 2 failed\.$/);

    // The same name finds the same knowledge base.
    output = [];
    expect(await main(['train', 'Support docs', path.join(fixtures, 'office.txt')])).toBe(0);
    expect(output[0]).toMatch(/^Adding to knowledge base "Support docs"/);
  }, 120_000);
});
