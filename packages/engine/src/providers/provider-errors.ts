import {
  APICallError,
  EmptyResponseBodyError,
  InvalidResponseDataError,
  JSONParseError,
  LoadAPIKeyError,
  TypeValidationError,
} from '@ai-sdk/provider';
import { RetryError, StreamProviderError } from 'ai';
import { getProviderInfo, type ProviderId } from './provider-catalog';
import { ProviderConfigError } from './provider-config-error';

/** A provider failure sorted into what the user can do about it. */
export type ProviderErrorCode =
  | 'unauthorized'
  | 'model_not_found'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'unknown';

/** A provider failure explained for a person: a stable code, a message to act on, the HTTP status if any. */
export interface ProviderErrorDescription {
  code: ProviderErrorCode;
  message: string;
  status?: number;
}

const TRANSIENT_CODES: ReadonlySet<ProviderErrorCode> = new Set([
  'rate_limited',
  'server_error',
  'timeout',
  'network',
]);
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_ERROR_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Whether retrying the same call later may succeed: 408, 429, 5xx, network failures and timeouts (never 400/401/403/404). */
export function isTransientProviderError(error: unknown): boolean {
  return TRANSIENT_CODES.has(describeProviderError(error).code);
}

/**
 * Explains a failure thrown by `streamText`/`generateText`/`embed` (or found in a stream's error part).
 * Unwraps the AI SDK's retry wrapper and `cause` chains; `provider` names the provider in the message
 * when the error itself does not tell.
 */
export function describeProviderError(error: unknown, provider?: ProviderId): ProviderErrorDescription {
  const chain = causeChain(error);
  const label = providerLabel(chain, provider);
  for (const link of chain) {
    const described = describeOne(link, label);
    if (described !== undefined) return described;
  }
  const last = chain.at(-1);
  const detail = last instanceof Error ? last.message : String(last);
  return { code: 'unknown', message: `The call to ${label} failed: ${detail}` };
}

function describeOne(error: unknown, label: string): ProviderErrorDescription | undefined {
  if (error instanceof ProviderConfigError) {
    return { code: error.code === 'missing_credential' ? 'unauthorized' : 'unknown', message: error.message };
  }
  if (LoadAPIKeyError.isInstance(error)) {
    return {
      code: 'unauthorized',
      message: `${capitalize(label)} needs an API key. Add a credential and select it on the node.`,
    };
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status !== undefined && status >= 400) {
      return describeStatus(status, label, providerDetail(error), error.responseHeaders?.['retry-after']);
    }
    // A 2xx whose body broke off or could not be read: the cause says which (network or bad data).
    const cause = causeChain(error.cause)
      .map((link) => describeOne(link, label))
      .find(Boolean);
    return cause ?? { code: 'bad_response', message: badResponseMessage(label) };
  }
  if (StreamProviderError.isInstance(error)) {
    if (error.statusCode !== undefined)
      return describeStatus(error.statusCode, label, error.message, undefined);
    const code = error.isRetryable ? 'server_error' : 'unknown';
    return { code, message: `${capitalize(label)} reported an error while streaming: ${error.message}` };
  }
  if (
    JSONParseError.isInstance(error) ||
    TypeValidationError.isInstance(error) ||
    InvalidResponseDataError.isInstance(error) ||
    EmptyResponseBodyError.isInstance(error)
  ) {
    return { code: 'bad_response', message: badResponseMessage(label) };
  }
  if (!(error instanceof Error)) return describePayload(error, label);
  const systemCode = (error as { code?: unknown }).code;
  if (
    error.name === 'TimeoutError' ||
    (typeof systemCode === 'string' && TIMEOUT_ERROR_CODES.has(systemCode))
  ) {
    return {
      code: 'timeout',
      message: `${capitalize(label)} did not answer in time. Try again, or raise the timeout.`,
    };
  }
  if (typeof systemCode === 'string' && NETWORK_ERROR_CODES.has(systemCode)) {
    return { code: 'network', message: networkMessage(label, systemCode) };
  }
  if (error.name === 'AbortError') return { code: 'unknown', message: 'The model call was cancelled.' };
  if (/^(fetch failed|terminated|other side closed)$/i.test(error.message) && error.cause === undefined) {
    return { code: 'network', message: networkMessage(label, undefined) };
  }
  return undefined;
}

/**
 * An error object a provider sent in its stream (`{ error: { message, type, code } }`), as a provider's
 * raw error part carries it when read without streamText (which wraps it in a StreamProviderError).
 */
function describePayload(error: unknown, label: string): ProviderErrorDescription | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const payload = error as { message?: unknown; code?: unknown; status?: unknown; type?: unknown };
  if (typeof payload.message !== 'string') return undefined;
  const status = [payload.status, payload.code].find(
    (value): value is number => typeof value === 'number' && value >= 400 && value < 600,
  );
  if (status !== undefined) return describeStatus(status, label, payload.message, undefined);
  const transient = /server_error|overloaded|unavailable/i.test(
    `${payload.type ?? ''} ${payload.code ?? ''}`,
  );
  return {
    code: transient ? 'server_error' : 'unknown',
    message: `${capitalize(label)} reported an error while streaming: ${payload.message}`,
  };
}

function describeStatus(
  status: number,
  label: string,
  detail: string,
  retryAfter: string | undefined,
): ProviderErrorDescription {
  const suffix = detail ? ` ${capitalize(label)} said: ${detail}` : '';
  if (status === 401) {
    return {
      code: 'unauthorized',
      status,
      message: `${capitalize(label)} rejected the API key (401). Check the credential.`,
    };
  }
  if (status === 403) {
    return {
      code: 'unauthorized',
      status,
      message: `${capitalize(label)} refused access (403). Check that the key may use this model.${suffix}`,
    };
  }
  if (status === 404) {
    return {
      code: 'model_not_found',
      status,
      message: `${capitalize(label)} does not know this model or endpoint (404). Check the model name and base URL.${suffix}`,
    };
  }
  if (status === 408)
    return { code: 'timeout', status, message: `${capitalize(label)} timed out (408). Try again.` };
  if (status === 429) {
    const wait = retryAfter
      ? ` It asked to wait ${retryAfter} s.`
      : ' Wait a moment, or check the plan and quota.';
    return {
      code: 'rate_limited',
      status,
      message: `${capitalize(label)} is rate limiting requests (429).${wait}`,
    };
  }
  if (status >= 500) {
    return {
      code: 'server_error',
      status,
      message: `${capitalize(label)} had a server error (${status}). Try again later.`,
    };
  }
  return {
    code: 'unknown',
    status,
    message: `${capitalize(label)} refused the request (${status}).${suffix}`,
  };
}

function networkMessage(label: string, systemCode: string | undefined): string {
  if (systemCode === 'ECONNREFUSED')
    return `Could not connect to ${label}: connection refused. Is the server running at the base URL?`;
  if (systemCode === 'ENOTFOUND' || systemCode === 'EAI_AGAIN')
    return `Could not resolve the host name of ${label}. Check the base URL and the network.`;
  return `The connection to ${label} failed. Check the network and try again.`;
}

function badResponseMessage(label: string): string {
  return `${capitalize(label)} sent a response Agentry could not read. Check that the base URL points at a compatible API.`;
}

/**
 * The provider's own explanation, cut short. The AI SDK puts it in `message` when it can parse the
 * provider's error format; otherwise (Ollama's `{"error": "..."}`, a proxy's page) read the raw body.
 */
function providerDetail(error: APICallError): string {
  const fromBody = messageFromBody(error.responseBody);
  const text =
    fromBody && (!error.message || GENERIC_STATUS_TEXT.test(error.message))
      ? fromBody
      : error.message || fromBody;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const GENERIC_STATUS_TEXT =
  /^(not found|unauthorized|forbidden|bad request|too many requests|internal server error|bad gateway|service unavailable|gateway timeout)$/i;

function messageFromBody(body: string | undefined): string {
  if (!body) return '';
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    const nested = (parsed.error as { message?: unknown } | undefined)?.message;
    if (typeof nested === 'string') return nested;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body.trim().slice(0, 300);
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    if (RetryError.isInstance(current)) current = current.lastError;
    else if (current instanceof Error) current = current.cause;
    else break;
  }
  return chain;
}

const HOST_LABELS: ReadonlyArray<[string, ProviderId]> = [
  ['openai.com', 'openai'],
  ['anthropic.com', 'anthropic'],
  ['googleapis.com', 'google'],
];

function providerLabel(chain: unknown[], provider: ProviderId | undefined): string {
  if (provider !== undefined) return getProviderInfo(provider)?.name ?? provider;
  for (const link of chain) {
    if (!APICallError.isInstance(link)) continue;
    const host = safeHost(link.url);
    const match = HOST_LABELS.find(([suffix]) => host.endsWith(suffix));
    if (match !== undefined) return getProviderInfo(match[1])?.name ?? match[1];
    if (host.endsWith(':11434')) return 'Ollama';
  }
  return 'the model provider';
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
