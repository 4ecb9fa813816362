import { and, desc, eq } from '@agentry/db/drizzle';
import { credentials } from '@agentry/db';
import { hostPatternProblem } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { isLegacySecret, SecretDecryptionError, type SecretOwner } from '../security/secret-box';
import { type CredentialHit, invalidate, lookups } from './lookup-cache';
import { type Actor, requireRole } from './auth';
import type { CredentialPrices, PricingCredential } from './model-prices';

/**
 * Providers a credential can be for. `token` is a plain API token for the HTTP Request and MCP Tools
 * nodes: no model provider, sent only to the hosts it lists.
 */
export const credentialProviders = [
  'openai',
  'anthropic',
  'google',
  'openai-compatible',
  'ollama',
  'token',
] as const;

/** One host a credential's key may be sent to: exact, or "*.example.com"; stored lower-case. */
const allowedHostSchema = z
  .string()
  .trim()
  .max(253)
  .superRefine((value, context) => {
    const problem = hostPatternProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value.toLowerCase());

/** The hosts an HTTP Request tool may send a credential's key to (empty: never sent by that tool). */
export const allowedHostsSchema = z
  .array(allowedHostSchema)
  .max(50, 'List at most 50 hosts.')
  .transform((hosts) => [...new Set(hosts)]);

/** Checks a host list from any caller (the tRPC input already did; the CLI and tests may not). */
function parseAllowedHosts(value: readonly string[] | undefined): string[] {
  const parsed = allowedHostsSchema.safeParse(value ?? []);
  if (!parsed.success) {
    throw new AppError('bad_request', parsed.error.issues[0]?.message ?? 'Invalid host list.', {
      field: 'allowedHosts',
    });
  }
  return parsed.data;
}

/** Input for saving a credential. The secret is write-only: it never comes back. */
export const createCredentialInput = z.object({
  name: z.string().trim().min(1, 'Name the credential').max(100),
  provider: z.enum(credentialProviders),
  apiKey: z.string().trim().max(4000).optional(),
  baseUrl: z.url('Enter a full URL such as http://127.0.0.1:11434').max(2000).optional(),
  allowedHosts: allowedHostsSchema.default([]),
});

/** What the browser may see of a credential: never the secret, only its last characters. */
export interface CredentialSummary {
  id: string;
  name: string;
  provider: string;
  baseUrl: string | null;
  /** Hosts the HTTP Request tool may send the key to; empty: that tool refuses the credential. */
  allowedHosts: string[];
  /** Prices the workspace set for the models this credential serves (USD per million tokens). */
  prices: CredentialPrices;
  maskedKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const summaryColumns = {
  id: credentials.id,
  name: credentials.name,
  provider: credentials.provider,
  baseUrl: credentials.baseUrl,
  allowedHosts: credentials.allowedHosts,
  prices: credentials.prices,
  secretTail: credentials.secretTail,
  createdAt: credentials.createdAt,
  updatedAt: credentials.updatedAt,
};

/** `details.reason` of the error for a stored secret that does not decrypt (moved, altered or another key). */
export const SECRET_UNREADABLE = 'secret_unreadable';

/** The row a credential's secret is sealed to. */
function credentialOwner(id: string, workspaceId: string): SecretOwner {
  return { kind: 'credential', id, workspaceId };
}

/**
 * Decrypts a credential's secret. A secret sealed before secrets were bound to their row is sealed
 * again, bound, and written back (only if the row still holds that ciphertext), so legacy secrets
 * disappear as they are used.
 */
async function openCredentialSecret(
  runtime: Runtime,
  workspaceId: string,
  row: { id: string; encryptedSecret: string | null },
): Promise<string> {
  const sealed = row.encryptedSecret!;
  const owner = credentialOwner(row.id, workspaceId);
  let secret: string;
  try {
    secret = runtime.secrets.decrypt(sealed, owner);
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    throw new AppError('conflict', `${error.message} Delete this credential and save its key again.`, {
      reason: SECRET_UNREADABLE,
    });
  }
  if (isLegacySecret(sealed)) {
    const bound = runtime.secrets.encrypt(secret, owner);
    await runtime.db
      .update(credentials)
      .set({ encryptedSecret: bound })
      .where(and(eq(credentials.id, row.id), eq(credentials.encryptedSecret, sealed)));
    row.encryptedSecret = bound;
  }
  return secret;
}

function toSummary(
  row: { secretTail: string | null } & Omit<CredentialSummary, 'maskedKey'>,
): CredentialSummary {
  const { secretTail, ...rest } = row;
  return { ...rest, maskedKey: secretTail ? `••••${secretTail}` : null };
}

/** Saves a credential, encrypting its secret at rest. */
export async function createCredential(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof createCredentialInput>,
) {
  requireRole(actor, 'editor');
  if (!input.apiKey && !input.baseUrl)
    throw new AppError('bad_request', 'Give an API key, a base URL, or both.', { field: 'apiKey' });
  if (input.provider === 'token' && !input.apiKey)
    throw new AppError('bad_request', 'An API token credential needs its token.', { field: 'apiKey' });
  if (input.provider === 'token' && (input.allowedHosts ?? []).length === 0)
    throw new AppError(
      'bad_request',
      'List the hosts this token may be sent to (e.g. mcp.example.com): a token without hosts is never sent.',
      { field: 'allowedHosts' },
    );
  // The id is chosen here: the secret is sealed to its row (id and workspace) before the row exists.
  const id = crypto.randomUUID();
  const [row] = await runtime.db
    .insert(credentials)
    .values({
      id,
      workspaceId: actor.workspaceId,
      name: input.name,
      provider: input.provider,
      baseUrl: input.baseUrl ?? null,
      allowedHosts: parseAllowedHosts(input.allowedHosts),
      encryptedSecret: input.apiKey
        ? runtime.secrets.encrypt(input.apiKey, credentialOwner(id, actor.workspaceId))
        : null,
      secretTail: input.apiKey ? input.apiKey.slice(-4) : null,
    })
    .returning(summaryColumns);
  return toSummary(row!);
}

/** Lists the workspace's credentials, masked. */
export async function listCredentials(runtime: Runtime, actor: Actor): Promise<CredentialSummary[]> {
  const rows = await runtime.db
    .select(summaryColumns)
    .from(credentials)
    .where(eq(credentials.workspaceId, actor.workspaceId))
    .orderBy(desc(credentials.createdAt));
  return rows.map(toSummary);
}

/** Deletes a credential of the actor's workspace. */
export async function deleteCredential(runtime: Runtime, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'editor');
  const removed = await runtime.db
    .delete(credentials)
    .where(and(eq(credentials.id, id), eq(credentials.workspaceId, actor.workspaceId)))
    .returning({ id: credentials.id });
  if (removed.length === 0) throw new AppError('not_found', 'No such credential in this workspace.');
  invalidate(runtime, { kind: 'credential', id });
}

/** The cached row's secret, opened once per cache entry (a failure is not kept: the next run tries again). */
function openedSecret(runtime: Runtime, workspaceId: string, row: CredentialHit): Promise<string> {
  if (!row.opened) {
    const opened = openCredentialSecret(runtime, workspaceId, row);
    row.opened = opened;
    opened.catch(() => {
      if (row.opened === opened) row.opened = undefined;
    });
  }
  return row.opened;
}

/** A credential's row for runs and pricing, through the lookup cache; undefined when the workspace has none such. */
async function credentialRow(
  runtime: Runtime,
  workspaceId: string,
  id: string,
): Promise<CredentialHit | undefined> {
  const cache = lookups(runtime).credentials;
  let row = cache.get(`${workspaceId}:${id}`);
  if (!row) {
    const readAt = cache.generation;
    [row] = await runtime.db
      .select({
        id: credentials.id,
        name: credentials.name,
        provider: credentials.provider,
        baseUrl: credentials.baseUrl,
        allowedHosts: credentials.allowedHosts,
        prices: credentials.prices,
        encryptedSecret: credentials.encryptedSecret,
      })
      .from(credentials)
      .where(and(eq(credentials.id, id), eq(credentials.workspaceId, workspaceId)));
    if (row) cache.set(`${workspaceId}:${id}`, row, readAt);
  }
  return row;
}

/**
 * The names and model prices of the credentials `ids` of a workspace, for pricing a run's tokens
 * (ids of deleted or foreign credentials are left out: their nodes fall back to list prices).
 */
export async function credentialPricing(
  runtime: Runtime,
  workspaceId: string,
  ids: Iterable<string>,
): Promise<Record<string, PricingCredential>> {
  const book: Record<string, PricingCredential> = {};
  for (const id of new Set(ids)) {
    const row = await credentialRow(runtime, workspaceId, id);
    if (row) book[id] = { name: row.name, prices: row.prices };
  }
  return book;
}

/** Decrypts a credential for a run, server-side only; scoped to the workspace that runs the agent. */
export async function resolveCredential(runtime: Runtime, workspaceId: string, id: string) {
  const row = await credentialRow(runtime, workspaceId, id);
  if (!row) throw new AppError('not_found', `Credential ${id} does not exist in this workspace.`);
  return {
    provider: row.provider,
    // An MCP sign-in's secret is its OAuth state, sealed as another kind and never a key (mcp-oauth.ts).
    apiKey:
      row.encryptedSecret && row.provider !== 'mcp-oauth'
        ? await openedSecret(runtime, workspaceId, row)
        : undefined,
    baseURL: row.baseUrl ?? undefined,
    allowedHosts: row.allowedHosts,
  };
}

/** Input for changing the hosts a credential's key may be sent to. */
export const setCredentialHostsInput = z.object({
  id: z.string().min(1).max(100),
  allowedHosts: allowedHostsSchema,
});

/** Replaces the hosts the HTTP Request tool may send a credential's key to; the secret is untouched. */
export async function setCredentialHosts(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof setCredentialHostsInput>,
): Promise<{ id: string; allowedHosts: string[] }> {
  requireRole(actor, 'editor');
  const allowedHosts = parseAllowedHosts(input.allowedHosts);
  const [row] = await runtime.db
    .update(credentials)
    .set({ allowedHosts, updatedAt: new Date() })
    .where(and(eq(credentials.id, input.id), eq(credentials.workspaceId, actor.workspaceId)))
    .returning({ id: credentials.id, allowedHosts: credentials.allowedHosts });
  if (!row) throw new AppError('not_found', 'No such credential in this workspace.');
  // A run resolving the credential right after must see the new list, not a cached one.
  invalidate(runtime, { kind: 'credential', id: input.id });
  return row;
}

/** Input for renaming a credential. */
export const renameCredentialInput = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'Name the credential').max(100),
});

/** Renames a credential of the actor's workspace; the secret is untouched. */
export async function renameCredential(
  runtime: Runtime,
  actor: Actor,
  input: z.infer<typeof renameCredentialInput>,
): Promise<{ id: string; name: string }> {
  requireRole(actor, 'editor');
  const [row] = await runtime.db
    .update(credentials)
    .set({ name: input.name, updatedAt: new Date() })
    .where(and(eq(credentials.id, input.id), eq(credentials.workspaceId, actor.workspaceId)))
    .returning({ id: credentials.id, name: credentials.name });
  if (!row) throw new AppError('not_found', 'No such credential in this workspace.');
  return row;
}

/** Providers whose credentials run models, and so may price them (not API tokens or MCP sign-ins). */
const MODEL_PROVIDERS = credentialProviders.filter((provider) => provider !== 'token');

/** Most models one credential may price (a local server rarely serves more than a handful). */
export const MAX_PRICED_MODELS = 100;

/** Highest price accepted, USD per million tokens: far above any list price, so a typo is caught. */
export const MAX_PRICE_USD = 10_000;

const priceSchema = z
  .number({ error: 'Enter a price in US dollars per million tokens' })
  .finite()
  .min(0, 'A price cannot be negative')
  .max(MAX_PRICE_USD, `A price above $${MAX_PRICE_USD} per million tokens is surely a typo`);

/** One model's price on a credential: input and output, USD per million tokens. */
export const modelPriceSchema = z.object({ input: priceSchema, output: priceSchema });

/** The prices of a credential's models: model name (as the Model node names it) -> price. */
export const credentialPricesSchema = z
  .record(
    z
      .string()
      .trim()
      .min(1, 'Name the model')
      .max(200, 'A model name is at most 200 characters')
      .regex(/^[^\s]+$/, 'A model name has no spaces'),
    modelPriceSchema,
  )
  .refine((prices) => Object.keys(prices).length <= MAX_PRICED_MODELS, {
    message: `Price at most ${MAX_PRICED_MODELS} models per credential.`,
  });

/** Input for setting the prices of a credential's models (the whole list, replacing the old one). */
export const setCredentialPricesInput = z.object({
  id: z.string().min(1).max(100),
  prices: credentialPricesSchema,
});

/**
 * Replaces the prices a credential sets for its models. Runs priced afterwards (run details, usage of
 * runs that end from now on) use them before list prices; usage already counted keeps its cost.
 */
export async function setCredentialPrices(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof setCredentialPricesInput>,
): Promise<{ id: string; prices: CredentialPrices }> {
  requireRole(actor, 'editor');
  const parsed = setCredentialPricesInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const model = issue?.path[1];
    // A bad model name is reported as the record's key issue; its own message says what is wrong.
    const keyProblem = issue?.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    throw new AppError(
      'bad_request',
      `${typeof model === 'string' ? `Price of ${model}: ` : ''}${keyProblem ?? issue?.message ?? 'Invalid prices.'}`,
      { field: 'prices' },
    );
  }
  const owned = and(eq(credentials.id, parsed.data.id), eq(credentials.workspaceId, actor.workspaceId));
  const [found] = await runtime.db.select({ provider: credentials.provider }).from(credentials).where(owned);
  if (!found) throw new AppError('not_found', 'No such credential in this workspace.');
  if (!(MODEL_PROVIDERS as readonly string[]).includes(found.provider))
    throw new AppError('bad_request', 'Only a model provider credential can price models.', {
      field: 'prices',
    });
  const [row] = await runtime.db
    .update(credentials)
    .set({ prices: parsed.data.prices, updatedAt: new Date() })
    .where(owned)
    .returning({ id: credentials.id, prices: credentials.prices });
  if (!row) throw new AppError('not_found', 'No such credential in this workspace.');
  invalidate(runtime, { kind: 'credential', id: row.id });
  return { id: row.id, prices: row.prices };
}
