import { type agents, users } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { publishAgent, saveDraft } from '../services/agent-versions';
import {
  createAgent,
  createAgentInput,
  deleteAgent,
  getAgent,
  listAgents,
  updateAgentDetails,
} from '../services/agents';
import { type Actor, requireRole } from '../services/auth';
import { workspaceOwnerActor } from '../services/members';
import { checkGraph } from '../services/graph-files';
import { type ApiCaller, authenticateRequest, mayUseAgent, requireAgent, requireScope } from './authenticate';
import { readJsonBody, toErrorResponse } from './errors';
import { readBodyText } from './read-body';

/** Body of `PUT /api/v1/agents/:id`; `baseRevision` makes a graph save fail with 409 when it is stale. */
const updateAgentBody = z.object({
  name: z.string().trim().min(1, 'Name the agent').max(120).optional(),
  description: z.string().trim().max(2000).optional(),
  graph: z.unknown().optional(),
  baseRevision: z.number().int().min(1).optional(),
});

const createAgentBody = createAgentInput.extend({ graph: z.unknown().optional() });
const publishBody = z.object({ note: z.string().max(500).optional() }).default({});

/**
 * The member an HTTP caller acts as: the signed-in person, or for an API key the person who created it
 * (the workspace's owner for keys made without one), with the key's editor role and the key recorded.
 */
async function actorOf(runtime: Runtime, caller: ApiCaller): Promise<Actor> {
  const columns = { id: users.id, email: users.email, name: users.name };
  let user: Actor['user'] | undefined;
  if (caller.userId) {
    [user] = await runtime.db.select(columns).from(users).where(eq(users.id, caller.userId));
  }
  if (!user && caller.via === 'api-key')
    user = (await workspaceOwnerActor(runtime, caller.workspaceId))?.user;
  if (!user) throw new AppError('unauthorized', 'This key belongs to a workspace without members.');
  return { user, workspaceId: caller.workspaceId, role: caller.role, apiKeyId: caller.keyId };
}

type AgentRow = typeof agents.$inferSelect;

/** An agent as the HTTP API shows it (the graph only when asked for one agent). */
function agentJson(agent: AgentRow, withGraph: boolean) {
  return {
    id: agent.id,
    slug: agent.slug,
    publicId: agent.publicId,
    name: agent.name,
    description: agent.description,
    revision: agent.draftRevision,
    publishedVersionId: agent.publishedVersionId,
    createdAt: agent.createdAt,
    updatedAt: agent.updatedAt,
    ...(withGraph ? { graph: agent.draftGraph, problems: checkGraph(agent.draftGraph).problems } : {}),
  };
}

/** Authenticates the request and runs `handle` as the member it acts as; errors become API error answers. */
export async function withActor(
  runtime: Runtime,
  request: Request,
  handle: (actor: Actor, caller: ApiCaller) => Promise<Response>,
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    return await handle(await actorOf(runtime, caller), caller);
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Loads an agent the caller manages: the `manage` scope, and the agent on the key's list. */
export async function managedAgent(runtime: Runtime, caller: ApiCaller, idOrSlug: string) {
  requireScope(caller, 'manage');
  const agent = await getAgent(runtime, caller.workspaceId, idOrSlug);
  requireAgent(caller, agent);
  return agent;
}

/** `GET /api/v1/agents`: the agents the caller may use, newest edit first (`?search=` filters by name). */
export function handleListAgents(runtime: Runtime, request: Request): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    requireScope(caller, 'run', 'manage');
    const search = new URL(request.url).searchParams.get('search')?.slice(0, 200) || undefined;
    const rows = await listAgents(runtime, actor, search);
    return Response.json({
      data: rows
        .filter((row) => mayUseAgent(caller, row.id))
        .map((row) => ({ ...row, publishedVersionId: row.publishedVersionId })),
    });
  });
}

/** `POST /api/v1/agents`: creates an agent from `{ name, description?, graph? }` (201). */
export function handleCreateAgent(runtime: Runtime, request: Request): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    requireScope(caller, 'manage');
    // The new agent would not be on the key's list: a key limited to some agents creates none.
    if (caller.agentIds !== null)
      throw new AppError(
        'forbidden',
        'This API key is limited to certain agents, so it cannot create agents.',
      );
    const body = createAgentBody.parse(await readJsonBody(request));
    const graph = body.graph === undefined ? undefined : checkGraph(body.graph).graph;
    const agent = await createAgent(runtime, actor, { ...body, graph });
    return Response.json(agentJson(agent, true), { status: 201 });
  });
}

/** `GET /api/v1/agents/:id`: one agent with its draft graph and the graph's problems (`manage` scope). */
export function handleGetAgent(runtime: Runtime, request: Request, id: string): Promise<Response> {
  return withActor(runtime, request, async (_actor, caller) =>
    Response.json(agentJson(await managedAgent(runtime, caller, id), true)),
  );
}

/**
 * `PUT /api/v1/agents/:id`: changes the name, description and/or draft graph (editors, `manage` scope,
 * whatever changes). With `baseRevision`, a graph save over a newer revision is refused with 409; without
 * it the graph is saved over whatever is there.
 */
export function handleUpdateAgent(runtime: Runtime, request: Request, id: string): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    // Before any branch: a description-only change is an edit like any other.
    requireRole(actor, 'editor');
    requireScope(caller, 'manage');
    const body = updateAgentBody.parse(await readJsonBody(request));
    let agent = await managedAgent(runtime, caller, id);
    if (body.graph !== undefined) {
      await saveDraft(runtime, actor, {
        id: agent.id,
        graph: body.graph,
        baseRevision: body.baseRevision ?? agent.draftRevision,
        force: body.baseRevision === undefined,
      });
    } else if (body.baseRevision !== undefined && body.baseRevision !== agent.draftRevision) {
      throw new AppError(
        'conflict',
        `The agent is at revision ${agent.draftRevision}, not ${body.baseRevision}.`,
      );
    }
    await updateAgentDetails(runtime, actor, agent.id, { name: body.name, description: body.description });
    agent = await getAgent(runtime, actor.workspaceId, agent.id);
    return Response.json(agentJson(agent, true));
  });
}

/** `DELETE /api/v1/agents/:id`: deletes the agent with its versions, conversations and runs (204). */
export function handleDeleteAgent(runtime: Runtime, request: Request, id: string): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    const agent = await managedAgent(runtime, caller, id);
    await deleteAgent(runtime, actor, agent.id);
    return new Response(null, { status: 204 });
  });
}

/** `POST /api/v1/agents/:id/publish`: publishes the draft as the next version (`{ note? }`). */
export function handlePublishAgent(runtime: Runtime, request: Request, id: string): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    const agent = await managedAgent(runtime, caller, id);
    const text = await readBodyText(request, 64 * 1024);
    const body = publishBody.parse(text.trim() ? parseJson(text) : undefined);
    const version = await publishAgent(runtime, actor, { id: agent.id, note: body.note });
    return Response.json(
      {
        id: version.id,
        agentId: version.agentId,
        version: version.version,
        note: version.note,
        createdAt: version.createdAt,
      },
      { status: 201 },
    );
  });
}

function parseJson(text: string): unknown {
  if (text.length > 64 * 1024)
    throw new AppError('too_large', 'The request body is larger than the 64 KB limit.');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}
