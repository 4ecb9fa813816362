import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The agent's embed settings (what `agentry pull` writes as <slug>.embed.json). */
export const GET = routeHandler((http) => http.handleGetAgentEmbed, 'id');

/** Replaces the agent's embed settings. */
export const PUT = routeHandler((http) => http.handleUpdateAgentEmbed, 'id');
