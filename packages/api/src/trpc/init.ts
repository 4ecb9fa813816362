import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPCRequestInfo } from '@trpc/server/http';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { AppError, type AppErrorCode } from '../errors';
import { clientAddress } from '../http/client-address';
import type { Runtime } from '../runtime';
import { type Actor, requireRole, resolveSession, type Role } from '../services/auth';
import {
  clearedSessionCookie,
  isCrossSiteRequest,
  isSecureRequest,
  readCookie,
  SESSION_COOKIE,
} from './cookies';
import { PASSWORD_PROCEDURES } from './password-procedures';
import { logger } from '../logging/process-logger';

/** What every procedure sees. */
export interface TrpcContext {
  runtime: Runtime;
  request: Request;
  resHeaders: Headers;
  actor: Actor | undefined;
  sessionToken: string | undefined;
  clientAddress: string;
  secure: boolean;
}

/**
 * Builds the context for one request: resolves the session cookie to an actor. Refuses (400) a batch that
 * holds a password procedure, so each password check is its own request, counted on its own, and a
 * malformed session cookie, which is also cleared so the next request goes through.
 */
export async function createTrpcContext(
  runtime: Runtime,
  request: Request,
  resHeaders: Headers,
  info?: TRPCRequestInfo,
): Promise<TrpcContext> {
  if (info?.isBatchCall) {
    const batched = info.calls.find((call) => PASSWORD_PROCEDURES.includes(call.path));
    if (batched)
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `${batched.path} cannot be batched with other calls; send it as a request of its own.`,
      });
  }
  const secure = isSecureRequest(request);
  let sessionToken: string | undefined;
  try {
    sessionToken = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    resHeaders.append('set-cookie', clearedSessionCookie(secure));
    throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  }
  return {
    runtime,
    request,
    resHeaders,
    sessionToken,
    actor: await resolveSession(runtime, sessionToken),
    clientAddress: clientAddress(request, runtime.config.trustedProxies),
    secure,
  };
}

const TRPC_CODES: Record<AppErrorCode, TRPCError['code']> = {
  bad_request: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  too_large: 'PAYLOAD_TOO_LARGE',
  rate_limited: 'TOO_MANY_REQUESTS',
  unavailable: 'SERVICE_UNAVAILABLE',
};

/**
 * What the web app needs to say a field problem in the user's language: the zod issue's code and its
 * limits. The English `message` stays for API callers.
 */
function issueFacts(issue: ZodError['issues'][number]) {
  const facts: Record<string, unknown> = { path: issue.path.join('.'), code: issue.code };
  for (const key of ['minimum', 'maximum', 'origin', 'format', 'expected'] as const) {
    const value = (issue as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') facts[key] = value;
    // zod reports bigint limits for some schemas; the client only needs a number.
    else if (typeof value === 'bigint') facts[key] = Number(value);
  }
  return facts;
}

function describeZod(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  isDev: false,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : undefined;
    const app = error.cause instanceof AppError ? error.cause : undefined;
    return {
      ...shape,
      message: zod ? `Invalid input: ${describeZod(zod)}` : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fields: zod
          ? Object.fromEntries(zod.issues.map((issue) => [issue.path.join('.'), issue.message]))
          : undefined,
        details: app?.details,
        appCode: app?.code,
        issues: zod?.issues.map(issueFacts),
      },
    };
  },
});

/** Turns service errors into tRPC errors and hides unexpected ones behind a generic message. */
const errors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: TRPC_CODES[cause.code], message: cause.message, cause });
    }
    // Settings a service parses itself (a trigger's, per its kind) are input too: 400 naming the fields.
    if (cause instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', cause });
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      logger().error({ err: result.error.cause ?? result.error }, 'A tRPC call failed unexpectedly');
      throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server.' });
    }
  }
  return result;
});

/** Refuses state-changing calls from other sites (defence in depth on top of SameSite cookies). */
const sameOrigin = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && isCrossSiteRequest(ctx.request)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-site request refused.' });
  }
  return next();
});

/** Makes a tRPC router. */
export const router = t.router;
/** Procedures anyone may call (sign-up, sign-in, setup status). */
export const publicProcedure = t.procedure.use(errors).use(sameOrigin);
/** Procedures that need a signed-in member. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});
/** Procedures that need at least the given role. */
export const roleProcedure = (role: Role) =>
  protectedProcedure.use(({ ctx, next }) => {
    requireRole(ctx.actor, role);
    return next();
  });
/** Server-side caller factory (tests, server components). */
export const createCallerFactory = t.createCallerFactory;
