import type { LanguageModelFactory } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { chatRequestSchema } from '../services/chat';
import {
  getPublicConversation,
  getPublicWidgetConfig,
  loadPublicAgent,
  publicChatResponse,
  requireAllowedOrigin,
} from '../services/public-chat';
import { clientAddress } from './client-address';
import { preflightHeaders, publicCorsHeaders, withHeaders } from './cors';
import { readJsonBody, toErrorResponse } from './errors';

/** Largest public chat body (the agent's own message limit is checked after parsing, with its own 413). */
const MAX_PUBLIC_BODY = 256 * 1024;

/** `GET /api/public/agents/:publicId/config`: the widget's title, colours, welcome and starters. */
export async function handlePublicConfig(runtime: Runtime, request: Request, publicId: string) {
  const cors = publicCorsHeaders(request);
  cors.set('cache-control', 'no-store');
  try {
    const config = await getPublicWidgetConfig(runtime, publicId, request.headers.get('origin'));
    return Response.json(config, { headers: cors });
  } catch (error) {
    return toErrorResponse(error, cors);
  }
}

/** `GET /api/public/agents/:publicId/conversations/:conversationId`: a widget conversation's messages. */
export async function handlePublicConversation(
  runtime: Runtime,
  request: Request,
  publicId: string,
  conversationId: string,
) {
  const cors = publicCorsHeaders(request);
  cors.set('cache-control', 'no-store');
  try {
    const origin = request.headers.get('origin');
    return Response.json(await getPublicConversation(runtime, publicId, origin, conversationId), {
      headers: cors,
    });
  } catch (error) {
    return toErrorResponse(error, cors);
  }
}

/** `POST /api/public/agents/:publicId/chat`: one visitor turn, streamed as the UI message stream. */
export async function handlePublicChat(
  runtime: Runtime,
  request: Request,
  publicId: string,
  options: { languageModels?: LanguageModelFactory } = {},
) {
  const cors = publicCorsHeaders(request);
  try {
    const origin = request.headers.get('origin');
    // Refuse before reading the body: nothing from a foreign page is parsed or stored.
    requireAllowedOrigin(await loadPublicAgent(runtime, publicId), origin);
    const body = chatRequestSchema.parse(await readJsonBody(request, MAX_PUBLIC_BODY));
    const response = await publicChatResponse(runtime, {
      publicId,
      origin,
      clientAddress: clientAddress(request, runtime.config.trustedProxies),
      body,
      signal: request.signal,
      languageModels: options.languageModels,
    });
    return withHeaders(response, cors);
  } catch (error) {
    return toErrorResponse(error, cors);
  }
}

/**
 * `OPTIONS` on the public routes: the CORS preflight succeeds only for origins the agent allows, so a
 * browser on any other site never sends the request at all.
 */
export async function handlePublicPreflight(runtime: Runtime, request: Request, publicId: string) {
  try {
    const agent = await loadPublicAgent(runtime, publicId);
    requireAllowedOrigin(agent, request.headers.get('origin'));
    return new Response(null, { status: 204, headers: preflightHeaders(request, 'GET, POST, OPTIONS') });
  } catch (error) {
    // No CORS headers: the browser refuses the request; a script reading the answer sees why.
    return toErrorResponse(error, { vary: 'Origin' });
  }
}
