import { handleCreateAgent, handleListAgents } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The workspace's agents. */
export async function GET(request: Request): Promise<Response> {
  return handleListAgents(await openServerRuntime(), request);
}

/** Creates an agent. */
export async function POST(request: Request): Promise<Response> {
  return handleCreateAgent(await openServerRuntime(), request);
}
