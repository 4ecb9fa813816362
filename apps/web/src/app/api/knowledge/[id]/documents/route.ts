import { handleKnowledgeUpload, refuseWithoutScope } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Uploads files to a knowledge base (multipart, streamed; 25 MB per file, named in refusals); keys need `knowledge`. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const server = await openServerRuntime();
  return (
    (await refuseWithoutScope(server, request, 'knowledge')) ?? handleKnowledgeUpload(server, request, id)
  );
}
