import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

/** What a CLI test sees: its own data dir, and the lines the command printed to stdout and stderr. */
export interface CliTestEnvironment {
  dataDir: string;
  output: string[];
  errors: string[];
}

/**
 * Gives each test a fresh embedded data dir (no DATABASE_URL) and captures console output; extra
 * environment variables are set for every test. Undone after each test.
 */
export function useCliTestEnvironment(env: Record<string, string> = {}): CliTestEnvironment {
  const cli: CliTestEnvironment = { dataDir: '', output: [], errors: [] };
  beforeEach(() => {
    cli.dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-cli-'));
    vi.stubEnv('AGENTRY_DATA_DIR', cli.dataDir);
    vi.stubEnv('DATABASE_URL', '');
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    cli.output.length = 0;
    cli.errors.length = 0;
    vi.spyOn(console, 'log').mockImplementation((line: string) => void cli.output.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void cli.errors.push(line));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(cli.dataDir, { recursive: true, force: true });
  });
  return cli;
}
