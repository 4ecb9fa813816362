import { type Actor, listWorkspaces, type Runtime, workspaceOwnerActor } from '@agentry/api';
import { CliError } from './cli-error';

/**
 * The workspace a CLI command acts in, as its owner: the only one, or the one named by --workspace.
 * The CLI is run by whoever administers the install, so it acts with the owner's rights.
 */
export async function cliActor(runtime: Runtime, workspaceId?: string): Promise<Actor> {
  const workspaces = await listWorkspaces(runtime);
  if (workspaces.length === 0) {
    throw new CliError(
      'Agentry has no owner yet. Open the web app to create one, or set AGENTRY_ADMIN_EMAIL and AGENTRY_ADMIN_PASSWORD.',
    );
  }
  const list = () => workspaces.map((w) => `${w.id} (${w.name})`).join(', ');
  if (!workspaceId && workspaces.length > 1)
    throw new CliError(`There are several workspaces; choose one with --workspace: ${list()}`);
  const workspace = workspaceId
    ? workspaces.find((candidate) => candidate.id === workspaceId)
    : workspaces[0];
  if (!workspace) throw new CliError(`No workspace ${workspaceId}. Known: ${list()}`);
  const owner = await workspaceOwnerActor(runtime, workspace.id);
  if (!owner) throw new CliError(`Workspace ${workspace.name} has no owner.`);
  return owner;
}
