import { ZodError } from 'zod';
import { AppError, type AppErrorCode } from '../errors';
import { readBodyText } from './read-body';
import { logger } from '../logging/process-logger';

/** The JSON error body of every HTTP API answer: `{ error: { code, message } }`; never a stack trace. */
export function errorResponse(
  code: AppErrorCode | 'internal',
  message: string,
  status: number,
  headers?: ConstructorParameters<typeof Headers>[0],
): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** Turns anything thrown by a handler into the API's error response. */
export function toErrorResponse(
  error: unknown,
  headers?: ConstructorParameters<typeof Headers>[0],
): Response {
  if (error instanceof AppError) {
    const extra = new Headers(headers);
    const retry = error.details?.retryAfterSeconds;
    if (typeof retry === 'number') extra.set('retry-after', String(retry));
    return errorResponse(error.code, error.message, error.status, extra);
  }
  if (error instanceof ZodError) {
    const message = error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    return errorResponse('bad_request', `Invalid request: ${message}`, 400, headers);
  }
  logger().error({ err: error }, 'An API request failed unexpectedly; answered 500');
  return errorResponse('internal', 'Something went wrong on the server.', 500, headers);
}

/**
 * Reads a JSON body with a size limit enforced while reading (413 naming the limit, before the body is
 * held whole), 400 for malformed JSON.
 */
export async function readJsonBody(request: Request, maxBytes = 1024 * 1024): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}
