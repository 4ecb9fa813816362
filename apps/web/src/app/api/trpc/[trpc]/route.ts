import { serverModule } from '@/lib/server-modules';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The builder's tRPC calls, through the instrumentation hook's copy of the app (see server-modules.ts). */
async function handler(request: Request): Promise<Response> {
  const [{ handleTrpcRequest }, { openServerRuntime }] = await Promise.all([
    serverModule('trpc'),
    serverModule('runtime'),
  ]);
  return handleTrpcRequest(await openServerRuntime(), request);
}

export { handler as GET, handler as POST };
