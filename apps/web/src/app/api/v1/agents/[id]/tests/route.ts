import { handleGetAgentTests, handleReplaceAgentTests } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** The agent's test cases in order (what `agentry pull` writes as <slug>.cases.jsonl). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  return handleGetAgentTests(await openServerRuntime(), request, (await params).id);
}

/** Makes the agent's test cases exactly the list sent. */
export async function PUT(request: Request, { params }: Context): Promise<Response> {
  return handleReplaceAgentTests(await openServerRuntime(), request, (await params).id);
}
