import { handlePublicPreflight, handlePublicResume } from '@agentry/api/http';
import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The visitor answers the question their conversation's run asks them (202). */
export const POST = routeHandler(handlePublicResume, 'publicId', 'conversationId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler(handlePublicPreflight, 'publicId');
