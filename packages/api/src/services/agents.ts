import { and, desc, eq, ilike } from '@agentry/db/drizzle';
import { agents, agentVersions } from '@agentry/db';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { agentChanged } from './lookup-cache';
import { newPublicId } from '../security/tokens';
import { type Actor, requireRole } from './auth';
import { keepSchemaOrder } from './graph-files';

/** Input for creating an agent. */
export const createAgentInput = z.object({
  name: z.string().trim().min(1, 'Name the agent').max(120),
  description: z.string().trim().max(2000).optional(),
});

/** Input for listing agents. */
export const listAgentsInput = z.object({ search: z.string().trim().max(200).optional() }).optional();

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An empty graph: what a blank agent starts from. */
export const EMPTY_GRAPH = { version: 1, nodes: [], edges: [] } as const;

/** Makes a URL-friendly slug of a name. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'agent';
}

async function uniqueSlug(runtime: Runtime, workspaceId: string, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await runtime.db
        .select({ slug: agents.slug })
        .from(agents)
        .where(and(eq(agents.workspaceId, workspaceId), ilike(agents.slug, `${base}%`)))
    ).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Lists the workspace's agents, newest edit first, optionally filtered by name. */
export function listAgents(runtime: Runtime, actor: Actor, search?: string) {
  const filters = [eq(agents.workspaceId, actor.workspaceId)];
  if (search) filters.push(ilike(agents.name, `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  return runtime.db
    .select({
      id: agents.id,
      name: agents.name,
      slug: agents.slug,
      description: agents.description,
      publishedVersionId: agents.publishedVersionId,
      updatedAt: agents.updatedAt,
      createdAt: agents.createdAt,
    })
    .from(agents)
    .where(and(...filters))
    .orderBy(desc(agents.updatedAt));
}

/** Creates an agent with the given graph (blank by default). */
export async function createAgent(
  runtime: Runtime,
  actor: Actor,
  input: z.infer<typeof createAgentInput> & { graph?: unknown },
) {
  requireRole(actor, 'editor');
  const [row] = await runtime.db
    .insert(agents)
    .values({
      workspaceId: actor.workspaceId,
      publicId: newPublicId('ag'),
      slug: await uniqueSlug(runtime, actor.workspaceId, input.name),
      name: input.name,
      description: input.description ?? '',
      draftGraph: input.graph === undefined ? EMPTY_GRAPH : keepSchemaOrder(input.graph),
      createdBy: actor.user.id,
      createdByKeyId: actor.apiKeyId ?? null,
    })
    .returning();
  return row!;
}

/** Loads an agent of the actor's workspace or throws `not_found` (also for other workspaces' agents). */
export async function getAgent(runtime: Runtime, workspaceId: string, idOrSlug: string) {
  const [row] = await runtime.db
    .select()
    .from(agents)
    .where(
      and(eq(agents.workspaceId, workspaceId), eq(UUID.test(idOrSlug) ? agents.id : agents.slug, idOrSlug)),
    );
  if (!row) throw new AppError('not_found', `No agent "${idOrSlug}" in this workspace.`);
  return row;
}

/** Renames an agent. */
export async function renameAgent(runtime: Runtime, actor: Actor, id: string, name: string) {
  requireRole(actor, 'editor');
  const [row] = await runtime.db
    .update(agents)
    .set({ name })
    .where(and(eq(agents.id, id), eq(agents.workspaceId, actor.workspaceId)))
    .returning();
  if (!row) throw new AppError('not_found', 'No such agent in this workspace.');
  return row;
}

/** Changes an agent's name and/or description (editors only, whichever of the two changes). */
export async function updateAgentDetails(
  runtime: Runtime,
  actor: Actor,
  id: string,
  details: { name?: string; description?: string },
) {
  requireRole(actor, 'editor');
  const changes = Object.fromEntries(
    Object.entries(details).filter(([, value]) => value !== undefined),
  ) as typeof details;
  if (Object.keys(changes).length === 0) return getAgent(runtime, actor.workspaceId, id);
  const [row] = await runtime.db
    .update(agents)
    .set(changes)
    .where(and(eq(agents.id, id), eq(agents.workspaceId, actor.workspaceId)))
    .returning();
  if (!row) throw new AppError('not_found', 'No such agent in this workspace.');
  return row;
}

/** Deletes an agent with its versions, conversations and runs. */
export async function deleteAgent(runtime: Runtime, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'editor');
  const [removed] = await runtime.db
    .delete(agents)
    .where(and(eq(agents.id, id), eq(agents.workspaceId, actor.workspaceId)))
    .returning({ id: agents.id, publicId: agents.publicId });
  if (!removed) throw new AppError('not_found', 'No such agent in this workspace.');
  agentChanged(runtime, removed);
}

/** Lists an agent's published versions, newest first. */
export async function listVersions(runtime: Runtime, actor: Actor, agentId: string) {
  await getAgent(runtime, actor.workspaceId, agentId);
  return runtime.db
    .select({
      id: agentVersions.id,
      version: agentVersions.version,
      note: agentVersions.note,
      createdAt: agentVersions.createdAt,
    })
    .from(agentVersions)
    .where(eq(agentVersions.agentId, agentId))
    .orderBy(desc(agentVersions.version));
}

/** Copies an agent's draft into a new, unpublished agent named "<name> (copy)". */
export async function duplicateAgent(runtime: Runtime, actor: Actor, id: string) {
  const source = await getAgent(runtime, actor.workspaceId, id);
  return createAgent(runtime, actor, {
    name: `${source.name} (copy)`.slice(0, 120),
    description: source.description,
    graph: source.draftGraph,
  });
}
