import { and, asc, eq } from '@agentry/db/drizzle';
import { users, workspaceMembers, workspaces } from '@agentry/db';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { hashPassword } from '../security/password';
import { forgetApiKeys, revokeKeysCreatedBy } from './api-keys';
import { type Actor, accountInput, requireRole } from './auth';

/** Input for adding a member: an account with a first password the owner hands over. */
export const addMemberInput = accountInput.extend({ role: z.enum(['editor', 'viewer']) });

/** Every workspace of this install, id and name (the CLI chooses among them). */
export async function listWorkspaces(runtime: Runtime): Promise<{ id: string; name: string }[]> {
  return runtime.db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces);
}

/**
 * The workspace's first owner as an actor: whoever administers the install (the CLI) or an API key
 * made without a creator acts as them. Undefined when the workspace has no owner.
 */
export async function workspaceOwnerActor(runtime: Runtime, workspaceId: string): Promise<Actor | undefined> {
  const [owner] = await runtime.db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, 'owner')))
    .orderBy(asc(workspaceMembers.createdAt))
    .limit(1);
  return owner && { user: owner, workspaceId, role: 'owner' };
}

/** Lists the members of the actor's workspace. */
export async function listMembers(runtime: Runtime, actor: Actor) {
  return runtime.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: workspaceMembers.role,
      joinedAt: workspaceMembers.createdAt,
    })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, actor.workspaceId))
    .orderBy(asc(workspaceMembers.createdAt));
}

/** Adds a member to the actor's workspace (owners only). */
export async function addMember(runtime: Runtime, actor: Actor, input: z.infer<typeof addMemberInput>) {
  requireRole(actor, 'owner');
  const passwordHash = await hashPassword(input.password);
  return runtime.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (taken)
      throw new AppError('conflict', `An account with ${input.email} already exists.`, { field: 'email' });
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash })
      .returning();
    await tx
      .insert(workspaceMembers)
      .values({ workspaceId: actor.workspaceId, userId: user!.id, role: input.role });
    return { id: user!.id, email: user!.email, name: user!.name, role: input.role };
  });
}

/** Removes a member and their account (owners only; not themselves). Their sessions and API keys end with it. */
export async function removeMember(runtime: Runtime, actor: Actor, userId: string): Promise<void> {
  requireRole(actor, 'owner');
  if (userId === actor.user.id) throw new AppError('bad_request', 'You cannot remove yourself.');
  const [member] = await runtime.db
    .select()
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, actor.workspaceId), eq(workspaceMembers.userId, userId)));
  if (!member) throw new AppError('not_found', 'No such member in this workspace.');
  // Their keys act as them: revoke them with the account, in one transaction, so none outlives it.
  const revoked = await runtime.db.transaction(async (tx) => {
    const keyIds = await revokeKeysCreatedBy(tx, userId);
    await tx.delete(users).where(eq(users.id, userId));
    return keyIds;
  });
  forgetApiKeys(runtime, revoked);
}
