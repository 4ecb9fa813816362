// Read by next.config.mjs (plain Node, no TypeScript), and by its test.

/**
 * The Content-Security-Policy of the app's pages. Next's pages carry inline bootstrap scripts, so
 * scripts need 'unsafe-inline' (nonces would make every page dynamic); what the policy buys is no
 * framing by other sites (clickjacking), no plugins, no <base> hijack, forms and requests to this origin
 * only. Images may come from any http(s) URL: avatars in the Embed preview are the owner's URLs.
 * The widget is unaffected: it runs on other sites' pages under their policies, and its script and
 * public routes are fetched from there, where a page policy does not apply.
 */
export function contentSecurityPolicy({ development = false } = {}) {
  const directives = {
    'default-src': ["'self'"],
    // Development builds evaluate modules for fast refresh.
    'script-src': ["'self'", "'unsafe-inline'", ...(development ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
    'font-src': ["'self'", 'data:'],
    // Development: the fast-refresh WebSocket.
    'connect-src': ["'self'", ...(development ? ['ws:', 'wss:'] : [])],
    'worker-src': ["'self'", 'blob:'],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Headers of every answer: the page policy, no MIME sniffing, no framing, a short referrer. */
export function securityHeaders({ development = false } = {}) {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy({ development }) },
    // Browsers without frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    // The microphone stays allowed here: voice input in the Embed preview.
    { key: 'Permissions-Policy', value: 'camera=(), geolocation=(), payment=(), usb=()' },
  ];
}
