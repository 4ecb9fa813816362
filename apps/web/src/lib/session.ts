import 'server-only';
import { type Actor, isInitialised, resolveSession } from '@agentry/api';
import { SESSION_COOKIE } from '@agentry/api/trpc';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { openServerRuntime } from './runtime';

/**
 * The signed-in actor for this request, or undefined. Looked up once per request: the layout, the page
 * and the language choice (i18n/request.ts) all ask.
 */
export const currentActor = cache(async (): Promise<Actor | undefined> => {
  const runtime = await openServerRuntime();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSession(runtime, token);
});

/** The signed-in actor; otherwise redirects to set-up (new install) or sign-in. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (actor) return actor;
  const runtime = await openServerRuntime();
  redirect((await isInitialised(runtime)) ? '/sign-in' : '/setup');
}
