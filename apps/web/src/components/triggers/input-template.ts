/** What a webhook request offers its input template: the body, the query string and the headers. */
export interface WebhookSample {
  /** The raw body as sent. */
  body: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

// Same pattern as the server's renderer (packages/api/src/services/webhook-request.ts): other `{{…}}` stay as text.
const PLACEHOLDER = /\{\{\s*(body|query|headers)((?:\.[^.\s{}]+)*)\s*\}\}/g;

/** A value as the run's message shows it: strings as they are, everything else as JSON. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The body as data: JSON when it parses, form fields when it looks like a form, else undefined. */
function parsedBody(raw: string): unknown {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return undefined;
    }
  }
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(trimmed))
    return Object.fromEntries(new URLSearchParams(trimmed));
  return undefined;
}

/** Follows `a.b.0.c` through objects and arrays; undefined when a step is missing. */
function pick(value: unknown, path: string[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/**
 * The builder's preview of a webhook's input mapping against a pasted sample: `{{body}}`, `{{body.a.b}}`,
 * `{{query.x}}`, `{{headers.x}}` (header names in any case), as the server renders them: missing values
 * become empty text, and `missing` lists them so the form can say which placeholders found nothing.
 */
export function renderInputTemplate(
  template: string,
  sample: WebhookSample,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const body = parsedBody(sample.body);
  const headers = Object.fromEntries(
    Object.entries(sample.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const text = template.replace(PLACEHOLDER, (whole, root: string, rest: string) => {
    const path = rest ? rest.slice(1).split('.') : [];
    let value: unknown;
    if (root === 'body')
      // A JSON or form body comes whole as compact JSON (the server parses it first); text as sent.
      value = path.length === 0 ? (body === undefined ? sample.body : body) : pick(body, path);
    else {
      const source = root === 'query' ? (sample.query ?? {}) : headers;
      const name = root === 'headers' ? path.join('.').toLowerCase() : path.join('.');
      value = path.length === 0 ? source : Object.hasOwn(source, name) ? source[name] : undefined;
    }
    if (value === undefined) missing.push(whole);
    return asText(value);
  });
  return { text, missing };
}
