import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Uploads files to a knowledge base (multipart, streamed; 25 MB per file, named in refusals); keys need `knowledge`. */
export const POST = routeHandler(
  (http) => async (server, request, id) =>
    (await http.refuseWithoutScope(server, request, 'knowledge')) ??
    http.handleKnowledgeUpload(server, request, id),
  'id',
);
