import { CalculatorError } from './calculator-error';
import { type CalculatorToken, tokenize } from './calculator-tokens';

/** Longest expression the calculator reads; keeps a model's tool call from tying up the engine. */
export const MAX_EXPRESSION_LENGTH = 1000;
const MAX_DEPTH = 100;

// Maps, not object literals: a name like "constructor" must not find Object.prototype members.
const CONSTANTS = new Map<string, number>([
  ['pi', Math.PI],
  ['e', Math.E],
  ['tau', 2 * Math.PI],
]);

interface CalculatorFunction {
  min: number;
  max: number;
  apply: (args: number[]) => number;
}

const FUNCTIONS = new Map<string, CalculatorFunction>(
  Object.entries({
    sqrt: { min: 1, max: 1, apply: ([x]) => Math.sqrt(x!) },
    abs: { min: 1, max: 1, apply: ([x]) => Math.abs(x!) },
    round: { min: 1, max: 2, apply: ([x, digits]) => roundTo(x!, digits ?? 0) },
    floor: { min: 1, max: 1, apply: ([x]) => Math.floor(x!) },
    ceil: { min: 1, max: 1, apply: ([x]) => Math.ceil(x!) },
    min: { min: 1, max: Number.POSITIVE_INFINITY, apply: (args) => Math.min(...args) },
    max: { min: 1, max: Number.POSITIVE_INFINITY, apply: (args) => Math.max(...args) },
    pow: { min: 2, max: 2, apply: ([x, y]) => x! ** y! },
    log: {
      min: 1,
      max: 2,
      apply: ([x, base]) => (base === undefined ? Math.log10(x!) : Math.log(x!) / Math.log(base)),
    },
    ln: { min: 1, max: 1, apply: ([x]) => Math.log(x!) },
    exp: { min: 1, max: 1, apply: ([x]) => Math.exp(x!) },
    sin: { min: 1, max: 1, apply: ([x]) => Math.sin(x!) },
    cos: { min: 1, max: 1, apply: ([x]) => Math.cos(x!) },
    tan: { min: 1, max: 1, apply: ([x]) => Math.tan(x!) },
  }),
);

// Binding powers: a higher left power binds tighter; `^` binds right (its right power is lower).
const INFIX: Record<string, [left: number, right: number]> = {
  '+': [10, 10],
  '-': [10, 10],
  '*': [20, 20],
  '/': [20, 20],
  '%': [20, 20],
  '^': [40, 39],
};
const PREFIX_POWER = 30;

/**
 * Evaluates an arithmetic expression with a real parser (tokenizer + Pratt parser; never `eval`):
 * `+ - * / %`, right-associative `^` (also `**`), unary minus, parentheses, decimals, scientific
 * notation, `pi`, `e`, and sqrt abs round floor ceil min max pow log (base 10, or `log(x, base)`) ln exp
 * sin cos tan. `-2^2` is -4. Throws `CalculatorError` with a position for bad input, division by zero
 * and results that are not finite real numbers.
 */
export function evaluateExpression(source: string): number {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new CalculatorError(
      'too_long',
      `The expression is longer than ${MAX_EXPRESSION_LENGTH} characters`,
      MAX_EXPRESSION_LENGTH,
    );
  }
  const parser = new Parser(tokenize(source));
  const value = parser.parseExpression(0, 0);
  const next = parser.peek();
  if (next.kind !== 'end') throw unexpected(next);
  return value;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: CalculatorToken[]) {}

  peek(): CalculatorToken {
    return this.tokens[this.index]!;
  }

  private next(): CalculatorToken {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'end') this.index++;
    return token;
  }

  parseExpression(minPower: number, depth: number): number {
    if (depth > MAX_DEPTH) {
      throw new CalculatorError(
        'too_deep',
        `The expression nests deeper than ${MAX_DEPTH} levels`,
        this.peek().position,
      );
    }
    let left = this.parsePrefix(depth);
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator') break;
      const [leftPower, rightPower] = INFIX[token.operator]!;
      if (leftPower <= minPower) break;
      this.next();
      const right = this.parseExpression(rightPower, depth + 1);
      left = applyOperator(token.operator, left, right, token.position);
    }
    return left;
  }

  private parsePrefix(depth: number): number {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return token.value;
      case 'operator':
        if (token.operator === '-' || token.operator === '+') {
          const operand = this.parseExpression(PREFIX_POWER, depth + 1);
          return token.operator === '-' ? -operand : operand;
        }
        throw unexpected(token);
      case 'open': {
        const value = this.parseExpression(0, depth + 1);
        this.expect('close', 'Missing closing parenthesis');
        return value;
      }
      case 'name':
        return this.parseName(token, depth);
      default:
        throw unexpected(token);
    }
  }

  private parseName(token: CalculatorToken & { kind: 'name' }, depth: number): number {
    const fn = FUNCTIONS.get(token.name);
    if (fn === undefined || this.peek().kind !== 'open') {
      const constant = CONSTANTS.get(token.name);
      if (constant !== undefined && fn === undefined) return constant;
      if (fn !== undefined)
        throw new CalculatorError('syntax_error', `Function ${token.name} needs parentheses`, token.position);
      throw new CalculatorError('unknown_name', `Unknown name "${token.name}"`, token.position);
    }
    this.next();
    const args: number[] = [];
    if (this.peek().kind !== 'close') {
      args.push(this.parseExpression(0, depth + 1));
      while (this.peek().kind === 'comma') {
        this.next();
        args.push(this.parseExpression(0, depth + 1));
      }
    }
    this.expect('close', `Missing closing parenthesis after the arguments of ${token.name}`);
    if (args.length < fn.min || args.length > fn.max) {
      const expected =
        fn.min === fn.max
          ? `${fn.min}`
          : fn.max === Number.POSITIVE_INFINITY
            ? `at least ${fn.min}`
            : `${fn.min} or ${fn.max}`;
      throw new CalculatorError(
        'wrong_argument_count',
        `${token.name} takes ${expected} argument(s), got ${args.length}`,
        token.position,
      );
    }
    return checkFinite(fn.apply(args), `${token.name}(…)`, token.position);
  }

  private expect(kind: 'close', message: string): void {
    const token = this.next();
    if (token.kind !== kind) throw new CalculatorError('syntax_error', message, token.position);
  }
}

function applyOperator(operator: string, left: number, right: number, position: number): number {
  if ((operator === '/' || operator === '%') && right === 0) {
    throw new CalculatorError('division_by_zero', 'Division by zero', position);
  }
  let value: number;
  switch (operator) {
    case '+':
      value = left + right;
      break;
    case '-':
      value = left - right;
      break;
    case '*':
      value = left * right;
      break;
    case '/':
      value = left / right;
      break;
    case '%':
      value = left % right;
      break;
    default:
      value = left ** right;
  }
  return checkFinite(value, `"${operator}"`, position);
}

function checkFinite(value: number, what: string, position: number): number {
  if (Number.isNaN(value))
    throw new CalculatorError('not_finite', `The result of ${what} is not a real number`, position);
  if (!Number.isFinite(value))
    throw new CalculatorError('not_finite', `The result of ${what} is too large`, position);
  return value;
}

function unexpected(token: CalculatorToken): CalculatorError {
  if (token.kind === 'end')
    return new CalculatorError('syntax_error', 'The expression ends too early', token.position);
  const what =
    token.kind === 'number'
      ? `number ${token.value}`
      : token.kind === 'name'
        ? `"${token.name}"`
        : token.kind === 'operator'
          ? `"${token.operator}"`
          : token.kind === 'open'
            ? '"("'
            : token.kind === 'close'
              ? '")"'
              : '","';
  return new CalculatorError('syntax_error', `Unexpected ${what}`, token.position);
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** Math.trunc(digits);
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}
