import { listMcpTools, McpClientError, type McpToolInfo } from '@agentry/engine';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { Runtime } from '../../runtime';
import { getAgent } from '../../services/agents';
import type { Actor } from '../../services/auth';
import { resolveCredential } from '../../services/credentials';
import { MCP_OAUTH_PROVIDER, resolveMcpOAuthCredential } from '../../services/mcp-oauth';
import { sharedWindowLimiter, type WindowLimiter } from '../../rate-limit';
import { protectedProcedure, roleProcedure } from '../init';

/** An HTTP header name (RFC 9110 token). */
const headerName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'Header names are letters, digits and - _ . only');

/** What the config panel sends to list a server's tools: the MCP Tools node's connection settings. */
export const listMcpToolsInput = z.object({
  agentId: z.string().min(1).max(100),
  transport: z.enum(['auto', 'streamable-http', 'sse', 'command']).default('auto'),
  url: z.string().trim().max(2000).optional(),
  command: z.string().trim().max(100).optional(),
  credentialId: z.string().min(1).max(100).optional(),
  authHeader: headerName.optional(),
  headers: z
    .record(headerName, z.string().max(4000))
    .refine((headers) => Object.keys(headers).length <= 50, 'At most 50 headers')
    .optional(),
});

/** Listings one user may start per minute: enough to connect and refresh, too few to scan a network. */
export const MCP_LISTINGS_PER_MINUTE = 20;
/** Longest a listing waits for the server. */
const LIST_TIMEOUT_MS = 15_000;

/** Per-user listing counts: in Redis when the runtime shares state through it, else in this process. */
const listingLimiter = (runtime: Runtime): Promise<WindowLimiter> =>
  sharedWindowLimiter(runtime, { name: 'mcp-list', windowSeconds: 60 });

/** Turns an MCP failure into a message for the person at the config panel, saying what and where. */
function listingError(error: McpClientError, input: z.infer<typeof listMcpToolsInput>): AppError {
  const where = input.transport === 'command' ? `The command "${input.command}"` : hostOf(input.url);
  const details = { reason: error.code };
  switch (error.code) {
    case 'address_blocked':
      // The editor typed this host; saying so reveals nothing about what it resolved to.
      return new AppError(
        'forbidden',
        `${where} is on a private, loopback or reserved address, which this server does not connect to. An admin can allow the host with AGENTRY_ALLOW_PRIVATE_HOSTS.`,
        details,
      );
    case 'unauthorized':
      // The server's 401/403 is not ours: UNAUTHORIZED would tell the browser its own session ended.
      return new AppError('bad_request', error.message, details);
    default:
      return new AppError('bad_request', error.message, details);
  }
}

function hostOf(url: string | undefined): string {
  try {
    return `The server at ${new URL(url ?? '').host}`;
  } catch {
    return 'The server';
  }
}

/**
 * Lists an MCP server's tools for the config panel of one agent: the agent and the credential must be
 * the actor's workspace's; the key goes only to the server (never back to the browser), through the same
 * address guard and admin policy as a run. Limited per user.
 */
export async function listAgentMcpTools(
  runtime: Runtime,
  actor: Actor,
  input: z.infer<typeof listMcpToolsInput>,
  signal?: AbortSignal,
): Promise<{ tools: McpToolInfo[] }> {
  await getAgent(runtime, actor.workspaceId, input.agentId);
  const limit = await (await listingLimiter(runtime)).hit(`user:${actor.user.id}`, MCP_LISTINGS_PER_MINUTE);
  if (!limit.ok) {
    throw new AppError(
      'rate_limited',
      `Too many connections to MCP servers; try again in ${limit.retryAfterSeconds} s.`,
      { retryAfterSeconds: limit.retryAfterSeconds },
    );
  }
  const credential = input.credentialId
    ? await resolveCredential(runtime, actor.workspaceId, input.credentialId)
    : undefined;
  // An MCP sign-in lists with its OAuth tokens (refreshed and stored again as needed).
  const signIn =
    credential?.provider === MCP_OAUTH_PROVIDER
      ? await resolveMcpOAuthCredential(runtime, actor.workspaceId, input.credentialId!)
      : undefined;
  try {
    const tools = await listMcpTools(
      { transport: input.transport, url: input.url, command: input.command },
      {
        headers: input.headers,
        credential:
          signIn ?? (credential && { apiKey: credential.apiKey, allowedHosts: credential.allowedHosts }),
        authHeader: input.authHeader,
        policy: { allowPrivateHosts: runtime.config.allowPrivateHosts, commands: runtime.config.mcpCommands },
        timeoutMs: LIST_TIMEOUT_MS,
        signal,
      },
    );
    return { tools };
  } catch (error) {
    if (error instanceof McpClientError) throw listingError(error, input);
    throw error;
  }
}

/** MCP servers as seen from the builder: list a server's tools, and the local commands an admin allows. */
export const mcpRouter = {
  /** Lists the tools of the MCP server an MCP Tools node points at (a mutation: it connects out). */
  listTools: roleProcedure('editor')
    .input(listMcpToolsInput)
    .mutation(({ ctx, input }) => listAgentMcpTools(ctx.runtime, ctx.actor, input, ctx.request.signal)),
  /** The names (only the names) of the local MCP servers an admin allows with AGENTRY_MCP_COMMANDS. */
  commands: protectedProcedure.query(({ ctx }) => ({
    names: Object.keys(ctx.runtime.config.mcpCommands).sort(),
  })),
} satisfies TRPCRouterRecord;
