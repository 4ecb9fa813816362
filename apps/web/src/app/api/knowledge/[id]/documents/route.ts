import { handleKnowledgeUpload, refuseWithoutScope } from '@agentry/api/http';
import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Uploads files to a knowledge base (multipart, streamed; 25 MB per file, named in refusals); keys need `knowledge`. */
export const POST = routeHandler(
  async (server, request, id) =>
    (await refuseWithoutScope(server, request, 'knowledge')) ?? handleKnowledgeUpload(server, request, id),
  'id',
);
