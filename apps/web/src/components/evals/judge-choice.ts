import type { JudgeModel } from '@agentry/engine/evals';

/** Model providers that can judge (the offline model only echoes, so it is offered as the offline judge). */
export const JUDGE_PROVIDERS: readonly { id: string; label: string; defaultModel: string }[] = [
  { id: 'openai', label: 'OpenAI', defaultModel: 'gpt-5-mini' },
  { id: 'anthropic', label: 'Anthropic', defaultModel: 'claude-haiku-4-5' },
  { id: 'google', label: 'Google Gemini', defaultModel: 'gemini-2.5-flash' },
  { id: 'openai-compatible', label: 'OpenAI-compatible server', defaultModel: 'local-model' },
  { id: 'ollama', label: 'Ollama', defaultModel: 'llama3.2' },
];

/** The choice that means "no model of its own" (the settings' offline judge, or an expectation's default). */
export const NO_JUDGE_MODEL = '';
/** The offline judge named explicitly (an expectation that must not use the run's model judge). */
export const OFFLINE_JUDGE = 'offline';

/** Which entry of the judge picker a value is. */
export function judgeChoice(value: JudgeModel | null): string {
  if (!value) return NO_JUDGE_MODEL;
  return value.provider;
}

/**
 * The value a picked entry stands for. Switching provider keeps the model only when it was typed for the
 * same provider, and drops the credential (a key belongs to one provider).
 */
export function judgeFromChoice(choice: string, previous: JudgeModel | null): JudgeModel | null {
  if (choice === NO_JUDGE_MODEL) return null;
  if (choice === OFFLINE_JUDGE) return { provider: OFFLINE_JUDGE, model: '' };
  if (previous?.provider === choice) return previous;
  return { provider: choice, model: '' };
}

/** The credentials a provider's judge may use: those stored for that provider. */
export function judgeCredentials<T extends { provider: string }>(
  credentials: readonly T[],
  provider: string,
): T[] {
  return credentials.filter((credential) => credential.provider === provider);
}
