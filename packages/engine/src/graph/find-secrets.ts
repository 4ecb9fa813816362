const SECRET_KEY =
  /^(api[-_]?key|apikey|secret|client[-_]?secret|password|passwd|access[-_]?token|auth[-_]?token|bearer|authorization)$/i;

/** Paths in a node config whose key names a secret and holds a non-empty string. */
export function findSecrets(
  value: unknown,
  path: (string | number)[] = [],
  depth = 0,
): (string | number)[][] {
  if (depth > 8 || typeof value !== 'object' || value === null) return [];
  const found: (string | number)[][] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, Array.isArray(value) ? Number(key) : key];
    if (SECRET_KEY.test(key) && typeof child === 'string' && child.length > 0) found.push(childPath);
    else found.push(...findSecrets(child, childPath, depth + 1));
  }
  return found;
}
