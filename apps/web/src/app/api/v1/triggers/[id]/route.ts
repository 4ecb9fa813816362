import { handleDeleteTrigger, handleGetTrigger, handleUpdateTrigger } from '@agentry/api/http';
import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One trigger. */
export const GET = routeHandler(handleGetTrigger, 'id');

/** Renames, pauses or resumes a trigger, or replaces its settings. */
export const PATCH = routeHandler(handleUpdateTrigger, 'id');

/** Deletes a trigger. */
export const DELETE = routeHandler(handleDeleteTrigger, 'id');
