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
