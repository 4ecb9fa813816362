/** USD per million tokens (input, output) for common models; an estimate, not a bill. */
const PRICES: Record<string, [number, number]> = {
  'openai/gpt-4o': [2.5, 10],
  'openai/gpt-4o-mini': [0.15, 0.6],
  'openai/gpt-4.1': [2, 8],
  'openai/gpt-4.1-mini': [0.4, 1.6],
  'openai/gpt-4.1-nano': [0.1, 0.4],
  'openai/o4-mini': [1.1, 4.4],
  'anthropic/claude-3-5-haiku-latest': [0.8, 4],
  'anthropic/claude-sonnet-4-5': [3, 15],
  'anthropic/claude-opus-4-1': [15, 75],
  'google/gemini-2.5-flash': [0.3, 2.5],
  'google/gemini-2.5-pro': [1.25, 10],
};

/** What a node's tokens cost: 0 for the offline model and local servers, null when the price is unknown. */
export function estimateCost(
  provider: string,
  model: string,
  usage: { inputTokens: number; outputTokens: number },
): { usd: number; basis: string } | null {
  if (provider === 'offline') return { usd: 0, basis: 'offline model' };
  if (provider === 'ollama') return { usd: 0, basis: 'local model' };
  const price = PRICES[`${provider}/${model}`];
  if (!price) return null;
  return {
    usd: (usage.inputTokens * price[0] + usage.outputTokens * price[1]) / 1_000_000,
    basis: `${provider}/${model} list price`,
  };
}
