import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One Copilot turn for the builder: the proposed change streamed as NDJSON (see docs/copilot.md). */
export const POST = routeHandler((http) => http.handleCopilotTurn, 'id');
