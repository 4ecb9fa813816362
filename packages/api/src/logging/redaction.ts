/** What stands in a log line where a secret was. */
export const REDACTED = '[Redacted]';

/** Field names that hold secrets wherever they appear (at the top of a line's fields or one level down). */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'apiKey',
  'api_key',
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'credential',
  'credentials',
  'privateKey',
];

/** Headers that carry secrets, under any `headers` object (as pino path segments). */
const SECRET_HEADERS = [
  '.authorization',
  '.cookie',
  '["set-cookie"]',
  '["x-api-key"]',
  '["proxy-authorization"]',
];

/**
 * pino `redact` paths: secret fields at the top and one level down, and the secret headers of a
 * request or response object (`request.headers.authorization`, `*.headers.cookie`…). Paths only catch
 * what sits where they say; secrets known to this process are also scrubbed from the written text
 * (`scrubKnownSecrets`), wherever they hide.
 */
export const REDACT_PATHS: string[] = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  ...SECRET_HEADERS.map((header) => `headers${header}`),
  ...SECRET_HEADERS.map((header) => `*.headers${header}`),
];

/** How many causes deep an error is written: a loop of causes must not hang the logger. */
const MAX_CAUSE_DEPTH = 5;

/**
 * An error as a log field: its type, message, code, status and stack, and its causes the same way.
 * Everything else an error object holds is left out on purpose: the AI SDK's `APICallError` carries the
 * request body, the response body and headers (a provider may echo a key in them), HTTP clients carry
 * their request options.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) {
    if (value === null || value === undefined) return value;
    // A thrown string or number says what happened; a thrown object may be anything, so only its kind.
    return typeof value === 'object' ? { type: 'non-error object' } : String(value);
  }
  const fields: Record<string, unknown> = { type: value.name, message: value.message };
  const { code, statusCode } = value as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'string' || typeof code === 'number') fields.code = code;
  if (typeof statusCode === 'number') fields.statusCode = statusCode;
  if (value.stack) fields.stack = value.stack;
  if (value.cause !== undefined && depth < MAX_CAUSE_DEPTH)
    fields.cause = serializeError(value.cause, depth + 1);
  if (value instanceof AggregateError && depth < MAX_CAUSE_DEPTH)
    fields.errors = value.errors.slice(0, 5).map((each) => serializeError(each, depth + 1));
  return fields;
}

/** Secrets shorter than this are not scrubbed: replacing every "abc" in a log would hide more than it saves. */
const MIN_SECRET_LENGTH = 8;
/** Most secrets remembered; the least recently used are forgotten first. */
const MAX_SECRETS = 5000;

const SECRETS = Symbol.for('agentry.logging.knownSecrets');

/** The process's known secrets, each with its JSON-escaped form (what a JSON log line holds). */
function knownSecrets(): Map<string, string> {
  const holder = globalThis as { [SECRETS]?: Map<string, string> };
  holder[SECRETS] ??= new Map();
  return holder[SECRETS];
}

/**
 * Remembers a secret this process holds in clear (a decrypted credential, a key from the environment),
 * so that no log line shows it, whatever field, message or error text it ends up in.
 */
export function rememberSecret(secret: string | undefined): void {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return;
  const secrets = knownSecrets();
  // Re-inserting moves it to the end: the oldest entry is the least recently used one.
  secrets.delete(secret);
  secrets.set(secret, JSON.stringify(secret).slice(1, -1));
  if (secrets.size > MAX_SECRETS) secrets.delete(secrets.keys().next().value as string);
}

/** Forgets every remembered secret (tests). */
export function forgetSecrets(): void {
  knownSecrets().clear();
}

/** `line` with every known secret (in clear or JSON-escaped) replaced by `[Redacted]`. */
export function scrubKnownSecrets(line: string): string {
  let scrubbed = line;
  for (const [secret, escaped] of knownSecrets()) {
    if (scrubbed.includes(secret)) scrubbed = scrubbed.replaceAll(secret, REDACTED);
    if (escaped !== secret && scrubbed.includes(escaped)) scrubbed = scrubbed.replaceAll(escaped, REDACTED);
  }
  return scrubbed;
}
