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

/** Which of a model's two prices a problem is about. */
export type PriceSide = 'input' | 'output';

/**
 * Something to fix before the prices can be saved, for the form to word in the page's language. `model`
 * names the row's model; rows without one are named by `row` (counted from 1).
 */
export type PriceProblem = { model?: string; row: number } & (
  | { kind: 'noModel' }
  | { kind: 'spaces' }
  | { kind: 'tooLong'; max: number }
  | { kind: 'twice' }
  | { kind: 'empty'; side: PriceSide }
  | { kind: 'notNumber'; side: PriceSide; text: string }
  | { kind: 'negative'; side: PriceSide }
  | { kind: 'typo'; side: PriceSide; value: number; max: number }
);

/** A problem about the whole list rather than a row. */
export interface TooManyModels {
  kind: 'tooMany';
  max: number;
}

function parseUsd(
  text: string,
  side: PriceSide,
  where: { model?: string; row: number },
): number | PriceProblem {
  const trimmed = text.trim();
  if (!trimmed) return { ...where, kind: 'empty', side };
  const value = Number(trimmed.replace(/^\$/, ''));
  if (!Number.isFinite(value)) return { ...where, kind: 'notNumber', side, text: trimmed };
  if (value < 0) return { ...where, kind: 'negative', side };
  if (value > PRICE_LIMITS.maxUsd) return { ...where, kind: 'typo', side, value, max: PRICE_LIMITS.maxUsd };
  return value;
}

/**
 * Checks the rows and builds the prices to save. Empty rows are skipped; every problem names its row's
 * model (or its number), so the person sees what to fix.
 */
export function pricesFromRows(
  rows: readonly PriceRow[],
): { prices: Prices } | { problems: (PriceProblem | TooManyModels)[] } {
  const prices: Prices = {};
  const problems: (PriceProblem | TooManyModels)[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const model = row.model.trim();
    if (!model && !row.input.trim() && !row.output.trim()) return;
    const where = model ? { model, row: index + 1 } : { row: index + 1 };
    if (!model) problems.push({ ...where, kind: 'noModel' });
    else if (/\s/.test(model)) problems.push({ ...where, kind: 'spaces' });
    else if (model.length > PRICE_LIMITS.maxModelChars)
      problems.push({
        model: model.slice(0, 40),
        row: index + 1,
        kind: 'tooLong',
        max: PRICE_LIMITS.maxModelChars,
      });
    else if (seen.has(model)) problems.push({ ...where, kind: 'twice' });
    const first = !seen.has(model);
    seen.add(model);
    const input = parseUsd(row.input, 'input', where);
    const output = parseUsd(row.output, 'output', where);
    if (typeof input !== 'number') problems.push(input);
    if (typeof output !== 'number') problems.push(output);
    if (model && first && typeof input === 'number' && typeof output === 'number')
      prices[model] = { input, output };
  });
  if (Object.keys(prices).length > PRICE_LIMITS.maxModels)
    problems.push({ kind: 'tooMany', max: PRICE_LIMITS.maxModels });
  return problems.length > 0 ? { problems } : { prices };
}

/** A credential's prices for its card, models in alphabetical order (the card words them). */
export function sortedPrices(prices: Prices): { model: string; input: number; output: number }[] {
  return Object.entries(prices)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, price]) => ({ model, ...price }));
}
