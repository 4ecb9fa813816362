import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from '../services/agents';
import type { ChatFileLimits } from '../services/chat-file-types';
import { type ChatFileSource, chatFileForMember, maxFileBytes, storeChatFile } from '../services/chat-files';
import { parseEmbedSettings } from '../services/embed-settings';
import { loadPublicAgent, requireAllowedOrigin } from '../services/public-chat';
import { publicChatLimiters } from '../services/public-chat/limiters';
import { authenticateRequest, requireAgent, requireScope } from './authenticate';
import { addressLimitKey, clientAddress } from './client-address';
import { publicCorsHeaders, withHeaders } from './cors';
import { toErrorResponse } from './errors';
import { readBodyBytes } from './read-body';

/** Multipart framing (boundary, part headers) allowed on top of the file itself. */
const FRAMING_ALLOWANCE = 16 * 1024;

/** Media types an image may be shown inline as: raster formats a browser never runs. */
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

/**
 * Reads one file from an upload request: `multipart/form-data` with a `file` part, or the raw bytes with
 * the name in `?name=` (or `X-File-Name`) and the claimed type in `Content-Type`. The body is capped
 * while it streams in (a declared or actual body past the agent's limit is a 413 before it is held whole).
 */
async function readUpload(request: Request, limits: ChatFileLimits) {
  const cap = maxFileBytes(limits);
  const contentType = request.headers.get('content-type') ?? '';
  const tooLarge = () =>
    new AppError('too_large', `The file is larger than the ${limits.maxFileMb} MB this agent accepts.`);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readBodyBytes(request, cap + FRAMING_ALLOWANCE);
  } catch (error) {
    if (error instanceof AppError && error.code === 'too_large') throw tooLarge();
    throw error;
  }
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new AppError('bad_request', 'The multipart body could not be read. Send one "file" part.');
    }
    const file = form.get('file');
    if (!(file instanceof File))
      throw new AppError('bad_request', 'Send the file as a multipart part named "file".');
    const data = new Uint8Array(await file.arrayBuffer());
    if (data.byteLength > cap) throw tooLarge();
    return { name: file.name || 'file', claimedType: file.type, bytes: data };
  }
  if (bytes.byteLength > cap) throw tooLarge();
  const url = new URL(request.url);
  const name = url.searchParams.get('name') ?? request.headers.get('x-file-name') ?? 'file';
  return { name: decodeURIComponent(name), claimedType: contentType.split(';')[0]!.trim(), bytes };
}

/**
 * `POST /api/v1/agents/:id/files`: uploads a file for a chat with the agent (the preview, or an API
 * client with a key that has `run` and the agent). Answers `201 { id, name, mediaType, size }`; a message
 * then refers to it as the file part `{ type: 'file', url: 'agentry-file:<id>' }`.
 */
export async function handleUploadAgentFile(
  runtime: Runtime,
  request: Request,
  agentIdOrSlug: string,
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    const agent = await getAgent(runtime, caller.workspaceId, agentIdOrSlug);
    requireAgent(caller, agent);
    const limits = parseEmbedSettings(agent.embedSettings).files;
    const upload = await readUpload(request, limits);
    const source: ChatFileSource = caller.via === 'session' ? 'preview' : 'api';
    const stored = await storeChatFile(runtime, {
      workspaceId: caller.workspaceId,
      agentId: agent.id,
      ...upload,
      source,
      createdBy: caller.userId ?? null,
      limits,
    });
    return Response.json(stored, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/**
 * `POST /api/public/agents/:publicId/files`: a widget visitor's upload, from an allowed origin only (the
 * origin is checked before the body is read), when the agent's Embed settings turn files on, counted
 * against the visitor's per-minute message limit.
 */
export async function handlePublicUploadFile(
  runtime: Runtime,
  request: Request,
  publicId: string,
): Promise<Response> {
  const cors = publicCorsHeaders(request);
  try {
    const agent = await loadPublicAgent(runtime, publicId);
    requireAllowedOrigin(agent, request.headers.get('origin'));
    const limits = agent.settings.files;
    if (!limits.enabled) throw new AppError('forbidden', 'This chat does not accept files.');
    const limiters = await publicChatLimiters(runtime);
    const address = addressLimitKey(clientAddress(request, runtime.config.trustedProxies));
    const counted = await limiters.perAddress.hit(
      `files:${agent.agentId}:${address}`,
      agent.settings.limits.messagesPerMinutePerIp,
    );
    if (!counted.ok) {
      throw new AppError(
        'rate_limited',
        `You are sending files too quickly. Try again in ${counted.retryAfterSeconds} s.`,
        { retryAfterSeconds: counted.retryAfterSeconds },
      );
    }
    const upload = await readUpload(request, limits);
    const stored = await storeChatFile(runtime, {
      workspaceId: agent.workspaceId,
      agentId: agent.agentId,
      ...upload,
      source: 'widget',
      limits,
    });
    return withHeaders(Response.json(stored, { status: 201 }), cors);
  } catch (error) {
    return toErrorResponse(error, cors);
  }
}

/**
 * `GET /api/v1/agents/:id/files/:fileId`: a chat file, for members of the agent's workspace (and keys
 * with `run` and the agent). Always `nosniff` and a sandboxing CSP; a download (`attachment`) unless
 * `?inline=1` asks to show a PNG, JPEG, WebP or GIF image. Nothing is ever served as HTML or SVG.
 */
export async function handleGetAgentFile(
  runtime: Runtime,
  request: Request,
  agentIdOrSlug: string,
  fileId: string,
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    const agent = await getAgent(runtime, caller.workspaceId, agentIdOrSlug);
    requireAgent(caller, agent);
    const file = await chatFileForMember(runtime, {
      workspaceId: caller.workspaceId,
      agentId: agent.id,
      fileId,
    });
    const inline =
      new URL(request.url).searchParams.get('inline') === '1' && INLINE_IMAGE_TYPES.has(file.mediaType);
    const type =
      INLINE_IMAGE_TYPES.has(file.mediaType) || file.mediaType === 'application/pdf'
        ? file.mediaType
        : 'application/octet-stream';
    return new Response(file.data, {
      headers: {
        'content-type': type,
        'content-length': String(file.data.byteLength),
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, max-age=3600',
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
