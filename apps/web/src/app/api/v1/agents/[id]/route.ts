import { handleDeleteAgent, handleGetAgent, handleUpdateAgent } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** One agent with its draft graph. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  return handleGetAgent(await openServerRuntime(), request, (await params).id);
}

/** Changes an agent's name, description or graph (409 on a stale `baseRevision`). */
export async function PUT(request: Request, { params }: Context): Promise<Response> {
  return handleUpdateAgent(await openServerRuntime(), request, (await params).id);
}

/** Deletes an agent. */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  return handleDeleteAgent(await openServerRuntime(), request, (await params).id);
}
