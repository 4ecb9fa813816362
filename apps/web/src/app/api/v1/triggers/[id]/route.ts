import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One trigger. */
export const GET = routeHandler((http) => http.handleGetTrigger, 'id');

/** Renames, pauses or resumes a trigger, or replaces its settings. */
export const PATCH = routeHandler((http) => http.handleUpdateTrigger, 'id');

/** Deletes a trigger. */
export const DELETE = routeHandler((http) => http.handleDeleteTrigger, 'id');
