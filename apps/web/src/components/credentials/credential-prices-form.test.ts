import { describe, expect, it } from 'vitest';
import { pricesFromRows, rowsFromPrices, sortedPrices } from './credential-prices-form';

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
    expect(sortedPrices({ qwen: { input: 0, output: 0 }, 'llama-3': { input: 0.5, output: 1.5 } })).toEqual([
      { model: 'llama-3', input: 0.5, output: 1.5 },
      { model: 'qwen', input: 0, output: 0 },
    ]);
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
        { row: 1, kind: 'noModel' },
        { model: 'a b', row: 2, kind: 'spaces' },
        { model: 'm', row: 3, kind: 'negative', side: 'input' },
        { model: 'm', row: 3, kind: 'notNumber', side: 'output', text: 'lots' },
        { model: 'big', row: 4, kind: 'typo', side: 'input', value: 20000, max: 10000 },
        { model: 'big', row: 4, kind: 'empty', side: 'output' },
        { model: 'm', row: 5, kind: 'twice' },
      ],
    });
  });

  it('refuses more models than the server accepts', () => {
    const rows = Array.from({ length: 101 }, (_, index) => ({ model: `m${index}`, input: '1', output: '1' }));
    expect(pricesFromRows(rows)).toEqual({ problems: [{ kind: 'tooMany', max: 100 }] });
  });
});
