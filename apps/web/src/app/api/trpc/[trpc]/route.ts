import { handleTrpcRequest } from '@agentry/api/trpc';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handler(request: Request): Promise<Response> {
  return handleTrpcRequest(await openServerRuntime(), request);
}

export { handler as GET, handler as POST };
