import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The workspace's published agents as OpenAI models. */
export const GET = routeHandler((http) => http.handleListModels);
