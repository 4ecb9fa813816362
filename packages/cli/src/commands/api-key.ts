import { createApiKey } from '@agentry/api';
import { schema } from '@agentry/db';
import { CliError } from '../cli-error';
import { withRuntime } from '../open-runtime';

/** `agentry api-key create --name NAME [--workspace ID]`: prints a new API key once. */
export async function apiKeyCommand(action: string | undefined, options: { name?: string; workspace?: string }): Promise<void> {
  if (action !== 'create') throw new CliError('Usage: agentry api-key create --name NAME [--workspace ID]');
  const name = options.name?.trim();
  if (!name) throw new CliError('Give the key a name: agentry api-key create --name NAME');
  if (name.length > 100) throw new CliError('The key name is too long (100 characters at most).');
  await withRuntime('api-key create', async (runtime) => {
    const workspaces = await runtime.db.select({ id: schema.workspaces.id, name: schema.workspaces.name }).from(schema.workspaces);
    if (workspaces.length === 0) {
      throw new CliError(
        'Agentry has no owner yet. Open the web app to create one, or set AGENTRY_ADMIN_EMAIL and AGENTRY_ADMIN_PASSWORD.',
      );
    }
    const workspace = options.workspace ? workspaces.find((candidate) => candidate.id === options.workspace) : workspaces[0];
    if (!workspace) throw new CliError(`No workspace ${options.workspace}. Known: ${workspaces.map((w) => `${w.id} (${w.name})`).join(', ')}`);
    if (!options.workspace && workspaces.length > 1) {
      throw new CliError(`There are several workspaces; choose one with --workspace: ${workspaces.map((w) => `${w.id} (${w.name})`).join(', ')}`);
    }
    const created = await createApiKey(runtime, workspace.id, name);
    console.error(`Created API key "${created.name}" for ${workspace.name}. It is shown once; store it now:`);
    console.log(created.key);
  });
}
