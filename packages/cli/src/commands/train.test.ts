import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliTestEnvironment } from '../test-support';
import { main } from '../main';

const fixtures = path.resolve(import.meta.dirname, '../../../api/src/knowledge/__fixtures__');

describe('agentry train', () => {
  const cli = useCliTestEnvironment({
    AGENTRY_ADMIN_EMAIL: 'owner@example.com',
    AGENTRY_ADMIN_PASSWORD: 'a-long-password',
  });

  it('creates the knowledge base, ingests the files and reports each failure with its reason', async () => {
    const files = ['handbook.md', 'warranty.pdf', 'encrypted.pdf', 'missing.txt'].map((name) =>
      path.join(fixtures, name),
    );
    expect(await main(['train', 'Support docs', ...files])).toBe(1);
    expect(cli.output[0]).toMatch(/^Created knowledge base "Support docs" \(/);
    expect(cli.output).toContain('ready   handbook.md (3 chunks)');
    expect(cli.output.some((line) => /^ready {3}warranty\.pdf \(\d+ chunks\)$/.test(line))).toBe(true);
    expect(cli.errors.join('\n')).toContain('failed  encrypted.pdf: The PDF is password-protected');
    expect(cli.errors.join('\n')).toMatch(/failed {2}.*missing\.txt: ENOENT/);
    expect(cli.output.at(-1)).toMatch(/^2 of 4 file\(s\) added in [\d.]+ s; 2 failed\.$/);

    // The same name finds the same knowledge base.
    cli.output.length = 0;
    expect(await main(['train', 'Support docs', path.join(fixtures, 'office.txt')])).toBe(0);
    expect(cli.output[0]).toMatch(/^Adding to knowledge base "Support docs"/);
  }, 120_000);
});

describe('agentry train under a storage quota', () => {
  const cli = useCliTestEnvironment({
    AGENTRY_ADMIN_EMAIL: 'owner@example.com',
    AGENTRY_ADMIN_PASSWORD: 'a-long-password',
    AGENTRY_STORAGE_QUOTA_MB: '1',
  });

  it('refuses a file past the workspace quota, naming used and limit, and adds the rest', async () => {
    const big = path.join(cli.dataDir, 'big.md');
    writeFileSync(big, `# Big\n\n${'quota words '.repeat(110_000)}`);
    expect(await main(['train', 'Quota docs', big, path.join(fixtures, 'handbook.md')])).toBe(1);
    expect(cli.errors.join('\n')).toContain(
      "failed  big.md: The workspace's knowledge storage is full: 0 bytes of 1 MB used, and this needs 1.3 MB more.",
    );
    expect(cli.output).toContain('ready   handbook.md (3 chunks)');
  }, 120_000);
});
