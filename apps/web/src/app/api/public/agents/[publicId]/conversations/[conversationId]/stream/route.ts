import { handlePublicPreflight, handlePublicRunStream } from '@agentry/api/http';
import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The widget reattaches to its conversation's running or waiting run (204 when none is). */
export const GET = routeHandler(handlePublicRunStream, 'publicId', 'conversationId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler(handlePublicPreflight, 'publicId');
