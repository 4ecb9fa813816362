import { handleKnowledgeUpload } from '@agentry/api';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Uploads files to a knowledge base (multipart, streamed; 25 MB per file, named in refusals). */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return handleKnowledgeUpload(await openServerRuntime(), request, id);
}
