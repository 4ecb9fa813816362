import { handlePublishAgent } from '@agentry/api/http';
import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Publishes the agent's draft as its next version. */
export const POST = routeHandler(handlePublishAgent, 'id');
