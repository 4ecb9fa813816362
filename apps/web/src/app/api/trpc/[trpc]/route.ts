import { handleTrpcRequest } from '@agentry/api/trpc';
import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handler = routeHandler(handleTrpcRequest);

export { handler as GET, handler as POST };
