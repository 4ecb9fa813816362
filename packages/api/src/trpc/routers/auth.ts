import type { TRPCRouterRecord } from '@trpc/server';
import {
  accountInput,
  createOwner,
  createSession,
  deleteSession,
  isInitialised,
  localeInput,
  SESSION_TTL_MS,
  setUserLocale,
  signInInput,
  verifyCredentials,
} from '../../services/auth';
import { z } from 'zod';
import { clearedSessionCookie, sessionCookie } from '../cookies';
import { protectedProcedure, publicProcedure, type TrpcContext } from '../init';

async function startSession(ctx: TrpcContext, userId: string): Promise<void> {
  const token = await createSession(ctx.runtime, userId, ctx.request.headers.get('user-agent'));
  ctx.resHeaders.append('set-cookie', sessionCookie(token, SESSION_TTL_MS / 1000, ctx.secure));
}

/** Sign-up of the owner, sign-in, sign-out and who am I. */
export const authRouter = {
  status: publicProcedure.query(async ({ ctx }) => ({
    initialised: await isInitialised(ctx.runtime),
    user: ctx.actor ? { ...ctx.actor.user, role: ctx.actor.role } : null,
  })),
  signUpOwner: publicProcedure.input(accountInput).mutation(async ({ ctx, input }) => {
    const userId = await createOwner(ctx.runtime, input, ctx.clientAddress);
    await startSession(ctx, userId);
    return { ok: true };
  }),
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const userId = await verifyCredentials(ctx.runtime, input, ctx.clientAddress);
    await startSession(ctx, userId);
    return { ok: true };
  }),
  /** The app's language for the signed-in user; null follows the browser. Any role may set their own. */
  setLocale: protectedProcedure.input(z.object({ locale: localeInput })).mutation(async ({ ctx, input }) => {
    await setUserLocale(ctx.runtime, ctx.actor, input.locale);
    return { ok: true };
  }),
  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await deleteSession(ctx.runtime, ctx.sessionToken);
    ctx.resHeaders.append('set-cookie', clearedSessionCookie(ctx.secure));
    return { ok: true };
  }),
} satisfies TRPCRouterRecord;
