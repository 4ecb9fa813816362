import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Where an MCP server's sign-in page sends the popup back: finishes the sign-in for the signed-in member. */
export const GET = routeHandler((http) => http.handleMcpOAuthCallback);
