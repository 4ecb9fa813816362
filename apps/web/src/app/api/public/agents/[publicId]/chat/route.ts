import { handlePublicChat, handlePublicPreflight } from '@agentry/api/http';
import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A visitor's chat turn with the published agent, streamed. */
export const POST = routeHandler(handlePublicChat, 'publicId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler(handlePublicPreflight, 'publicId');
