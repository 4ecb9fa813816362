import { describe, expect, it } from 'vitest';
import { describePrices, pricesFromRows, rowsFromPrices } from './credential-prices-form';

describe('credential prices form', () => {
  it('turns rows into prices and back, skipping empty rows', () => {
    const rows = [
      { model: ' llama-3 ', input: '0.5', output: '$1.5' },
      { model: '', input: '', output: '' },
      { model: 'qwen', input: '0', output: '0' },
    ];
    const result = pricesFromRows(rows);
    expect(result).toEqual({
      prices: { 'llama-3': { input: 0.5, output: 1.5 }, qwen: { input: 0, output: 0 } },
    });
    if (!('prices' in result)) throw new Error('expected prices');
    expect(rowsFromPrices(result.prices)).toEqual([
      { model: 'llama-3', input: '0.5', output: '1.5' },
      { model: 'qwen', input: '0', output: '0' },
    ]);
    expect(describePrices(result.prices)).toBe(
      'llama-3 $0.5 in / $1.5 out; qwen $0 in / $0 out per 1M tokens',
    );
    expect(describePrices({})).toMatch(/No prices set/);
  });

  it('names the row of every problem', () => {
    const result = pricesFromRows([
      { model: '', input: '1', output: '1' },
      { model: 'a b', input: '1', output: '1' },
      { model: 'm', input: '-1', output: 'lots' },
      { model: 'big', input: '20000', output: '' },
      { model: 'm', input: '1', output: '1' },
    ]);
    expect(result).toEqual({
      problems: [
        'Row 1: name the model, as the Model node names it',
        'a b: a model name has no spaces',
        'm: the input price cannot be negative',
        'm: “lots” is not a number (output price)',
        'big: $20000 per million input tokens is surely a typo (at most $10000)',
        'big: enter the output price (0 for free)',
        'm: listed twice',
      ],
    });
  });

  it('refuses more models than the server accepts', () => {
    const rows = Array.from({ length: 101 }, (_, index) => ({ model: `m${index}`, input: '1', output: '1' }));
    expect(pricesFromRows(rows)).toEqual({ problems: ['Price at most 100 models per credential.'] });
  });
});
