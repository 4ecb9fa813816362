import { handleGetAgentEmbed, handleUpdateAgentEmbed } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** The agent's embed settings (what `agentry pull` writes as <slug>.embed.json). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  return handleGetAgentEmbed(await openServerRuntime(), request, (await params).id);
}

/** Replaces the agent's embed settings. */
export async function PUT(request: Request, { params }: Context): Promise<Response> {
  return handleUpdateAgentEmbed(await openServerRuntime(), request, (await params).id);
}
