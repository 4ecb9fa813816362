import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** MCP (Streamable HTTP): initialize, tools/list and tools/call (each published agent is a tool). */
export const POST = routeHandler((http) => http.handleMcp);

/** 405: the stateless server streams each answer on its POST and has no stream for GET. */
export const GET = routeHandler((http) => http.handleMcp);

/** Ends a client's session (it holds no state here, so this only answers 200). */
export const DELETE = routeHandler((http) => http.handleMcp);
