#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CliError } from './cli-error';
import { apiKeyCommand } from './commands/api-key';
import { migrateCommand } from './commands/migrate';

const USAGE = `Usage: agentry <command> [options]

Commands:
  migrate                              apply database migrations
  api-key create --name NAME           print a new API key (shown once)

Environment: AGENTRY_DATA_DIR, DATABASE_URL, AGENTRY_SECRET (see the README).`;

/** Runs one CLI invocation; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { name: { type: 'string' }, workspace: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  try {
    switch (command) {
      case 'migrate':
        await migrateCommand();
        return 0;
      case 'api-key':
        await apiKeyCommand(rest[0], { name: text(values.name), workspace: text(values.workspace) });
        return 0;
      case undefined:
      case 'help':
        console.log(USAGE);
        return values.help || command === 'help' ? 0 : 1;
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    const known = error instanceof CliError || (error instanceof Error && 'code' in error);
    console.error(`agentry: ${error instanceof Error ? error.message : String(error)}`);
    if (!known && error instanceof Error && error.stack && process.env.AGENTRY_DEBUG) console.error(error.stack);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('main.ts')) {
  main(process.argv.slice(2)).then((status) => process.exit(status));
}
