import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { resolveSession } from '../services/auth';
import { finishMcpOAuth } from '../services/mcp-oauth';
import { readCookie, SESSION_COOKIE } from '../trpc/cookies';

/** `type` of the message the callback page posts to the window that opened it (and on its channel). */
export const MCP_OAUTH_MESSAGE_TYPE = 'agentry:mcp-oauth';

/** How a sign-in ended: the credential is ready, or why it failed. */
export type McpOAuthResult =
  | { ok: true; credentialId: string; serverUrl: string }
  | { ok: false; error: string };

/** What the callback page tells the builder. */
export type McpOAuthMessage = McpOAuthResult & { type: typeof MCP_OAUTH_MESSAGE_TYPE };

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );
}

/**
 * The page the popup ends on. The page CSP allows inline scripts (security-headers.mjs); the message
 * is data in a JSON block, not script text. It goes to the opener with our own origin as the target,
 * and on a same-origin BroadcastChannel for when the sign-in server's pages cut the opener off.
 */
function page(status: number, message: McpOAuthResult): Response {
  const data = JSON.stringify({ type: MCP_OAUTH_MESSAGE_TYPE, ...message }).replace(/</g, '\\u003c');
  const text = message.ok
    ? 'Signed in. You can close this window and go back to Agentry.'
    : `Sign-in failed. ${message.error}`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${message.ok ? 'Signed in' : 'Sign-in failed'} · Agentry</title>
</head>
<body style="font-family: system-ui, sans-serif; margin: 2rem; line-height: 1.5">
<p id="result">${escapeHtml(text)}</p>
<script type="application/json" id="mcp-oauth-result">${data}</script>
<script>
(function () {
  var message = JSON.parse(document.getElementById('mcp-oauth-result').textContent);
  var told = false;
  try {
    if (window.opener && !window.opener.closed) {
      window.opener.postMessage(message, window.location.origin);
      told = true;
    }
  } catch (error) {}
  try {
    var channel = new BroadcastChannel(message.type);
    channel.postMessage(message);
    channel.close();
    told = true;
  } catch (error) {}
  if (message.ok && told) setTimeout(function () { window.close(); }, 300);
})();
</script>
</body>
</html>
`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The URL holds the authorization code: no referrer, whatever the page links to.
      'referrer-policy': 'no-referrer',
    },
  });
}

/**
 * GET /api/mcp/oauth/callback?code&state (or ?error&error_description from the sign-in server): finishes
 * an MCP sign-in for the signed-in member (session cookie) and answers the small page above.
 */
export async function handleMcpOAuthCallback(runtime: Runtime, request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const refused = params.get('error');
  if (refused) {
    const description = params.get('error_description');
    const reason = `The sign-in server answered "${refused.slice(0, 100)}"${description ? `: ${description.slice(0, 300)}` : ''}.`;
    return page(400, { ok: false, error: reason });
  }
  try {
    const actor = await resolveSession(runtime, readCookie(request.headers.get('cookie'), SESSION_COOKIE));
    if (!actor) {
      throw new AppError(
        'unauthorized',
        'You are not signed in to Agentry in this browser. Sign in, then press Sign in on the MCP Tools node again.',
      );
    }
    const state = params.get('state');
    const code = params.get('code');
    if (!state || !code) {
      throw new AppError(
        'bad_request',
        'The sign-in server sent no code or state back. Press Sign in again.',
      );
    }
    const { credentialId, serverUrl } = await finishMcpOAuth(runtime, actor, { state, code });
    return page(200, { ok: true, credentialId, serverUrl });
  } catch (error) {
    if (error instanceof AppError) return page(error.status, { ok: false, error: error.message });
    runtime.logger.error({ err: error }, 'An MCP sign-in callback failed unexpectedly; answered 500');
    return page(500, { ok: false, error: 'Something went wrong on the server.' });
  }
}
