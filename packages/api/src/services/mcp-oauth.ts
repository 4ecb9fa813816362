import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq } from '@agentry/db/drizzle';
import { credentials } from '@agentry/db';
import {
  createMcpOAuthProvider,
  createProviderFetch,
  MCP_OAUTH_STATE_KEYS,
  type McpOAuthState,
  type McpOAuthStore,
} from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { SecretDecryptionError, type SecretOwner } from '../security/secret-box';
import { type Actor, requireRole } from './auth';
import { SECRET_UNREADABLE } from './credentials';
import { invalidate } from './lookup-cache';
import { callerOrigin } from './public-origin';
import { SlidingWindowLimiter } from '../rate-limit';
import { RuntimeSlot } from '../runtime-slot';
import { logger } from '../logging/process-logger';

/** The `provider` of a credential that holds an OAuth sign-in to an MCP server. */
export const MCP_OAUTH_PROVIDER = 'mcp-oauth';
/** Where the authorization server sends the browser back (apps/web route). */
export const MCP_OAUTH_CALLBACK_PATH = '/api/mcp/oauth/callback';
/** How long a started sign-in may take before its `state` is refused. */
export const MCP_OAUTH_SIGN_IN_TTL_MS = 10 * 60 * 1000;
/** Sign-ins one member may start per minute (each registers a client and calls the server). */
const STARTS_PER_MINUTE = 10;
/** Longest one OAuth request (discovery, registration, token) may take. */
const OAUTH_REQUEST_TIMEOUT_MS = 20_000;

/**
 * What the credential row's encrypted secret holds: the engine's OAuth state, the server and callback it
 * is for, and the sign-in in progress (its `state`, who started it and until when it may finish).
 */
interface StoredSignIn extends McpOAuthState {
  serverUrl: string;
  redirectUrl: string;
  pending?: { state: string; userId: string; expiresAt: number };
}

/**
 * Sealed as its own kind of secret (the row id and workspace bind it too): a path that opens credential
 * keys for model calls or the HTTP Request tool cannot open, and so cannot send, these tokens.
 */
function signInOwner(id: string, workspaceId: string): SecretOwner {
  return { kind: MCP_OAUTH_PROVIDER, id, workspaceId };
}

/** An MCP server URL: absolute http(s), no user or password, no fragment. */
function mcpServerUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('bad_request', 'Enter the MCP server’s URL, e.g. https://mcp.example.com/mcp.', {
      field: 'url',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('bad_request', 'The MCP server’s URL must start with http:// or https://.', {
      field: 'url',
    });
  if (url.username || url.password)
    throw new AppError('bad_request', 'The MCP server’s URL must not hold a user name or password.', {
      field: 'url',
    });
  url.hash = '';
  return url;
}

/** Input of `mcpOAuth.start`. */
export const startMcpOAuthInput = z.object({
  url: z.string().trim().min(1, 'Enter the MCP server’s URL').max(2000),
});

/** Agentry's callback URL on the origin the browser uses (see callerOrigin). */
export function mcpOAuthCallbackUrl(request: Request, trustedProxies = 0): string {
  return new URL(MCP_OAUTH_CALLBACK_PATH, callerOrigin(request, trustedProxies)).href;
}

const startLimiters = new RuntimeSlot<SlidingWindowLimiter>('mcp-oauth-starts');

function limitStarts(runtime: Runtime, actor: Actor): void {
  let limiter = startLimiters.get(runtime);
  if (!limiter) {
    limiter = new SlidingWindowLimiter(60_000);
    startLimiters.set(runtime, limiter);
  }
  const result = limiter.hit(actor.user.id, STARTS_PER_MINUTE);
  if (!result.ok) {
    throw new AppError(
      'rate_limited',
      `Too many sign-ins started in a minute. Try again in ${result.retryAfterSeconds} seconds.`,
      { retryAfterSeconds: result.retryAfterSeconds },
    );
  }
}

/** The guarded fetch for OAuth requests: the admin's private-host list applies, and each request has a deadline. */
function oauthFetch(runtime: Runtime): typeof fetch {
  const guarded = createProviderFetch({ allowPrivateHosts: runtime.config.allowPrivateHosts });
  return (input, init) => {
    const deadline = AbortSignal.timeout(OAUTH_REQUEST_TIMEOUT_MS);
    return guarded(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline,
    });
  };
}

function openSignIn(runtime: Runtime, workspaceId: string, id: string, sealed: string): StoredSignIn {
  try {
    return JSON.parse(runtime.secrets.decrypt(sealed, signInOwner(id, workspaceId))) as StoredSignIn;
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    throw new AppError('conflict', `${error.message} Delete this credential and sign in again.`, {
      reason: SECRET_UNREADABLE,
    });
  }
}

async function readSignIn(
  runtime: Runtime,
  workspaceId: string,
  id: string,
): Promise<{ sealed: string; stored: StoredSignIn } | undefined> {
  const [row] = await runtime.db
    .select({ sealed: credentials.encryptedSecret })
    .from(credentials)
    .where(
      and(
        eq(credentials.id, id),
        eq(credentials.workspaceId, workspaceId),
        eq(credentials.provider, MCP_OAUTH_PROVIDER),
      ),
    );
  if (!row?.sealed) return undefined;
  return { sealed: row.sealed, stored: openSignIn(runtime, workspaceId, id, row.sealed) };
}

/**
 * Changes a stored sign-in: read, change, write back only if nobody wrote in between (two runs refreshing,
 * a run and a sign-in), else read again. `change` may throw to write nothing.
 */
async function updateSignIn(
  runtime: Runtime,
  workspaceId: string,
  id: string,
  change: (stored: StoredSignIn) => StoredSignIn,
): Promise<StoredSignIn> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await readSignIn(runtime, workspaceId, id);
    if (!current) throw signInDeleted();
    const next = change(current.stored);
    const [written] = await runtime.db
      .update(credentials)
      .set({
        encryptedSecret: runtime.secrets.encrypt(JSON.stringify(next), signInOwner(id, workspaceId)),
        updatedAt: new Date(),
      })
      .where(and(eq(credentials.id, id), eq(credentials.encryptedSecret, current.sealed)))
      .returning({ id: credentials.id });
    if (written) return next;
  }
  throw new AppError('conflict', 'The MCP sign-in kept changing while it was saved; try again.');
}

function signInDeleted(): AppError {
  return new AppError(
    'not_found',
    'This MCP sign-in was deleted. Press Sign in on the MCP Tools node again.',
  );
}

/** Only the engine's keys of a patch (a key given as undefined removes it). */
function statePatch(patch: Partial<McpOAuthState>): Partial<McpOAuthState> {
  const picked: Partial<McpOAuthState> = {};
  for (const key of MCP_OAUTH_STATE_KEYS) {
    if (key in patch) Object.assign(picked, { [key]: patch[key] });
  }
  return picked;
}

/** The engine's view of a stored sign-in: load reads the row afresh; save merges under the row check. */
function signInStore(
  runtime: Runtime,
  workspaceId: string,
  id: string,
  stored: Pick<StoredSignIn, 'serverUrl' | 'redirectUrl'>,
  view: (state: McpOAuthState) => McpOAuthState = (state) => state,
): McpOAuthStore {
  return {
    serverUrl: stored.serverUrl,
    redirectUrl: stored.redirectUrl,
    async load() {
      const current = await readSignIn(runtime, workspaceId, id);
      if (!current) throw signInDeleted();
      const state: McpOAuthState = {};
      for (const key of MCP_OAUTH_STATE_KEYS) Object.assign(state, { [key]: current.stored[key] });
      return view(state);
    },
    async save(patch) {
      await updateSignIn(runtime, workspaceId, id, (current) => ({ ...current, ...statePatch(patch) }));
    },
  };
}

/**
 * Turns a failed OAuth exchange into an error that says what went wrong and where, never a stack.
 * `noMetadata`: discovery found no authorization server, so the server most likely has no OAuth at all.
 */
function describeOAuthFailure(error: unknown, origin: string, noMetadata = false): AppError {
  if (error instanceof AppError) return error;
  const failure = error as {
    name?: string;
    code?: unknown;
    message?: string;
    cause?: unknown;
    errorCode?: unknown;
  };
  if (failure.code === 'address_blocked') {
    return new AppError('bad_request', String(failure.message), { reason: 'address_blocked' });
  }
  if (failure.name === 'TimeoutError') {
    return new AppError(
      'unavailable',
      `${origin} did not answer within ${OAUTH_REQUEST_TIMEOUT_MS / 1000} s.`,
    );
  }
  if (error instanceof TypeError && failure.message === 'fetch failed') {
    const code = (failure.cause as { code?: unknown } | undefined)?.code;
    return new AppError(
      'unavailable',
      `Could not reach ${origin}${typeof code === 'string' ? ` (${code})` : ''}.`,
    );
  }
  const message = String(failure.message ?? '').slice(0, 300);
  if (noMetadata) {
    return new AppError(
      'bad_request',
      `${origin} does not offer an OAuth sign-in (it publishes no authorization server metadata). Use a credential with its token or key instead.`,
    );
  }
  if (typeof failure.errorCode === 'string') {
    // An OAuth error response: the authorization server's own words.
    return new AppError(
      'bad_request',
      `The sign-in server of ${origin} refused: ${message || failure.errorCode}`,
    );
  }
  if (error instanceof Error && message) {
    return new AppError('bad_request', `Could not sign in to ${origin}: ${message}`);
  }
  logger().error({ err: error, origin }, 'An MCP sign-in failed unexpectedly');
  return new AppError('unavailable', `Could not sign in to ${origin}.`);
}

/** What `startMcpOAuth` gives the browser: the credential being signed in and where to send the person. */
export interface McpOAuthStart {
  credentialId: string;
  authorizationUrl: string;
}

/**
 * Starts signing in to an MCP server that asks for OAuth. Creates the workspace's `mcp-oauth` credential
 * for that URL (or reuses it: its client registration is kept, and its tokens keep serving runs until the
 * new sign-in finishes), then lets the SDK discover the authorization server, register a client and build
 * the authorization URL. The `state` sent with it is bound to this credential, this member and ten minutes.
 */
export async function startMcpOAuth(
  runtime: Runtime,
  actor: Actor,
  input: { url: string; callbackUrl: string },
): Promise<McpOAuthStart> {
  requireRole(actor, 'editor');
  const server = mcpServerUrl(input.url);
  const serverUrl = server.href;
  const redirectUrl = new URL(input.callbackUrl);
  if (redirectUrl.pathname !== MCP_OAUTH_CALLBACK_PATH || !/^https?:$/.test(redirectUrl.protocol))
    throw new AppError('bad_request', `The callback must be this server's ${MCP_OAUTH_CALLBACK_PATH}.`);
  limitStarts(runtime, actor);

  const [existing] = await runtime.db
    .select({ id: credentials.id })
    .from(credentials)
    .where(
      and(
        eq(credentials.workspaceId, actor.workspaceId),
        eq(credentials.provider, MCP_OAUTH_PROVIDER),
        eq(credentials.baseUrl, serverUrl),
      ),
    )
    .orderBy(desc(credentials.createdAt))
    .limit(1);
  const id = existing?.id ?? crypto.randomUUID();
  const state = `${id}.${randomBytes(24).toString('base64url')}`;
  const pending = { state, userId: actor.user.id, expiresAt: Date.now() + MCP_OAUTH_SIGN_IN_TTL_MS };
  const place = { serverUrl, redirectUrl: redirectUrl.href };
  if (existing) {
    await updateSignIn(runtime, actor.workspaceId, id, (current) => {
      const registered = current.clientInformation as { redirect_uris?: string[] } | undefined;
      // A client registered for another callback (Agentry reached under another address) registers again.
      const keepClient = registered?.redirect_uris?.includes(place.redirectUrl) ?? true;
      return {
        ...current,
        ...place,
        pending,
        clientInformation: keepClient ? current.clientInformation : undefined,
      };
    });
  } else {
    const stored: StoredSignIn = { ...place, pending };
    await runtime.db.insert(credentials).values({
      id,
      workspaceId: actor.workspaceId,
      name: `${server.host} (MCP sign-in)`,
      provider: MCP_OAUTH_PROVIDER,
      baseUrl: serverUrl,
      allowedHosts: [server.hostname.toLowerCase()],
      encryptedSecret: runtime.secrets.encrypt(JSON.stringify(stored), signInOwner(id, actor.workspaceId)),
      secretTail: null,
    });
  }

  const { auth } = await import('@modelcontextprotocol/sdk/client/auth.js');
  let authorizationUrl: URL | undefined;
  // A new sign-in, even where tokens are stored: the person may mean another account.
  const store = signInStore(runtime, actor.workspaceId, id, place, (saved) => ({
    ...saved,
    tokens: undefined,
  }));
  const provider = createMcpOAuthProvider(store, {
    serverUrl,
    authorization: {
      state,
      redirect(url) {
        authorizationUrl = url;
      },
    },
  });
  try {
    await auth(provider, { serverUrl, fetchFn: oauthFetch(runtime) });
    if (!authorizationUrl) throw new AppError('bad_request', `${server.origin} did not ask for a sign-in.`);
    // The browser opens this URL from our page: nothing but a web address may come through.
    if (authorizationUrl.protocol !== 'https:' && authorizationUrl.protocol !== 'http:') {
      throw new AppError(
        'bad_request',
        `The sign-in server of ${server.origin} gave an address that is not a web page.`,
      );
    }
  } catch (error) {
    // The SDK saves what discovery found before it registers: none means the server has no OAuth.
    const discovered = await store.load().then(
      (saved) => saved.discovery,
      () => undefined,
    );
    const noMetadata = discovered !== undefined && !discovered.authorizationServerMetadata;
    if (!existing) {
      await runtime.db
        .delete(credentials)
        .where(and(eq(credentials.id, id), eq(credentials.workspaceId, actor.workspaceId)));
    }
    throw describeOAuthFailure(error, server.origin, noMetadata);
  }
  return { credentialId: id, authorizationUrl: authorizationUrl.href };
}

/** Input of finishing a sign-in: what the authorization server sent back to the callback. */
export const finishMcpOAuthInput = z.object({
  state: z.string().min(1).max(400),
  code: z.string().min(1).max(4000),
});

const INVALID_STATE =
  'This sign-in link does not match a sign-in in progress in your workspace (it was used already, or a newer one replaced it). Press Sign in on the MCP Tools node again.';

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Finishes a sign-in from the callback: the `state` must be the one handed out, to the same member of
 * the same workspace, within ten minutes, and it is used up here. Then the SDK exchanges the code (with
 * the PKCE verifier) and the tokens are stored, encrypted.
 */
export async function finishMcpOAuth(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof finishMcpOAuthInput>,
): Promise<{ credentialId: string; serverUrl: string }> {
  requireRole(actor, 'editor');
  const { state, code } = finishMcpOAuthInput.parse(input);
  const id = state.slice(0, Math.max(0, state.indexOf('.')));
  if (!id) throw new AppError('forbidden', INVALID_STATE);
  let stored: StoredSignIn;
  try {
    stored = await updateSignIn(runtime, actor.workspaceId, id, (current) => {
      const pending = current.pending;
      if (!pending || !sameText(pending.state, state)) throw new AppError('forbidden', INVALID_STATE);
      if (pending.userId !== actor.user.id) {
        throw new AppError(
          'forbidden',
          'Another member of your workspace started this sign-in. Press Sign in on the MCP Tools node yourself.',
        );
      }
      if (pending.expiresAt < Date.now()) {
        throw new AppError(
          'forbidden',
          `This sign-in took longer than ${MCP_OAUTH_SIGN_IN_TTL_MS / 60_000} minutes and expired. Press Sign in on the MCP Tools node again.`,
        );
      }
      return { ...current, pending: undefined };
    });
  } catch (error) {
    // No such sign-in in this workspace says no more than a wrong state.
    if (error instanceof AppError && error.code === 'not_found')
      throw new AppError('forbidden', INVALID_STATE);
    throw error;
  }

  const { auth } = await import('@modelcontextprotocol/sdk/client/auth.js');
  const store = signInStore(runtime, actor.workspaceId, id, stored);
  const provider = createMcpOAuthProvider(store, { serverUrl: stored.serverUrl });
  const origin = new URL(stored.serverUrl).origin;
  try {
    await auth(provider, {
      serverUrl: stored.serverUrl,
      authorizationCode: code,
      fetchFn: oauthFetch(runtime),
    });
  } catch (error) {
    throw describeOAuthFailure(error, origin);
  }
  await store.save({ codeVerifier: undefined });
  invalidate(runtime, { kind: 'credential', id });
  return { credentialId: id, serverUrl: stored.serverUrl };
}

/** A workspace's MCP sign-in as a run uses it: the engine's store over the row, and where it may be sent. */
export interface McpOAuthCredential {
  oauth: McpOAuthStore;
  baseURL: string;
  allowedHosts: string[];
}

/**
 * The sign-in stored in credential `id` of the workspace, for the engine (undefined when there is no
 * such `mcp-oauth` credential). Tokens the SDK refreshes during the run are written back, encrypted.
 */
export async function resolveMcpOAuthCredential(
  runtime: Runtime,
  workspaceId: string,
  id: string,
): Promise<McpOAuthCredential | undefined> {
  const [row] = await runtime.db
    .select({ sealed: credentials.encryptedSecret, allowedHosts: credentials.allowedHosts })
    .from(credentials)
    .where(
      and(
        eq(credentials.id, id),
        eq(credentials.workspaceId, workspaceId),
        eq(credentials.provider, MCP_OAUTH_PROVIDER),
      ),
    );
  if (!row?.sealed) return undefined;
  const stored = openSignIn(runtime, workspaceId, id, row.sealed);
  return {
    oauth: signInStore(runtime, workspaceId, id, stored),
    baseURL: stored.serverUrl,
    allowedHosts: row.allowedHosts,
  };
}
