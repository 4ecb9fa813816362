import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** useChat's resumeStream(): the conversation's running run, or 204 when there is none. */
export const GET = routeHandler((http) => http.handleChatResumeStream, 'id', 'conversationId');
