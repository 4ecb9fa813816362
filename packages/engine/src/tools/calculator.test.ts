import { describe, expect, it } from 'vitest';
import { evaluateExpression, MAX_EXPRESSION_LENGTH } from './calculator';
import { CalculatorError } from './calculator-error';

function failure(source: string): CalculatorError {
  try {
    evaluateExpression(source);
  } catch (error) {
    if (error instanceof CalculatorError) return error;
    throw error;
  }
  throw new Error(`expected "${source}" to fail`);
}

describe('evaluateExpression', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['100 / 10 / 5', 2],
    ['2 ^ 3 ^ 2', 512],
    ['2 ** 3', 8],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['-3 * -2', 6],
    ['--3', 3],
    ['+4', 4],
    ['7 % 4', 3],
    ['1 + 7 % 4 * 2', 7],
    ['3.5 * 2', 7],
    ['.5 + .25', 0.75],
    ['1.5e3 + 2E-1', 1500.2],
    ['2e+2', 200],
    ['6 × 7 ÷ 2', 21],
    ['pi', Math.PI],
    ['e', Math.E],
    ['2 * PI', 2 * Math.PI],
  ])('%s = %d', (source, expected) => {
    expect(evaluateExpression(source)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['sqrt(16)', 4],
    ['abs(-3)', 3],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(3.14159, 2)', 3.14],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['min(3, 1, 2)', 1],
    ['max(3, 1 + 9, 2)', 10],
    ['pow(2, 10)', 1024],
    ['log(1000)', 3],
    ['log(8, 2)', 3],
    ['ln(e)', 1],
    ['exp(0)', 1],
    ['sin(0) + cos(0)', 1],
    ['tan(pi / 4)', 1],
    ['sqrt(abs(-81)) * 2', 18],
  ])('%s = %d', (source, expected) => {
    expect(evaluateExpression(source)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['1 +', 'syntax_error', 3],
    ['(1 + 2', 'syntax_error', 6],
    ['1 + 2)', 'syntax_error', 5],
    ['2 3', 'syntax_error', 2],
    ['1 $ 2', 'syntax_error', 2],
    ['1..2', 'syntax_error', 2],
    ['* 2', 'syntax_error', 0],
    ['foo + 1', 'unknown_name', 0],
    ['1 + bar(2)', 'unknown_name', 4],
    ['sqrt 4', 'syntax_error', 0],
    ['sqrt(1, 2)', 'wrong_argument_count', 0],
    ['pow(2)', 'wrong_argument_count', 0],
    ['max()', 'wrong_argument_count', 0],
    ['1 / 0', 'division_by_zero', 2],
    ['5 % (2 - 2)', 'division_by_zero', 2],
    ['sqrt(-1)', 'not_finite', 0],
    ['10 ^ 400', 'not_finite', 3],
    ['', 'syntax_error', 0],
  ])('%j fails with %s at %d', (source, code, position) => {
    const error = failure(source);
    expect(error.code).toBe(code);
    expect(error.position).toBe(position);
    expect(error.message).toContain(`position ${position}`);
  });

  it('says "division by zero" in words', () => {
    expect(failure('1/0').message).toMatch(/division by zero/i);
  });

  it('refuses input over the length limit and nesting too deep for the stack', () => {
    expect(failure('1+'.repeat(MAX_EXPRESSION_LENGTH)).code).toBe('too_long');
    expect(failure(`${'('.repeat(300)}1${')'.repeat(300)}`).code).toBe('too_deep');
    expect(failure(`${'-'.repeat(500)}1`).code).toBe('too_deep');
  });

  it('never runs code', () => {
    expect(failure('constructor').code).toBe('unknown_name');
    expect(failure('__proto__').code).toBe('unknown_name');
    expect(failure('process.exit(1)').code).toBe('syntax_error');
  });
});
