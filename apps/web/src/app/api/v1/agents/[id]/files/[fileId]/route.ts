import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A chat file, for members only: a download, or an inline PNG/JPEG/WebP/GIF with `?inline=1`. */
export const GET = routeHandler((http) => http.handleGetAgentFile, 'id', 'fileId');
