import { handleMcp } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** MCP (Streamable HTTP): initialize, tools/list and tools/call (each published agent is a tool). */
export async function POST(request: Request): Promise<Response> {
  return handleMcp(await openServerRuntime(), request);
}

/** 405: the stateless server streams each answer on its POST and has no stream for GET. */
export async function GET(request: Request): Promise<Response> {
  return handleMcp(await openServerRuntime(), request);
}

/** Ends a client's session (it holds no state here, so this only answers 200). */
export async function DELETE(request: Request): Promise<Response> {
  return handleMcp(await openServerRuntime(), request);
}
