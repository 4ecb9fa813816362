import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Uploads a file for a chat with the agent (preview or API); a message then names it `agentry-file:<id>`. */
export const POST = routeHandler((http) => http.handleUploadAgentFile, 'id');
