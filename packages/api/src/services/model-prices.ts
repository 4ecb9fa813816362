import { getProviderInfo } from '@agentry/engine';

/** USD per million tokens, in and out. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Prices a credential sets for the models it serves (`credentials.prices`): model name -> price. */
export type CredentialPrices = Record<string, ModelPrice>;

/** The credential a node runs with, as far as pricing goes. */
export interface PricingCredential {
  name: string;
  prices: CredentialPrices;
}

/**
 * List prices, USD per million tokens (input, output): an estimate, not a bill. Read 2026-12-06 from
 * the providers' pricing pages as quoted by pricing guides (OpenAI: developers.openai.com/api/docs/pricing
 * and its model pages, as of 2026-06/11; Anthropic: docs.anthropic.com pricing, 2026-04; Google:
 * ai.google.dev pricing, 2026-06, base tier up to 200k tokens of context). Models the installed provider
 * packages list but no source priced (gpt-5.6, gpt-6-*, claude-*-5, gemini-4-*) are left out on
 * purpose: a run on them says that no price is known and where to set one, rather than show a guess.
 * Keep beside the engine's model-capabilities table and update both together.
 */
const LIST_PRICES: Record<string, readonly [number, number]> = {
  'openai/gpt-5.5': [5, 30],
  'openai/gpt-5.5-pro': [30, 180],
  'openai/gpt-5.4': [2.5, 15],
  'openai/gpt-5.4-mini': [0.75, 4.5],
  'openai/gpt-5.4-nano': [0.2, 1.25],
  'openai/gpt-5.4-pro': [30, 180],
  'openai/gpt-5.2': [1.75, 14],
  'openai/gpt-5.2-pro': [21, 168],
  'openai/gpt-5.1': [1.25, 10],
  'openai/gpt-5': [1.25, 10],
  'openai/gpt-5-pro': [15, 120],
  'openai/gpt-5-mini': [0.25, 2],
  'openai/gpt-5-nano': [0.05, 0.4],
  'openai/gpt-4.1': [2, 8],
  'openai/gpt-4.1-mini': [0.4, 1.6],
  'openai/gpt-4.1-nano': [0.1, 0.4],
  'openai/gpt-4o': [2.5, 10],
  'openai/gpt-4o-mini': [0.15, 0.6],
  'openai/o3': [2, 8],
  'openai/o4-mini': [1.1, 4.4],
  'anthropic/claude-opus-4-6': [5, 25],
  'anthropic/claude-opus-4-5': [5, 25],
  'anthropic/claude-opus-4-1': [15, 75],
  'anthropic/claude-opus-4-0': [15, 75],
  'anthropic/claude-opus-4': [15, 75],
  'anthropic/claude-sonnet-4-6': [3, 15],
  'anthropic/claude-sonnet-4-5': [3, 15],
  'anthropic/claude-sonnet-4-0': [3, 15],
  'anthropic/claude-sonnet-4': [3, 15],
  'anthropic/claude-haiku-4-5': [1, 5],
  'anthropic/claude-3-5-haiku-latest': [0.8, 4],
  'anthropic/claude-3-haiku': [0.25, 1.25],
  'google/gemini-3.5-flash': [1.5, 9],
  'google/gemini-3.1-pro-preview': [2, 12],
  'google/gemini-3.1-flash-lite': [0.25, 1.5],
  'google/gemini-3.1-flash-lite-preview': [0.25, 1.5],
  'google/gemini-3-flash-preview': [0.5, 3],
  'google/gemini-2.5-pro': [1.25, 10],
  'google/gemini-2.5-flash': [0.3, 2.5],
  'google/gemini-2.5-flash-lite': [0.1, 0.4],
  'google/gemini-2.0-flash': [0.1, 0.4],
};

/** Providers whose tokens cost nothing here: the built-in model and a local Ollama. */
const FREE: Record<string, string> = { offline: 'offline model', ollama: 'local model' };

/** The model a node names, or its provider's default when it names none (as the engine runs it). */
export function effectiveModel(provider: string, model: string): string {
  return model.trim() || getProviderInfo(provider)?.defaultModel || '';
}

/** A provider's list price of a model, also under a dated id (`claude-haiku-4-5-20251001`, `gpt-4.1-2025-04-14`). */
export function listPrice(provider: string, model: string): ModelPrice | undefined {
  const name = effectiveModel(provider, model).toLowerCase();
  const price =
    LIST_PRICES[`${provider}/${name}`] ??
    LIST_PRICES[`${provider}/${name.replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, '')}`];
  return price ? { input: price[0], output: price[1] } : undefined;
}

/** What a node's tokens cost, and on what basis. */
export interface CostEstimate {
  usd: number;
  basis: string;
}

/**
 * What a node's tokens cost: the credential's own price for the model first (local and OpenAI-compatible
 * servers, negotiated rates), else the list price; 0 for the offline model and Ollama; null when no price
 * is known (`missingPriceReason` says why).
 */
export function estimateCost(
  provider: string,
  model: string,
  usage: { inputTokens: number; outputTokens: number },
  credential?: PricingCredential | null,
): CostEstimate | null {
  const name = effectiveModel(provider, model);
  const own = credential?.prices[name];
  if (own) return { usd: priced(usage, own), basis: `price set on the credential ${credential!.name}` };
  if (FREE[provider]) return { usd: 0, basis: FREE[provider] };
  const price = listPrice(provider, name);
  return price ? { usd: priced(usage, price), basis: `${provider}/${name} list price` } : null;
}

/** Why `estimateCost` found no price, and where to set one. */
export function missingPriceReason(
  provider: string,
  model: string,
  credential?: Pick<PricingCredential, 'name'> | null,
): string {
  const where = credential
    ? `set one on the credential ${credential.name}`
    : 'choose a credential on the node and set a price for the model on it (Credentials page)';
  return `no price known for ${provider}/${effectiveModel(provider, model) || '(no model)'} — ${where}`;
}

function priced(usage: { inputTokens: number; outputTokens: number }, price: ModelPrice): number {
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
