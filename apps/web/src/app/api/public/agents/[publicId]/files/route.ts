import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A widget visitor's file upload (allowed origins, files turned on in the Embed tab). */
export const POST = routeHandler((http) => http.handlePublicUploadFile, 'publicId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler((http) => http.handlePublicPreflight, 'publicId');
