/** One row of the prices form, as typed (numbers stay text until saved). */
export interface PriceRow {
  model: string;
  input: string;
  output: string;
}

/** USD per million tokens, in and out, of one model. */
export type Prices = Record<string, { input: number; output: number }>;

/** The bounds the server holds to too (credentials.setPrices): caught here first, with the row named. */
export const PRICE_LIMITS = { maxModels: 100, maxUsd: 10_000, maxModelChars: 200 } as const;

/** A credential's prices as form rows, models in alphabetical order. */
export function rowsFromPrices(prices: Prices): PriceRow[] {
  return Object.entries(prices)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, price]) => ({ model, input: String(price.input), output: String(price.output) }));
}

function parseUsd(text: string, what: string, model: string): number | string {
  const trimmed = text.trim();
  if (!trimmed) return `${model}: enter the ${what} price (0 for free)`;
  const value = Number(trimmed.replace(/^\$/, ''));
  if (!Number.isFinite(value)) return `${model}: “${trimmed}” is not a number (${what} price)`;
  if (value < 0) return `${model}: the ${what} price cannot be negative`;
  if (value > PRICE_LIMITS.maxUsd)
    return `${model}: $${value} per million ${what} tokens is surely a typo (at most $${PRICE_LIMITS.maxUsd})`;
  return value;
}

/**
 * Checks the rows and builds the prices to save. Empty rows are skipped; every problem names its row's
 * model, so the person sees what to fix.
 */
export function pricesFromRows(rows: readonly PriceRow[]): { prices: Prices } | { problems: string[] } {
  const prices: Prices = {};
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const model = row.model.trim();
    if (!model && !row.input.trim() && !row.output.trim()) return;
    const name = model || `Row ${index + 1}`;
    if (!model) problems.push(`${name}: name the model, as the Model node names it`);
    else if (/\s/.test(model)) problems.push(`${name}: a model name has no spaces`);
    else if (model.length > PRICE_LIMITS.maxModelChars)
      problems.push(
        `${name.slice(0, 40)}…: a model name is at most ${PRICE_LIMITS.maxModelChars} characters`,
      );
    else if (seen.has(model)) problems.push(`${name}: listed twice`);
    const first = !seen.has(model);
    seen.add(model);
    const input = parseUsd(row.input, 'input', name);
    const output = parseUsd(row.output, 'output', name);
    if (typeof input === 'string') problems.push(input);
    if (typeof output === 'string') problems.push(output);
    if (model && first && typeof input === 'number' && typeof output === 'number')
      prices[model] = { input, output };
  });
  if (Object.keys(prices).length > PRICE_LIMITS.maxModels)
    problems.push(`Price at most ${PRICE_LIMITS.maxModels} models per credential.`);
  return problems.length > 0 ? { problems } : { prices };
}

/** A short line for the credential's card: "llama-3 $0.5 in / $1.5 out per 1M tokens; …". */
export function describePrices(prices: Prices): string {
  const entries = Object.entries(prices);
  if (entries.length === 0) return 'No prices set: runs use list prices, or show no cost.';
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, price]) => `${model} $${price.input} in / $${price.output} out`)
    .join('; ')
    .concat(' per 1M tokens');
}
