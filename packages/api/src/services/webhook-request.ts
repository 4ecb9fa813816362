import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';
import { readBodyBytes } from '../http/read-body';
import type { Runtime } from '../runtime';
import { MAX_MESSAGE_CHARS } from './chat';
import { resolveCredential } from './credentials';
import type { WebhookConfig } from './trigger-config';

/** What a webhook request offers its input template. */
export interface WebhookRequestData {
  /** The body: parsed JSON, form fields, or text. */
  body: unknown;
  /** The body as the sender sent it (what `{{body}}` gives for text bodies). */
  text: string;
  query: Record<string, string>;
  /** Lower-cased names; credentials (Authorization, Cookie) left out. */
  headers: Record<string, string>;
}

/** Headers never copied into a run's input: they carry the sender's credentials, which runs must not store. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Form fields as an object; a field sent several times becomes a list. */
function formObject(entries: Iterable<[string, string | File]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    const text = typeof value === 'string' ? value : value.name;
    const existing = result[name];
    if (existing === undefined) result[name] = text;
    else result[name] = Array.isArray(existing) ? [...existing, text] : [existing, text];
  }
  return result;
}

/** Parses a body by its Content-Type: JSON, URL-encoded or multipart form, else text. 400 for bad JSON. */
export async function parseWebhookBody(
  raw: Uint8Array<ArrayBuffer>,
  contentType: string | null,
): Promise<unknown> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = new TextDecoder().decode(raw);
  if (type === 'application/json' || type.endsWith('+json')) {
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new AppError(
        'bad_request',
        'The webhook body says it is JSON (Content-Type) but does not parse as JSON.',
      );
    }
  }
  if (type === 'application/x-www-form-urlencoded') return formObject(new URLSearchParams(text));
  if (type === 'multipart/form-data') {
    try {
      const form = await new Response(raw, { headers: { 'content-type': contentType ?? '' } }).formData();
      return formObject(form.entries());
    } catch {
      throw new AppError(
        'bad_request',
        'The webhook body says it is a multipart form but does not parse as one.',
      );
    }
  }
  return text;
}

/** A value as template text: strings as they are, anything else as JSON, nothing as ''. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Follows `a.b.0.c` into objects and arrays; undefined where the path leads nowhere. */
function lookup(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const PLACEHOLDER = /\{\{\s*(body|query|headers)((?:\.[^.\s{}]+)*)\s*\}\}/g;

/**
 * Renders a webhook's input template: `{{body}}` (the body's text, or its JSON), `{{body.a.b}}` (a JSON
 * or form field; objects as JSON), `{{query.name}}`, `{{headers.name}}`. Missing values render as ''.
 * Other text, `{{…}}` that names none of these included, is kept as it is.
 */
export function renderInputTemplate(template: string, data: WebhookRequestData): string {
  return template.replace(PLACEHOLDER, (_match, root: string, rest: string) => {
    const path = rest ? rest.slice(1).split('.') : [];
    if (root === 'body') {
      if (path.length === 0) return typeof data.body === 'string' ? data.text : asText(data.body);
      return asText(lookup(data.body, path));
    }
    const source = root === 'query' ? data.query : data.headers;
    if (path.length === 0) return asText(source);
    const name = root === 'headers' ? path.join('.').toLowerCase() : path.join('.');
    return asText(Object.hasOwn(source, name) ? source[name] : undefined);
  });
}

/**
 * True when `header` holds `prefix` + the hex HMAC of `raw` under `secret`. Compared in constant time
 * over the raw bytes as sent (never a re-serialised body, which would differ from the sender's).
 */
export function isValidSignature(
  raw: Uint8Array,
  header: string | null,
  secret: string,
  signature: { algorithm: string; prefix: string },
): boolean {
  if (!header) return false;
  const value = header.trim();
  if (!value.startsWith(signature.prefix)) return false;
  const given = Buffer.from(value.slice(signature.prefix.length).trim().toLowerCase(), 'utf8');
  const expected = Buffer.from(createHmac(signature.algorithm, secret).update(raw).digest('hex'), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The HMAC secret a signature check uses: the key of the credential it names (in the trigger's workspace). */
async function signingSecret(runtime: Runtime, workspaceId: string, credentialId: string): Promise<string> {
  let credential: Awaited<ReturnType<typeof resolveCredential>>;
  try {
    credential = await resolveCredential(runtime, workspaceId, credentialId);
  } catch (error) {
    // Said to the sender as a server-side problem: the trigger's owner must fix the trigger.
    if (error instanceof AppError && error.code === 'not_found')
      throw new AppError(
        'unavailable',
        "This webhook's signature credential is gone; its owner must pick another.",
      );
    throw error;
  }
  if (!credential.apiKey)
    throw new AppError(
      'unavailable',
      "This webhook's signature credential has no key; its owner must set one.",
    );
  return credential.apiKey;
}

/**
 * Reads a webhook request and builds the run's input: the body is read with the trigger's size limit
 * before anything else is done with it (413 before it is held whole), the signature is checked over its
 * raw bytes when the trigger asks for one (401), and the input template is rendered (400 when it gives
 * nothing, 413 past the longest message a run takes).
 */
export async function readWebhookInput(
  runtime: Runtime,
  trigger: { workspaceId: string },
  config: WebhookConfig,
  request: Request,
): Promise<string> {
  const raw = await readBodyBytes(request, config.maxBodyBytes);
  if (config.signature) {
    const secret = await signingSecret(runtime, trigger.workspaceId, config.signature.credentialId);
    const header = request.headers.get(config.signature.header);
    if (!isValidSignature(raw, header, secret, config.signature))
      throw new AppError(
        'unauthorized',
        header
          ? `The ${config.signature.header} header does not match the body's ${config.signature.algorithm} HMAC.`
          : `This webhook needs a signature in the ${config.signature.header} header.`,
      );
  }
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!HIDDEN_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  });
  const data: WebhookRequestData = {
    body: await parseWebhookBody(raw, request.headers.get('content-type')),
    text: new TextDecoder().decode(raw),
    query: Object.fromEntries(new URL(request.url).searchParams),
    headers,
  };
  const input = renderInputTemplate(config.inputTemplate, data).trim();
  if (!input)
    throw new AppError(
      'bad_request',
      `The trigger's input template (${JSON.stringify(config.inputTemplate.slice(0, 100))}) gave an empty message for this request.`,
    );
  if (input.length > MAX_MESSAGE_CHARS)
    throw new AppError(
      'too_large',
      `The run's input would be ${input.length} characters; the limit is ${MAX_MESSAGE_CHARS}.`,
    );
  return input;
}
