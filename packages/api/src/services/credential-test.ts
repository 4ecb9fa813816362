import {
  createLanguageModel,
  describeProviderError,
  getProviderInfo,
  isProviderId,
  type ProviderErrorCode,
} from '@agentry/engine';
import { generateText } from 'ai';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { type Actor, requireRole } from './auth';
import { resolveCredential } from './credentials';
import { providerFetch } from './provider-access';

/** Input for testing a stored credential; `model` defaults to the provider's default model. */
export const testCredentialInput = z.object({
  id: z.string().min(1).max(100),
  model: z.string().trim().max(200).optional(),
});

/** What a credential test found, in words a person can act on. Never contains the secret. */
export interface CredentialTestResult {
  ok: boolean;
  message: string;
  /** The model the test called. */
  model: string;
  durationMs: number;
  /** Why it failed, when it did. */
  code?: ProviderErrorCode;
  status?: number;
}

/** How long a test may take before it is reported as a timeout. */
const TEST_TIMEOUT_MS = 20_000;

/**
 * Tests a stored credential with the smallest real call its provider allows: one short generation
 * through the same `createLanguageModel` path runs use, so "it works" here means it works in a run.
 * Failures are reported as a result (not thrown) in the provider's words.
 */
export async function testCredential(
  runtime: Runtime,
  actor: Actor,
  input: z.infer<typeof testCredentialInput>,
  options: { timeoutMs?: number } = {},
): Promise<CredentialTestResult> {
  // A test spends the key's quota, so it needs the same role as saving one.
  requireRole(actor, 'editor');
  const credential = await resolveCredential(runtime, actor.workspaceId, input.id);
  const info = isProviderId(credential.provider) ? getProviderInfo(credential.provider) : undefined;
  if (!info || info.id === 'offline') {
    throw new AppError('bad_request', `Credentials for "${credential.provider}" cannot be tested.`);
  }
  const model = input.model || info.defaultModel;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    await generateText({
      model: createLanguageModel(
        { provider: info.id, model },
        { apiKey: credential.apiKey, baseURL: credential.baseURL },
        // A base URL on loopback or the metadata address is refused unless the admin allowed its host.
        { fetch: providerFetch(runtime.config) },
      ),
      prompt: 'Reply with OK.',
      // OpenAI's Responses API refuses fewer than 16 output tokens; everyone else takes 1.
      maxOutputTokens: info.id === 'openai' ? 16 : 1,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(options.timeoutMs ?? TEST_TIMEOUT_MS),
    });
    return { ok: true, message: `${info.name} answered with ${model}.`, model, durationMs: elapsed() };
  } catch (error) {
    const described = describeProviderError(error, info.id);
    return {
      ok: false,
      message: described.message,
      code: described.code,
      status: described.status,
      model,
      durationMs: elapsed(),
    };
  }
}
