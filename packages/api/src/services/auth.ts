import { and, asc, count, eq, gt, sql } from '@agentry/db/drizzle';
import { sessions, users, workspaceMembers, workspaces } from '@agentry/db';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { hashPassword, verifyPassword } from '../security/password';
import { digest, newToken } from '../security/tokens';
import { guardSignIn, reserveSignUp } from './sign-in-guard';

/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** A role in a workspace. */
export type Role = 'owner' | 'editor' | 'viewer';

/** The signed-in person and the workspace they act in. */
export interface Actor {
  user: {
    id: string;
    email: string;
    name: string;
    /** The language the user chose for the app (a BCP 47 tag); null or absent: the browser's. */
    locale?: string | null;
  };
  workspaceId: string;
  role: Role;
  /** The API key acting for `user`, when a key made the request: recorded as the actor of what it does. */
  apiKeyId?: string;
}

/** Input for creating an account. */
export const accountInput = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100),
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
  password: z.string().min(10, 'Use at least 10 characters').max(200),
});

/** Input for signing in. */
export const signInInput = z.object({
  email: z.email('Enter a valid email address').trim().toLowerCase(),
  password: z.string().min(1, 'Enter your password').max(200),
});

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

/** Throws `forbidden` unless the actor holds at least `role`. */
export function requireRole(actor: Actor, role: Role): void {
  if (RANK[actor.role] < RANK[role]) {
    throw new AppError(
      'forbidden',
      `This needs the ${role} role; you are a ${actor.role} in this workspace.`,
    );
  }
}

function alreadySetUp(): AppError {
  return new AppError('conflict', 'Agentry is already set up. Sign in instead.');
}

/** True once the owner account exists. */
export async function isInitialised(runtime: Runtime): Promise<boolean> {
  const [row] = await runtime.db.select({ value: count() }).from(users);
  return (row?.value ?? 0) > 0;
}

/**
 * Creates the owner and their workspace; refused once any account exists. With `clientAddress` (a sign-up
 * from the web), attempts are also limited per address. Both checks come before the password hash.
 */
export async function createOwner(
  runtime: Runtime,
  input: z.infer<typeof accountInput>,
  clientAddress?: string,
): Promise<string> {
  if (await isInitialised(runtime)) throw alreadySetUp();
  if (clientAddress !== undefined) await reserveSignUp(runtime, clientAddress);
  const passwordHash = await hashPassword(input.password);
  return runtime.db.transaction(async (tx) => {
    // Serialise concurrent first sign-ups so exactly one becomes owner.
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
    const [existing] = await tx.select({ value: count() }).from(users);
    if ((existing?.value ?? 0) > 0) throw alreadySetUp();
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash })
      .returning();
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: `${input.name}'s workspace` })
      .returning();
    await tx.insert(workspaceMembers).values({ workspaceId: workspace!.id, userId: user!.id, role: 'owner' });
    return user!.id;
  });
}

/** Creates the owner from AGENTRY_ADMIN_EMAIL/PASSWORD on a new install; does nothing otherwise. */
export async function ensureAdminFromConfig(runtime: Runtime): Promise<void> {
  const admin = runtime.config.admin;
  if (!admin || (await isInitialised(runtime))) return;
  const parsed = accountInput.parse({
    name: admin.email.split('@')[0],
    email: admin.email,
    password: admin.password,
  });
  await createOwner(runtime, parsed).catch((error: unknown) => {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
  });
}

/** Starts a session for a user and returns the cookie token (only its digest is stored). */
export async function createSession(
  runtime: Runtime,
  userId: string,
  userAgent?: string | null,
): Promise<string> {
  const token = newToken();
  await runtime.db.insert(sessions).values({
    tokenHash: digest(token),
    userId,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

// Compared against when the email is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password').catch((error: unknown) => {
    // A refusal (server busy) must not stay cached as the answer for every later unknown email.
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}

/**
 * Checks email and password as one counted attempt (see `guardSignIn`: counted before the hash, one at a
 * time per email and address, slowed past the free attempts); returns the user id.
 */
export function verifyCredentials(
  runtime: Runtime,
  input: z.infer<typeof signInInput>,
  clientAddress: string,
): Promise<string> {
  return guardSignIn(runtime, input.email, clientAddress, async () => {
    const [user] = await runtime.db.select().from(users).where(eq(users.email, input.email));
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
    return user && ok ? user.id : undefined;
  });
}

/** Resolves a session cookie to an actor; undefined when the session is unknown, expired or its user is gone. */
export async function resolveSession(
  runtime: Runtime,
  token: string | undefined,
): Promise<Actor | undefined> {
  if (!token || token.length > 200) return undefined;
  const [row] = await runtime.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      workspaceId: workspaceMembers.workspaceId,
      role: workspaceMembers.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(workspaceMembers, eq(workspaceMembers.userId, users.id))
    .where(and(eq(sessions.tokenHash, digest(token)), gt(sessions.expiresAt, new Date())))
    .orderBy(asc(workspaceMembers.createdAt))
    .limit(1);
  if (!row) return undefined;
  return {
    user: { id: row.id, email: row.email, name: row.name, locale: row.locale },
    workspaceId: row.workspaceId,
    role: row.role,
  };
}

/**
 * A language tag as the app stores it: `en`, `zh-CN`, `pt-BR`, `zh-Hant`. The API does not know which
 * catalogs the web app ships; it keeps the tag well-formed and short, and the app falls back to the
 * browser's language for a tag it has no catalog for.
 */
export const localeInput = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?$/, 'Use a language tag such as en or zh-CN')
  .nullable();

/** Sets (or with null, clears) the language the app speaks to the signed-in user. */
export async function setUserLocale(runtime: Runtime, actor: Actor, locale: string | null): Promise<void> {
  await runtime.db.update(users).set({ locale }).where(eq(users.id, actor.user.id));
}

/** Ends a session. */
export async function deleteSession(runtime: Runtime, token: string): Promise<void> {
  await runtime.db.delete(sessions).where(eq(sessions.tokenHash, digest(token)));
}
