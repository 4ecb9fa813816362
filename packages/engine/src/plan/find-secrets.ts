/** Key names whose string value is a secret, whatever it looks like. */
const SECRET_KEY =
  /^(api[-_]?key|apikey|x[-_]api[-_]key|secret|client[-_]?secret|password|passwd|access[-_]?token|auth[-_]?token|bearer|authorization|proxy[-_]authorization|cookie|set[-_]cookie)$/i;

/**
 * Values shaped like keys that providers issue. Each needs a long random tail and must not follow a
 * word character, so ordinary text ("ask-me-anything", "risk-free") never matches.
 */
const SECRET_SHAPES: readonly RegExp[] = [
  /(?<![\w-])sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/, // OpenAI, Anthropic
  /(?<![\w-])ghp_[A-Za-z0-9]{30,}/, // GitHub personal access token (classic)
  /(?<![\w-])github_pat_[A-Za-z0-9_]{30,}/, // GitHub fine-grained token
  /(?<![\w-])xox[abposr]-[A-Za-z0-9-]{10,}/, // Slack
  /(?<![\w-])AKIA[0-9A-Z]{16}(?![0-9A-Z])/, // AWS access key id
  /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, // JWT
];

/** Query parameter names that carry a secret (`?api_key=…`, `&X-Amz-Signature=…`). */
const SECRET_PARAMETER =
  /(^|[-_.])(key|apikey|api[-_]?key|token|access[-_]?token|secret|signature|sig|password|passwd|pwd)$/i;

const URL_IN_TEXT = /https?:\/\/[^\s"'<>`]+/gi;

/** Whether a value is a template placeholder, filled in at run time (never a literal secret). */
function isTemplated(value: string): boolean {
  return value.includes('{{') || value.includes('{%');
}

/** Whether a URL carries a password in its user part or a secret-named query parameter. */
function urlHasSecret(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if ((url.username !== '' || url.password !== '') && !isTemplated(decodeURIComponent(url.password))) {
    return true;
  }
  for (const [name, value] of url.searchParams) {
    if (SECRET_PARAMETER.test(name) && value.trim() !== '' && !isTemplated(value)) return true;
  }
  return false;
}

/** Whether a string holds a secret: a key-shaped token or a URL with credentials in it. */
export function looksLikeSecret(value: string): boolean {
  if (SECRET_SHAPES.some((shape) => shape.test(value))) return true;
  for (const match of value.matchAll(URL_IN_TEXT)) {
    if (urlHasSecret(match[0])) return true;
  }
  return false;
}

/**
 * Paths in a node config that hold a secret: a non-empty string under a key that names one (`apiKey`,
 * `x-api-key`, `cookie`, …), or any string shaped like a known key or carrying one in a URL.
 */
export function findSecrets(
  value: unknown,
  path: (string | number)[] = [],
  depth = 0,
): (string | number)[][] {
  if (depth > 8 || typeof value !== 'object' || value === null) return [];
  const found: (string | number)[][] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, Array.isArray(value) ? Number(key) : key];
    if (typeof child === 'string') {
      if ((SECRET_KEY.test(key) && child.length > 0) || looksLikeSecret(child)) found.push(childPath);
    } else {
      found.push(...findSecrets(child, childPath, depth + 1));
    }
  }
  return found;
}
