import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Answers a waiting run, or continues an interrupted one (202). */
export const POST = routeHandler((http) => http.handleResumeRun, 'id');
