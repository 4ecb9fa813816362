import { createApiKey } from '@agentry/api';
import { CliError } from '../cli-error';
import { withRuntime } from '../open-runtime';
import { cliActor } from '../workspace';

/** `agentry api-key create --name NAME [--workspace ID]`: prints a new API key once. */
export async function apiKeyCommand(
  action: string | undefined,
  options: { name?: string; workspace?: string },
): Promise<void> {
  if (action !== 'create') throw new CliError('Usage: agentry api-key create --name NAME [--workspace ID]');
  const name = options.name?.trim();
  if (!name) throw new CliError('Give the key a name: agentry api-key create --name NAME');
  if (name.length > 100) throw new CliError('The key name is too long (100 characters at most).');
  await withRuntime('api-key create', async (runtime) => {
    const actor = await cliActor(runtime, options.workspace);
    const created = await createApiKey(runtime, actor.workspaceId, name, actor.user.id);
    console.error(`Created API key "${created.name}". It is shown once; store it now:`);
    console.log(created.key);
  });
}
