import { and, eq, max, sql } from '@agentry/db/drizzle';
import { agents, agentVersions, users } from '@agentry/db';
import type { Graph } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { agentChanged } from './lookup-cache';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';
import { requirePassingTestsToPublish } from './eval-publish-check';
import { diffGraphs } from '@agentry/engine';
import { checkGraph } from './graph-files';

/** Input for saving the draft: the graph and the revision the editor started from. */
export const saveDraftInput = z.object({
  id: z.string().min(1).max(100),
  graph: z.unknown(),
  baseRevision: z.number().int().min(1),
  /** Save over a newer revision after the user has seen it (conflict resolution). */
  force: z.boolean().optional(),
});

/**
 * Saves an agent's draft with optimistic concurrency: the update only applies when the stored revision
 * is still `baseRevision`, so two editors never silently overwrite each other. A stale save gets 409
 * with the current revision; saving again with `force` after seeing it writes over it.
 */
export async function saveDraft(runtime: Runtime, actor: Actor, input: z.infer<typeof saveDraftInput>) {
  requireRole(actor, 'editor');
  const { graph, problems } = checkGraph(input.graph);
  const agent = await getAgent(runtime, actor.workspaceId, input.id);
  const expected = input.force ? agent.draftRevision : input.baseRevision;
  const [saved] = await runtime.db
    .update(agents)
    .set({ draftGraph: graph, draftRevision: sql`${agents.draftRevision} + 1` })
    .where(and(eq(agents.id, agent.id), eq(agents.draftRevision, expected)))
    .returning({ revision: agents.draftRevision, updatedAt: agents.updatedAt });
  if (!saved) {
    const current = await getAgent(runtime, actor.workspaceId, input.id);
    throw new AppError(
      'conflict',
      'This agent was changed elsewhere (another tab or person) since you opened it.',
      {
        currentRevision: current.draftRevision,
        updatedAt: current.updatedAt.toISOString(),
      },
    );
  }
  return { revision: saved.revision, updatedAt: saved.updatedAt, problems };
}

/**
 * Publishes the draft as the next immutable version; refused while the graph has problems, or when the
 * agent requires passing tests and the current draft revision has none (see eval-publish-check.ts).
 */
export async function publishAgent(runtime: Runtime, actor: Actor, input: { id: string; note?: string }) {
  requireRole(actor, 'editor');
  const agent = await getAgent(runtime, actor.workspaceId, input.id);
  const { graph, problems } = checkGraph(agent.draftGraph);
  if (problems.length > 0) {
    throw new AppError(
      'bad_request',
      `Fix ${problems.length} problem(s) before publishing: ${problems[0]!.message}`,
      { problems },
    );
  }
  await requirePassingTestsToPublish(runtime, agent);
  const published = await runtime.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ draftRevision: agents.draftRevision })
      .from(agents)
      .where(eq(agents.id, agent.id))
      .for('update');
    // The graph and the test gate above read this revision: a save in between must not publish unchecked.
    if (locked?.draftRevision !== agent.draftRevision) {
      throw new AppError('conflict', 'The draft changed while it was being published. Publish again.');
    }
    const [latest] = await tx
      .select({ value: max(agentVersions.version) })
      .from(agentVersions)
      .where(eq(agentVersions.agentId, agent.id));
    const [version] = await tx
      .insert(agentVersions)
      .values({
        agentId: agent.id,
        version: (latest?.value ?? 0) + 1,
        graph,
        note: input.note?.trim() ?? '',
        draftRevision: agent.draftRevision,
        createdBy: actor.user.id,
        createdByKeyId: actor.apiKeyId ?? null,
      })
      .returning();
    await tx.update(agents).set({ publishedVersionId: version!.id }).where(eq(agents.id, agent.id));
    return version!;
  });
  agentChanged(runtime, agent);
  return published;
}

/** Loads one version of an agent (read-only view). */
export async function getVersion(runtime: Runtime, actor: Actor, agentId: string, version: number) {
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  const [row] = await runtime.db
    .select({
      id: agentVersions.id,
      version: agentVersions.version,
      graph: agentVersions.graph,
      note: agentVersions.note,
      createdAt: agentVersions.createdAt,
      createdBy: users.name,
    })
    .from(agentVersions)
    .leftJoin(users, eq(users.id, agentVersions.createdBy))
    .where(and(eq(agentVersions.agentId, agent.id), eq(agentVersions.version, version)));
  if (!row) throw new AppError('not_found', `Version ${version} of this agent does not exist.`);
  return { ...row, graph: row.graph as Graph, isPublished: row.id === agent.publishedVersionId };
}

/** Copies a version into the draft (a normal, revision-checked draft save). */
export async function restoreVersion(
  runtime: Runtime,
  actor: Actor,
  input: { id: string; version: number; baseRevision: number; force?: boolean },
) {
  const version = await getVersion(runtime, actor, input.id, input.version);
  return saveDraft(runtime, actor, {
    id: input.id,
    graph: version.graph,
    baseRevision: input.baseRevision,
    force: input.force,
  });
}

/** What changed between two versions, or between a version and the draft (`to: 'draft'`). */
export async function diffVersions(
  runtime: Runtime,
  actor: Actor,
  input: { id: string; from: number; to: number | 'draft' },
) {
  const from = await getVersion(runtime, actor, input.id, input.from);
  const to =
    input.to === 'draft'
      ? ((await getAgent(runtime, actor.workspaceId, input.id)).draftGraph as Graph)
      : (await getVersion(runtime, actor, input.id, input.to)).graph;
  return diffGraphs(from.graph, to);
}
