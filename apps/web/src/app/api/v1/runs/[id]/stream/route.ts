import { handleRunStream } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A run's UI message stream, replayed from Last-Event-ID (or ?after=) and followed live. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return handleRunStream(await openServerRuntime(), request, id);
}
