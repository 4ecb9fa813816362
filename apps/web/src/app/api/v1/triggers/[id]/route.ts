import { handleDeleteTrigger, handleGetTrigger, handleUpdateTrigger } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** One trigger. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return handleGetTrigger(await openServerRuntime(), request, id);
}

/** Renames, pauses or resumes a trigger, or replaces its settings. */
export async function PATCH(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return handleUpdateTrigger(await openServerRuntime(), request, id);
}

/** Deletes a trigger. */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return handleDeleteTrigger(await openServerRuntime(), request, id);
}
