import type { LanguageModelFactory } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { loadPublicAgent, requireAllowedOrigin } from '../services/public-chat';
import { publicResume, publicRunStream } from '../services/public-runs';
import { resumeBodySchema } from '../services/run-resume';
import { readAfter } from '../services/run-stream';
import { publicCorsHeaders, withHeaders } from './cors';
import { readJsonBody, toErrorResponse } from './errors';

/**
 * `GET /api/public/agents/:publicId/conversations/:conversationId/stream`: the widget reattaches to its
 * conversation's running or waiting run (from `Last-Event-ID` / `?after=`); 204 when none is.
 */
export async function handlePublicRunStream(
  runtime: Runtime,
  request: Request,
  publicId: string,
  conversationId: string,
): Promise<Response> {
  const cors = publicCorsHeaders(request);
  try {
    const response = await publicRunStream(runtime, {
      publicId,
      origin: request.headers.get('origin'),
      conversationId,
      after: readAfter(request),
      signal: request.signal,
    });
    return withHeaders(response, cors);
  } catch (error) {
    return toErrorResponse(error, cors);
  }
}

/**
 * `POST /api/public/agents/:publicId/conversations/:conversationId/resume`: the visitor answers the
 * question the conversation's run asks them (`{ requestId, choice, form? }`); 202.
 */
export async function handlePublicResume(
  runtime: Runtime,
  request: Request,
  publicId: string,
  conversationId: string,
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<Response> {
  const cors = publicCorsHeaders(request);
  try {
    const origin = request.headers.get('origin');
    // Refuse before reading the body: nothing from a foreign page is parsed.
    requireAllowedOrigin(await loadPublicAgent(runtime, publicId), origin);
    const body = resumeBodySchema.parse(await readJsonBody(request, 64 * 1024));
    const result = await publicResume(runtime, { publicId, origin, conversationId, body }, options);
    return Response.json(result, { status: 202, headers: cors });
  } catch (error) {
    return toErrorResponse(error, cors);
  }
}
