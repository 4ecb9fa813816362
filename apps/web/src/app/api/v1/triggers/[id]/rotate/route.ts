import { handleRotateTrigger } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Gives a webhook trigger a new URL; the old one stops working at once. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return handleRotateTrigger(await openServerRuntime(), request, id);
}
