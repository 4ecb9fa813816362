#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CliError } from './cli-error';
import { apiKeyCommand } from './commands/api-key';
import { chatCommand } from './commands/chat';
import { diffCommand } from './commands/diff';
import { evalCommand } from './commands/eval';
import { exportCommand, importCommand } from './commands/graph-files';
import { migrateCommand } from './commands/migrate';
import { pullCommand } from './commands/pull';
import { pushCommand } from './commands/push';
import { runCommand } from './commands/run';
import { trainCommand } from './commands/train';
import { workerCommand } from './commands/worker';

const USAGE = `Usage: agentry <command> [options]

Commands:
  run <graph.json|agent> --input TEXT  run once and stream the answer to stdout
  chat <graph.json|agent>              chat in the terminal (exit, quit or 退出 to leave)
  import <graph.json> [--name NAME]    create an agent from a graph file
  export <agent> [--out FILE]          write an agent's draft graph as JSON
  migrate                              apply database migrations
  api-key create --name NAME           print a new API key (shown once); every scope and
    [--scopes run,manage,knowledge]    agent unless limited; --agent repeats; --expires-in
    [--agent ID_OR_SLUG ...]           takes 30d or 12h (never expires without it)
    [--expires-in 30d]
  train <knowledge-base> <files...>    add documents to a knowledge base (id or name;
                                       created if missing): txt, md, html, pdf, docx, csv, json
  worker [--concurrency N]             take runs from the Redis queue (REDIS_URL, DATABASE_URL)
  eval <graph.json|agent>              run test cases (default: <graph>.cases.jsonl beside a
    [--cases FILE] [--junit out.xml]   graph file, an agent's stored cases); prints a table,
    [--concurrency N] [--draft]        exits 0 all passed, 1 a case failed, 2 could not run;
    [--judge provider:model]           --draft tests an agent's draft, not its published version
  pull <dir>                           write every agent the key manages as <slug>.json,
                                       <slug>.embed.json and <slug>.cases.jsonl
  push <dir> [--force]                 create or update agents from those files; refuses files
                                       with problems and drafts changed since the pull
                                       (--force overwrites them)
  diff <dir>                           what push would change; exits 0 nothing, 1 something
    pull, push and diff talk to a server: --server URL (AGENTRY_URL) and --key KEY
    (AGENTRY_API_KEY, manage scope); plain http only to this machine unless --insecure

A graph file runs in memory without the database; an agent (id or slug) runs its
published version (or its draft) and is recorded like any other run.
Options: --workspace ID when the install has several workspaces.

Environment: AGENTRY_DATA_DIR, DATABASE_URL, AGENTRY_SECRET, AGENTRY_URL, AGENTRY_API_KEY
(see the README).`;

/** Runs one CLI invocation; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      name: { type: 'string' },
      workspace: { type: 'string' },
      input: { type: 'string', short: 'i' },
      out: { type: 'string', short: 'o' },
      concurrency: { type: 'string' },
      scopes: { type: 'string' },
      agent: { type: 'string', multiple: true },
      'expires-in': { type: 'string' },
      cases: { type: 'string' },
      junit: { type: 'string' },
      judge: { type: 'string' },
      draft: { type: 'boolean' },
      server: { type: 'string' },
      key: { type: 'string' },
      insecure: { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  try {
    const workspace = text(values.workspace);
    switch (command) {
      case 'run':
        return await runCommand(rest[0], { input: text(values.input), workspace });
      case 'chat':
        return await chatCommand(rest[0], { workspace });
      case 'import':
        await importCommand(rest[0], { name: text(values.name), workspace });
        return 0;
      case 'export':
        await exportCommand(rest[0], { out: text(values.out), workspace });
        return 0;
      case 'worker':
        return await workerCommand({ concurrency: text(values.concurrency) });
      case 'migrate':
        await migrateCommand();
        return 0;
      case 'eval':
        return await evalCommand(rest[0], {
          cases: text(values.cases),
          junit: text(values.junit),
          concurrency: text(values.concurrency),
          judge: text(values.judge),
          draft: values.draft === true,
          workspace,
        });
      case 'train':
        return await trainCommand(rest[0], rest.slice(1), { workspace });
      case 'pull':
      case 'push':
      case 'diff': {
        const sync = { pull: pullCommand, push: pushCommand, diff: diffCommand }[command];
        return await sync(rest[0], {
          server: text(values.server),
          key: text(values.key),
          insecure: values.insecure === true,
          force: values.force === true,
        });
      }
      case 'api-key':
        await apiKeyCommand(rest[0], {
          name: text(values.name),
          scopes: text(values.scopes),
          agents: Array.isArray(values.agent)
            ? values.agent.filter((agent) => typeof agent === 'string')
            : [],
          expiresIn: text(values['expires-in']),
          workspace,
        });
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
    if (!known && error instanceof Error && error.stack && process.env.AGENTRY_DEBUG)
      console.error(error.stack);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('main.ts')) {
  main(process.argv.slice(2)).then((status) => process.exit(status));
}
