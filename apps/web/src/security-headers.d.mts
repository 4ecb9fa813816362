/** Options of the security headers: development relaxes what the dev server needs. */
export interface SecurityHeaderOptions {
  development?: boolean;
}
/** The Content-Security-Policy of the app's pages. */
export function contentSecurityPolicy(options?: SecurityHeaderOptions): string;
/** Headers of every answer, as Next's `headers()` takes them. */
export function securityHeaders(options?: SecurityHeaderOptions): { key: string; value: string }[];
