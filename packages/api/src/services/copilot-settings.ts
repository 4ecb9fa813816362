import { credentials, workspaces } from '@agentry/db';
import { and, eq } from '@agentry/db/drizzle';
import { getProviderInfo, modelNode, OFFLINE_COPILOT_LABEL, PROVIDERS } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { type Actor, requireRole } from './auth';
import { credentialProviders } from './credentials';

/** The model the Copilot uses: a provider the Model node accepts, its model, and a workspace credential. */
export interface CopilotModelSettings {
  provider: string;
  /** The model at the provider; never empty (the provider's default fills it in). */
  model: string;
  credentialId: string | null;
}

/** What the settings page shows: the model (null: the offline copilot) and how the Copilot names itself. */
export interface CopilotSettingsView {
  settings: CopilotModelSettings | null;
  label: string;
}

/** Input of `copilot.setSettings`: a model, or null (or the `offline` provider) for the offline copilot. */
export const setCopilotSettingsInput = z
  .object({
    provider: z.string().trim().min(1, 'Pick a provider').max(50),
    model: z.string().trim().max(200).default(''),
    credentialId: z.string().min(1).max(100).nullish(),
  })
  .nullable();

// Credentials that hold no model provider's key: an HTTP/MCP token, an MCP sign-in.
const MODEL_CREDENTIAL_PROVIDERS: ReadonlySet<string> = new Set(
  credentialProviders.filter((provider) => provider !== 'token'),
);

/** How the Copilot names itself in the panel and on its proposals. */
export function copilotLabel(settings: CopilotModelSettings | null): string {
  return settings ? `${settings.provider}/${settings.model}` : OFFLINE_COPILOT_LABEL;
}

/**
 * Reads a stored `workspaces.copilot_settings` value: `{}` (or anything that no longer parses, such as a
 * provider removed since) is the offline copilot, never an error.
 */
export function parseCopilotSettings(stored: unknown): CopilotModelSettings | null {
  const parsed = z
    .object({
      provider: z.string().min(1),
      model: z.string(),
      credentialId: z.string().min(1).nullish(),
    })
    .safeParse(stored);
  if (!parsed.success || parsed.data.provider === 'offline') return null;
  const info = getProviderInfo(parsed.data.provider as Parameters<typeof getProviderInfo>[0]);
  if (!info) return null;
  return {
    provider: info.id,
    model: parsed.data.model || info.defaultModel,
    credentialId: parsed.data.credentialId ?? null,
  };
}

/** The workspace's Copilot model (null: offline), read from the workspace row. */
export async function readCopilotSettings(
  runtime: Runtime,
  workspaceId: string,
): Promise<CopilotModelSettings | null> {
  const [row] = await runtime.db
    .select({ settings: workspaces.copilotSettings })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return parseCopilotSettings(row?.settings);
}

/** The Copilot settings of the actor's workspace (members may read them; they hold no secret). */
export async function getCopilotSettings(runtime: Runtime, actor: Actor): Promise<CopilotSettingsView> {
  const settings = await readCopilotSettings(runtime, actor.workspaceId);
  return { settings, label: copilotLabel(settings) };
}

/**
 * Chooses the Copilot's model (editors). The provider and model are checked as a Model node's are; a
 * credential must be one of the workspace's model credentials. Null or the `offline` provider stores `{}`,
 * the offline copilot.
 */
export async function setCopilotSettings(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof setCopilotSettingsInput>,
): Promise<CopilotSettingsView> {
  requireRole(actor, 'editor');
  const parsed = setCopilotSettingsInput.parse(input);
  let settings: CopilotModelSettings | null = null;
  if (parsed && parsed.provider !== 'offline') {
    const checked = modelNode.config.safeParse({ provider: parsed.provider, model: parsed.model });
    if (!checked.success) {
      const field = checked.error.issues[0]?.path[0] === 'model' ? 'model' : 'provider';
      throw new AppError(
        'bad_request',
        field === 'provider'
          ? `"${parsed.provider}" is not a model provider. Pick one of: ${PROVIDERS.map((provider) => provider.id).join(', ')}.`
          : `The model name is not valid: ${checked.error.issues[0]?.message}`,
        { field },
      );
    }
    const info = getProviderInfo(checked.data.provider)!;
    if (parsed.credentialId) await requireModelCredential(runtime, actor.workspaceId, parsed.credentialId);
    settings = {
      provider: info.id,
      model: checked.data.model || info.defaultModel,
      credentialId: parsed.credentialId ?? null,
    };
  }
  await runtime.db
    .update(workspaces)
    .set({
      copilotSettings: settings
        ? {
            provider: settings.provider,
            model: settings.model,
            ...(settings.credentialId ? { credentialId: settings.credentialId } : {}),
          }
        : {},
    })
    .where(eq(workspaces.id, actor.workspaceId));
  return { settings, label: copilotLabel(settings) };
}

/** Refuses a credential that is not the workspace's, or that holds no model provider's key. */
async function requireModelCredential(runtime: Runtime, workspaceId: string, id: string): Promise<void> {
  const [row] = await runtime.db
    .select({ name: credentials.name, provider: credentials.provider })
    .from(credentials)
    .where(and(eq(credentials.id, id), eq(credentials.workspaceId, workspaceId)));
  if (!row)
    throw new AppError('not_found', `The credential ${id} does not exist in this workspace. Pick another.`, {
      field: 'credentialId',
    });
  if (!MODEL_CREDENTIAL_PROVIDERS.has(row.provider))
    throw new AppError(
      'bad_request',
      `The credential "${row.name}" is not a model provider's key (it is for ${row.provider}). Pick a model credential.`,
      { field: 'credentialId' },
    );
}
