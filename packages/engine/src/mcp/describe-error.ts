import type { McpSdk } from './connect';
import { McpClientError, type McpClientErrorCode } from './mcp-client-error';

/** What describeMcpError needs to know about the session the error came from. */
export interface McpErrorContext {
  sdk: McpSdk;
  /** "the MCP server at https://…" or "the local MCP server "name"". */
  label: string;
  /** An address or redirect refusal the server's fetch recorded (the SSE transport hides the original). */
  refusal?: McpClientError;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
  ENOENT: 'program not found',
  EACCES: 'permission denied',
};

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A short, one-line excerpt of what a server said (error pages can be long HTML). */
function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** The error code of a network or process failure, looking through `cause`. */
function systemCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Seconds for messages: "1.5", "30". */
function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * Turns anything an MCP session throws into an McpClientError whose message the model and the user
 * read: what went wrong and where, no stack, no resolved addresses. An aborted call returns the abort
 * reason instead, so a cancelled run reports its own cause.
 */
export function describeMcpError(error: unknown, context: McpErrorContext): unknown {
  if (context.signal?.aborted) return context.signal.reason;
  if (error instanceof McpClientError) return error;
  if (context.refusal) return context.refusal;
  const { sdk } = context;
  const label = capitalised(context.label);
  const fail = (code: McpClientErrorCode, message: string) =>
    new McpClientError(code, message, { cause: error });
  if (error instanceof sdk.McpError) {
    if (error.code === sdk.ErrorCode.RequestTimeout) {
      const timeout = context.timeoutMs ?? (error.data as { timeout?: unknown } | undefined)?.timeout;
      return fail(
        'timeout',
        typeof timeout === 'number'
          ? `The MCP server did not answer within ${seconds(timeout)} s.`
          : 'The MCP server did not answer in time.',
      );
    }
    if (error.code === sdk.ErrorCode.ConnectionClosed) {
      return fail('unreachable', `The connection to ${context.label} closed.`);
    }
    return fail(
      'protocol',
      `${label} refused the request: ${excerpt(error.message.replace(/^MCP error -?\d+: /, ''))}`,
    );
  }
  if (error instanceof sdk.StreamableHTTPError || error instanceof sdk.SseError) {
    const status = error.code;
    if (status === 401 || status === 403) {
      return fail(
        'unauthorized',
        `${label} refused the credentials (HTTP ${status}). Check the credential of this MCP Tools node.`,
      );
    }
    if (status !== undefined && status >= 400) {
      const said = excerpt(
        error.message.replace(/^(Streamable HTTP|SSE) error: (Error POSTing to endpoint: )?/, ''),
      );
      return fail('http_error', `${label} answered HTTP ${status}${said ? `: ${said}` : '.'}`);
    }
    if (status === -1 || /content.type/i.test(error.message)) {
      return fail(
        'garbage',
        `${label} answered with something that is not MCP (${excerpt(error.message, 120)}).`,
      );
    }
    const reason = NETWORK_REASONS[systemCode(error.cause ?? (error as { event?: unknown }).event) ?? ''];
    return fail('unreachable', `${label} could not be reached${reason ? ` (${reason})` : ''}.`);
  }
  if (error instanceof SyntaxError || (error instanceof Error && error.name === 'ZodError')) {
    return fail('garbage', `${label} answered with something that is not MCP.`);
  }
  const code = systemCode(error);
  const reason = code ? NETWORK_REASONS[code] : undefined;
  if (reason || (error instanceof TypeError && error.message === 'fetch failed')) {
    const started = context.label.includes('local MCP server');
    return fail(
      'unreachable',
      `${label} could not be ${started ? 'started' : 'reached'}${reason ? ` (${reason})` : ''}.`,
    );
  }
  if (error instanceof Error && /not connected|connection closed/i.test(error.message)) {
    return fail('unreachable', `The connection to ${context.label} closed.`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return fail('protocol', `${label} failed: ${excerpt(message)}`);
}
