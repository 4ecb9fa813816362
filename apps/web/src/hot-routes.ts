import { handleAgentChat, handleChatCompletions, handlePublicChat, serveHotRoutes } from '@agentry/api/http';
import { openServerRuntime } from './lib/runtime';
import { securityHeaders } from './security-headers.mjs';

/**
 * The streamed chat routes, served before Next's router (`serveHotRoutes`): the same handlers as their
 * route files under src/app/api, which still answer everything else on those paths (the widget's CORS
 * preflight) and serve them when this hook is not installed. Keep the two in step. Not under `next dev`:
 * the instrumentation hook is not reloaded on edits, so its copy of the handlers would go stale while
 * the route files' copy is reloaded.
 */
export function installHotRoutes(): void {
  if (process.env.NODE_ENV === 'development') return;
  serveHotRoutes(
    [
      {
        path: /^\/api\/v1\/chat\/completions$/,
        route: '/api/v1/chat/completions',
        handle: async (request) => handleChatCompletions(await openServerRuntime(), request),
      },
      {
        path: /^\/api\/v1\/agents\/([^/]+)\/chat$/,
        route: '/api/v1/agents/[id]/chat',
        handle: async (request, [agentId]) => handleAgentChat(await openServerRuntime(), request, agentId!),
      },
      {
        path: /^\/api\/public\/agents\/([^/]+)\/chat$/,
        route: '/api/public/agents/[publicId]/chat',
        handle: async (request, [publicId]) =>
          handlePublicChat(await openServerRuntime(), request, publicId!),
      },
    ],
    Object.fromEntries(securityHeaders().map(({ key, value }) => [key, value])),
  );
}
