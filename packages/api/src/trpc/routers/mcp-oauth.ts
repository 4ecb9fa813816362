import type { TRPCRouterRecord } from '@trpc/server';
import { mcpOAuthCallbackUrl, startMcpOAuth, startMcpOAuthInput } from '../../services/mcp-oauth';
import { roleProcedure } from '../init';

/** Signing in to MCP servers that ask for OAuth; the callback route finishes what `start` begins. */
export const mcpOAuthRouter = {
  /**
   * Starts a sign-in (editors; a few per minute per member): the credential it fills and the URL the
   * browser opens in a popup. The callback goes to this server under the address the browser uses.
   */
  start: roleProcedure('editor')
    .input(startMcpOAuthInput)
    .mutation(({ ctx, input }) =>
      startMcpOAuth(ctx.runtime, ctx.actor, {
        url: input.url,
        callbackUrl: mcpOAuthCallbackUrl(ctx.request, ctx.runtime.config.trustedProxies),
      }),
    ),
} satisfies TRPCRouterRecord;
