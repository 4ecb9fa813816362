import { CliError } from '../cli-error';
import {
  callServer,
  type ConnectionOptions,
  resolveConnection,
  ServerError,
  type SyncConnection,
} from './sync-client';
import { readFolder, readState, type SyncState, writeState } from './sync-files';
import { type AgentPlan, planChanges, planSync, type ServerAgent } from './sync-plan';
import { describePlan } from './diff';

const PULL_OR_FORCE = 'Pull first (agentry pull) and merge, or push with --force to overwrite the server.';

/** Sends one agent's changes: the graph (with the revision pulled, unless forced), embed settings, cases. */
async function pushAgent(
  connection: SyncConnection,
  plan: AgentPlan,
  force: boolean,
): Promise<{ id: string; revision: number }> {
  const { local } = plan;
  let agent: ServerAgent;
  if (plan.action === 'create') {
    agent = await callServer<ServerAgent>(connection, 'POST', '/agents', {
      name: local.slug,
      graph: local.graph,
    });
    if (agent.slug !== local.slug)
      console.error(`${local.slug}: the server named the new agent ${agent.slug} (the slug was taken).`);
  } else if (plan.graphChanged) {
    try {
      agent = await callServer<ServerAgent>(connection, 'PUT', `/agents/${plan.server!.id}`, {
        graph: local.graph,
        ...(force ? {} : { baseRevision: plan.pulledRevision }),
      });
    } catch (error) {
      if (error instanceof ServerError && error.status === 409)
        throw new CliError(`${local.slug} changed on the server while pushing. ${PULL_OR_FORCE}`);
      throw error;
    }
  } else agent = plan.server!;
  if (local.embed && plan.embedChanges)
    await callServer(connection, 'PUT', `/agents/${agent.id}/embed`, { settings: local.embed });
  if (local.cases && plan.caseChanges)
    await callServer(connection, 'PUT', `/agents/${agent.id}/tests`, { cases: local.cases });
  return { id: agent.id, revision: agent.revision };
}

/**
 * `agentry push <dir>`: creates the folder's new agents and updates the others from their files. Every
 * file is checked and every conflict found before anything changes: one refused file refuses the push.
 */
export async function pushCommand(
  dir: string | undefined,
  options: ConnectionOptions & { force?: boolean },
): Promise<number> {
  if (!dir) throw new CliError('Usage: agentry push <dir> [--server URL] [--key KEY] [--force]');
  const force = options.force === true;
  const connection = resolveConnection(options, readState(dir)?.server);
  const { agents, problems } = readFolder(dir);
  if (problems.length > 0)
    throw new CliError(
      `Nothing was pushed: ${problems.length} file(s) have problems.\n${problems.join('\n')}`,
    );
  const plan = await planSync(connection, dir, agents, force);
  const conflicts = plan.agents.filter((entry) => entry.conflict);
  if (conflicts.length > 0)
    throw new CliError(
      `Nothing was pushed:\n${conflicts.map((entry) => `  ${entry.conflict}`).join('\n')}\n${PULL_OR_FORCE}`,
    );
  const state: SyncState = { version: 1, server: connection.server, agents: [...(plan.state?.agents ?? [])] };
  const record = (slug: string, pushed: { id: string; revision: number }) => {
    state.agents = [...state.agents.filter((entry) => entry.slug !== slug), { slug, ...pushed }];
  };
  // New agents first: a key limited to certain agents cannot create any, and fails before any update.
  const ordered = [...plan.agents].sort(
    (a, b) => Number(a.action === 'update') - Number(b.action === 'update'),
  );
  let pushed = 0;
  try {
    for (const entry of ordered) {
      if (!planChanges(entry)) {
        record(entry.local.slug, { id: entry.server!.id, revision: entry.server!.revision });
        continue;
      }
      for (const line of describePlan(entry)) console.log(line);
      record(entry.local.slug, await pushAgent(connection, entry, force));
      pushed++;
    }
  } finally {
    // What was pushed is recorded even when a later agent fails, so the next push does not see conflicts.
    writeState(dir, state);
  }
  console.log(
    pushed === 0
      ? `Nothing to push: ${dir} matches ${connection.server}.`
      : `Pushed ${pushed} agent${pushed === 1 ? '' : 's'} to ${connection.server}.`,
  );
  return 0;
}
