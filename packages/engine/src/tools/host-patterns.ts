/** Removes the brackets of an IPv6 literal host ("[::1]" → "::1"). */
export function stripBrackets(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}

/** Whether `host` is in the allow list (exact match, or a "*.example.com" pattern for its subdomains). */
export function isAllowedHost(host: string, allowHosts: readonly string[] | undefined): boolean {
  if (allowHosts === undefined) return false;
  const name = stripBrackets(host).toLowerCase();
  return allowHosts.some((entry) => {
    const pattern = stripBrackets(entry.trim()).toLowerCase();
    return pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) : name === pattern;
  });
}
