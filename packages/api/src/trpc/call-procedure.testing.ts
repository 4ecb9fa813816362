import type { Runtime } from '../runtime';
import { createSession } from '../services/auth';
import { addMember } from '../services/members';
import { createTestOwner } from '../test-support';
import { handleTrpcRequest } from './handler';

/** What a procedure answered over HTTP: the status, and the data or the error message. */
export interface ProcedureAnswer<T> {
  status: number;
  data: T;
  error?: string;
}

/**
 * Calls a tRPC procedure the way the browser does (same-origin request, session cookie), through the real
 * handler, so tests see the status codes and messages a client gets.
 */
export async function callProcedure<T>(
  runtime: Runtime,
  session: string,
  procedure: string,
  input: unknown,
  kind: 'query' | 'mutation',
): Promise<ProcedureAnswer<T>> {
  const url = new URL(`http://127.0.0.1:3000/api/trpc/${procedure}`);
  if (kind === 'query') url.searchParams.set('input', JSON.stringify({ json: input }));
  const response = await handleTrpcRequest(
    runtime,
    new Request(url, {
      method: kind === 'query' ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        host: '127.0.0.1:3000',
        origin: 'http://127.0.0.1:3000',
        cookie: `agentry_session=${session}`,
      },
      body: kind === 'mutation' ? JSON.stringify({ json: input }) : undefined,
    }),
  );
  const body = (await response.json()) as {
    result?: { data: { json: T } };
    error?: { json: { message: string } };
  };
  return { status: response.status, data: body.result?.data.json as T, error: body.error?.json.message };
}

/** A workspace's owner with a session, and a viewer member with one: who the router tests call as. */
export async function ownerAndViewerSessions(runtime: Runtime) {
  const owner = await createTestOwner(runtime);
  const viewer = await addMember(runtime, owner, {
    name: 'Viewer',
    email: 'viewer@example.com',
    password: 'a-long-password',
    role: 'viewer',
  });
  return {
    owner,
    editorSession: await createSession(runtime, owner.user.id),
    viewerSession: await createSession(runtime, viewer.id),
  };
}
