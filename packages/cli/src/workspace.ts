import type { Actor, Runtime } from '@agentry/api';
import { schema } from '@agentry/db';
import { and, asc, eq } from '@agentry/db/drizzle';
import { CliError } from './cli-error';

/**
 * The workspace a CLI command acts in, as its owner: the only one, or the one named by --workspace.
 * The CLI is run by whoever administers the install, so it acts with the owner's rights.
 */
export async function cliActor(runtime: Runtime, workspaceId?: string): Promise<Actor> {
  const workspaces = await runtime.db
    .select({ id: schema.workspaces.id, name: schema.workspaces.name })
    .from(schema.workspaces);
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
  const [owner] = await runtime.db
    .select({ id: schema.users.id, email: schema.users.email, name: schema.users.name })
    .from(schema.workspaceMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.workspaceMembers.userId))
    .where(
      and(eq(schema.workspaceMembers.workspaceId, workspace.id), eq(schema.workspaceMembers.role, 'owner')),
    )
    .orderBy(asc(schema.workspaceMembers.createdAt))
    .limit(1);
  if (!owner) throw new CliError(`Workspace ${workspace.name} has no owner.`);
  return { user: owner, workspaceId: workspace.id, role: 'owner' };
}
