import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The agent's triggers (API keys with `manage` and the agent on their list). */
export const GET = routeHandler((http) => http.handleListTriggers, 'id');

/** Creates a webhook or schedule trigger; a webhook's answer carries its URL. */
export const POST = routeHandler((http) => http.handleCreateTrigger, 'id');
