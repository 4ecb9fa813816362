import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

/** What Agentry keeps of one OAuth sign-in to one MCP server; the host stores it encrypted. */
export interface McpOAuthState {
  /** The client registered with the server's authorization server (dynamic registration). */
  clientInformation?: OAuthClientInformationMixed;
  /** Access and refresh tokens, stamped by the SDK with the authorization server that issued them. */
  tokens?: OAuthTokens;
  /** The PKCE verifier of the sign-in in progress. */
  codeVerifier?: string;
  /** Where the authorization server was found, and for which MCP URL (saves requests on every run). */
  discovery?: OAuthDiscoveryState & { serverUrl: string };
}

/** The keys of `McpOAuthState`: what a store saves for the provider (hosts keep their own fields apart). */
export const MCP_OAUTH_STATE_KEYS = ['clientInformation', 'tokens', 'codeVerifier', 'discovery'] as const;

/**
 * Where the host keeps one MCP server's OAuth state (an encrypted credential row in the app, a variable
 * in tests). `save` merges a patch; a key given as `undefined` is removed. `load` reads the stored state
 * afresh each time, so tokens another process refreshed are seen.
 */
export interface McpOAuthStore {
  /** The MCP server URL this sign-in is for: its tokens go to this origin only. */
  readonly serverUrl: string;
  /** Agentry's OAuth callback URL, the one the client was registered with. */
  readonly redirectUrl: string;
  load(): Promise<McpOAuthState>;
  save(patch: Partial<McpOAuthState>): Promise<void>;
}

/** Stable codes of `McpOAuthError`. */
export type McpOAuthErrorCode =
  /** The server needs a person to sign in (no tokens, or they can no longer be refreshed). */
  | 'mcp_oauth_required'
  /** The sign-in is for another server origin than the one being connected to. */
  | 'mcp_oauth_wrong_server';

/** An MCP OAuth problem with a message the user can act on. */
export class McpOAuthError extends Error {
  override readonly name = 'McpOAuthError';

  constructor(
    readonly code: McpOAuthErrorCode,
    /** The MCP server's origin (`https://mcp.example.com`). */
    readonly origin: string,
    message: string,
  ) {
    super(message);
  }
}

/** The error a run gets when the MCP server wants a person to sign in again (nobody is there to do it). */
export function mcpOAuthRequiredError(origin: string): McpOAuthError {
  return new McpOAuthError(
    'mcp_oauth_required',
    origin,
    `The MCP server at ${origin} needs you to sign in again: open the MCP Tools node and press Sign in.`,
  );
}

/** Options of `createMcpOAuthProvider`. */
export interface McpOAuthProviderOptions {
  /** The URL the transport connects to; must be on the origin of `store.serverUrl`. */
  serverUrl: string | URL;
  /**
   * Only when a person is signing in (the host's "Sign in" flow): the `state` sent with the authorization
   * request, and where the authorization URL goes (the host hands it to the browser). Without it, a
   * server that wants a new sign-in fails with `mcp_oauth_required`: a run has nobody to ask.
   */
  authorization?: {
    state: string;
    redirect(authorizationUrl: URL): void | Promise<void>;
  };
}

/**
 * The MCP SDK's `OAuthClientProvider` over a host's store: pass it as `authProvider` to the SDK's HTTP
 * transports, or to `auth()`. The SDK does the protocol (discovery, dynamic registration, PKCE, code
 * exchange, refreshing an expired token after a 401); this keeps what it hands over, in the store.
 * The OAuth requests themselves go through the `fetch` given to the transport or to `auth()`, which must
 * be the guarded one so private addresses stay refused.
 */
export function createMcpOAuthProvider(
  store: McpOAuthStore,
  options: McpOAuthProviderOptions,
): OAuthClientProvider {
  const signedInOrigin = new URL(store.serverUrl).origin;
  const origin = new URL(options.serverUrl).origin;
  if (origin !== signedInOrigin) {
    throw new McpOAuthError(
      'mcp_oauth_wrong_server',
      origin,
      `This sign-in is for ${signedInOrigin}; its tokens are not sent to ${origin}. Sign in to ${origin} on the MCP Tools node.`,
    );
  }
  return new StoreOAuthProvider(store, origin, options.authorization);
}

class StoreOAuthProvider implements OAuthClientProvider {
  private current: McpOAuthState | undefined;
  /** Present only while a person signs in, so a run never starts an authorization request. */
  readonly state?: () => string;

  constructor(
    private readonly store: McpOAuthStore,
    private readonly origin: string,
    private readonly authorization: McpOAuthProviderOptions['authorization'],
  ) {
    if (authorization) this.state = () => authorization.state;
  }

  get redirectUrl(): string {
    return this.store.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Agentry',
      redirect_uris: [this.store.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.authMethod(),
    };
  }

  /**
   * A public client ('none', PKCE protects the code) unless the authorization server does not take it.
   * The SDK saves the discovery state before it registers, so its metadata is known here.
   */
  private authMethod(): string {
    const supported =
      this.current?.discovery?.authorizationServerMetadata?.token_endpoint_auth_methods_supported;
    if (!supported?.length || supported.includes('none')) return 'none';
    return (
      ['client_secret_basic', 'client_secret_post'].find((method) => supported.includes(method)) ??
      supported[0]!
    );
  }

  private async loaded(): Promise<McpOAuthState> {
    this.current ??= await this.store.load();
    return this.current;
  }

  private async update(patch: Partial<McpOAuthState>): Promise<void> {
    this.current = { ...(await this.loaded()), ...patch };
    await this.store.save(patch);
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    return (await this.loaded()).clientInformation;
  }

  async saveClientInformation(clientInformation: OAuthClientInformationMixed): Promise<void> {
    await this.update({ clientInformation });
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    return (await this.loaded()).tokens;
  }

  /** Called after a code exchange and after every refresh: refreshed tokens are stored at once. */
  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.update({ tokens });
  }

  async saveCodeVerifier(codeVerifier: string): Promise<void> {
    await this.update({ codeVerifier });
  }

  async codeVerifier(): Promise<string> {
    const verifier = (await this.loaded()).codeVerifier;
    if (!verifier) {
      throw new Error(
        `No sign-in to ${this.origin} is in progress (or it was already finished): press Sign in again.`,
      );
    }
    return verifier;
  }

  /**
   * The SDK asks for this first in every `auth()` call: the state is read afresh here, so a refresh uses
   * the refresh token another process may have just rotated instead of the one this run started with.
   */
  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    this.current = await this.store.load();
    const discovery = this.current.discovery;
    if (discovery?.serverUrl !== this.store.serverUrl) return undefined;
    const { serverUrl: _serverUrl, ...state } = discovery;
    return state;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    await this.update({ discovery: { ...state, serverUrl: this.store.serverUrl } });
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    switch (scope) {
      case 'all':
        await this.update({
          clientInformation: undefined,
          tokens: undefined,
          codeVerifier: undefined,
          discovery: undefined,
        });
        return;
      case 'client':
        await this.update({ clientInformation: undefined });
        return;
      case 'tokens': {
        // A refresh token refused as invalid may only have been rotated by a concurrent refresh elsewhere:
        // take the stored tokens when they changed, and clear them only when they are the refused ones.
        const stored = await this.store.load();
        if (stored.tokens && stored.tokens.access_token !== this.current?.tokens?.access_token) {
          this.current = stored;
          return;
        }
        await this.update({ tokens: undefined });
        return;
      }
      case 'verifier':
        await this.update({ codeVerifier: undefined });
        return;
      case 'discovery':
        await this.update({ discovery: undefined });
        return;
    }
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    if (!this.authorization) throw mcpOAuthRequiredError(this.origin);
    await this.authorization.redirect(authorizationUrl);
  }
}
