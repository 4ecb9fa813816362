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

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Why a host pattern ("api.example.com", "*.example.com", "127.0.0.1", "[::1]") is not usable, or
 * undefined when it is. No scheme, port or path; a wildcard must cover a domain, not a whole TLD.
 */
export function hostPatternProblem(pattern: string): string | undefined {
  const text = pattern.trim().toLowerCase();
  if (text === '') return 'Enter a host name such as api.example.com.';
  if (text.startsWith('[') && text.endsWith(']')) {
    return /^[0-9a-f:.]+$/.test(stripBrackets(text)) ? undefined : `"${pattern}" is not an IPv6 address.`;
  }
  if (/[/:?#@\s]/.test(text)) {
    return `"${pattern}" is not a host name: leave out the scheme, port and path (e.g. api.example.com).`;
  }
  const wildcard = text.startsWith('*.');
  const name = wildcard ? text.slice(2) : text;
  const labels = name.split('.');
  if (labels.some((label) => !LABEL.test(label)) || name.length > 253) {
    return `"${pattern}" is not a host name: use letters, digits, hyphens and dots, or "*.example.com".`;
  }
  if (wildcard && labels.length < 2) return `"${pattern}" is too broad: name a domain, e.g. *.example.com.`;
  return undefined;
}
