import { createEmbeddingModel, getProviderInfo, type ProviderId } from '@agentry/engine';
import { embedMany } from 'ai';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { resolveCredential } from '../services/credentials';
import { environmentCredential, providerFetch } from '../services/provider-access';

/** Embedding models used when a knowledge base names a provider but no model. */
const DEFAULT_EMBEDDING_MODELS: Partial<Record<ProviderId, string>> = {
  openai: 'text-embedding-3-small',
  google: 'gemini-embedding-001',
  ollama: 'nomic-embed-text',
  offline: 'agentry-offline-embedding',
};

/** A knowledge base's embedding settings (stored in `knowledge_bases.embedding`; never a secret). */
export const embeddingSettingsSchema = z.object({
  provider: z.enum(['openai', 'google', 'ollama', 'openai-compatible', 'offline']),
  model: z.string().trim().max(200).default(''),
  credentialId: z.string().max(100).optional(),
  baseURL: z.url().max(2000).optional(),
});

/** Parsed embedding settings. */
export type EmbeddingSettings = z.infer<typeof embeddingSettingsSchema>;

/** The stored settings of a knowledge base, or undefined for full-text only. */
export function readEmbeddingSettings(value: unknown): EmbeddingSettings | undefined {
  const parsed = embeddingSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The model name that will be used, with the provider default filled in. */
export function embeddingModelName(settings: EmbeddingSettings): string {
  return settings.model || DEFAULT_EMBEDDING_MODELS[settings.provider] || '';
}

/**
 * Embeds texts with a knowledge base's model: the named credential of the workspace, or the provider
 * key from the environment. Errors say which provider failed and why.
 */
export async function embedTexts(
  runtime: Runtime,
  workspaceId: string,
  settings: EmbeddingSettings,
  values: string[],
  signal?: AbortSignal,
): Promise<number[][]> {
  if (values.length === 0) return [];
  const credential = settings.credentialId
    ? await resolveCredential(runtime, workspaceId, settings.credentialId)
    : environmentCredential(runtime.config, settings.provider);
  const model = createEmbeddingModel(
    { provider: settings.provider, model: embeddingModelName(settings), baseURL: settings.baseURL },
    credential,
    { fetch: providerFetch(runtime.config) },
  );
  try {
    const result = await embedMany({ model, values, abortSignal: signal, maxRetries: 1 });
    if (
      result.embeddings.length !== values.length ||
      result.embeddings.some((vector) => vector.length === 0)
    ) {
      throw new Error(
        `expected ${values.length} vectors, got ${result.embeddings.length} (some may be empty)`,
      );
    }
    return result.embeddings;
  } catch (error) {
    const name = getProviderInfo(settings.provider)?.name ?? settings.provider;
    throw new AppError(
      'unavailable',
      `${name} could not embed the text: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
