import { serializeGraph, checkGraph, type EmbedSettings } from '@agentry/api';
import { type EvalCase, formatCaseFile } from '@agentry/engine/evals';
import { CliError } from '../cli-error';
import { callServer, type ConnectionOptions, resolveConnection } from './sync-client';
import { agentFiles, jsonFile, readState, SLUG, writeFileAtomic, writeState } from './sync-files';
import type { ServerAgent } from './sync-plan';

/** One agent's files as text, fetched before anything is written. */
interface PulledAgent {
  agent: ServerAgent;
  graph: string;
  embed: string;
  cases: string;
}

async function fetchAgent(
  connection: ReturnType<typeof resolveConnection>,
  id: string,
): Promise<PulledAgent> {
  const agent = await callServer<ServerAgent>(connection, 'GET', `/agents/${encodeURIComponent(id)}`);
  // The slug names files on this machine: a server must not be able to write outside the folder.
  if (!SLUG.test(agent.slug))
    throw new CliError(`The server sent an agent slug "${agent.slug}" that is not a file name.`);
  const embed = await callServer<{ settings: EmbedSettings }>(connection, 'GET', `/agents/${agent.id}/embed`);
  const tests = await callServer<{ data: EvalCase[] }>(connection, 'GET', `/agents/${agent.id}/tests`);
  return {
    agent,
    graph: serializeGraph(checkGraph(agent.graph).graph),
    embed: jsonFile(embed.settings),
    cases: formatCaseFile(
      tests.data.map(({ name, input, expect }) => ({ name, input, expect })),
      'jsonl',
    ),
  };
}

/**
 * `agentry pull <dir>`: writes every agent the key may manage as `<slug>.json` (draft graph),
 * `<slug>.embed.json` and `<slug>.cases.jsonl`, and records the server, ids and revisions in
 * `.agentry/state.json`. Everything is fetched before the first file is written.
 */
export async function pullCommand(dir: string | undefined, options: ConnectionOptions): Promise<number> {
  if (!dir) throw new CliError('Usage: agentry pull <dir> [--server URL] [--key KEY]');
  const previous = readState(dir);
  const connection = resolveConnection(options, previous?.server);
  const list = await callServer<{ data: { id: string; slug: string }[] }>(connection, 'GET', '/agents');
  const pulled: PulledAgent[] = [];
  for (const entry of [...list.data].sort((a, b) => a.slug.localeCompare(b.slug)))
    pulled.push(await fetchAgent(connection, entry.id));
  for (const { agent, graph, embed, cases } of pulled) {
    const files = agentFiles(dir, agent.slug);
    writeFileAtomic(files.graph, graph);
    writeFileAtomic(files.embed, embed);
    writeFileAtomic(files.cases, cases);
  }
  writeState(dir, {
    version: 1,
    server: connection.server,
    agents: pulled.map(({ agent }) => ({ slug: agent.slug, id: agent.id, revision: agent.revision })),
  });
  const slugs = new Set(pulled.map(({ agent }) => agent.slug));
  for (const gone of previous?.agents.filter((entry) => !slugs.has(entry.slug)) ?? [])
    console.error(
      `${gone.slug} is no longer on the server (or this key may not use it); its files were left in place.`,
    );
  console.log(
    `Pulled ${pulled.length} agent${pulled.length === 1 ? '' : 's'} from ${connection.server} into ${dir}.`,
  );
  return 0;
}
