import { CalculatorError } from './calculator-error';

/** One lexical token of an arithmetic expression, with its position in the source. */
export type CalculatorToken =
  | { kind: 'number'; value: number; position: number }
  | { kind: 'name'; name: string; position: number }
  | { kind: 'operator'; operator: '+' | '-' | '*' | '/' | '%' | '^'; position: number }
  | { kind: 'open' | 'close' | 'comma' | 'end'; position: number };

const SINGLE: Record<string, CalculatorToken['kind'] | '+' | '-' | '*' | '/' | '%' | '^'> = {
  '(': 'open',
  ')': 'close',
  ',': 'comma',
  '+': '+',
  '-': '-',
  '−': '-',
  '*': '*',
  '×': '*',
  '/': '/',
  '÷': '/',
  '%': '%',
  '^': '^',
};

/** Splits an expression into tokens; `**` is read as `^`, `×`/`÷`/`−` as `*`/`/`/`-`. */
export function tokenize(source: string): CalculatorToken[] {
  const tokens: CalculatorToken[] = [];
  let index = 0;
  while (index < source.length) {
    const character = source[index]!;
    if (character === ' ' || character === '\t' || character === '\n' || character === '\r') {
      index++;
    } else if (isDigit(character) || (character === '.' && isDigit(source[index + 1] ?? ''))) {
      index = readNumber(source, index, tokens);
    } else if (isLetter(character)) {
      const start = index;
      while (index < source.length && (isLetter(source[index]!) || isDigit(source[index]!))) index++;
      tokens.push({ kind: 'name', name: source.slice(start, index).toLowerCase(), position: start });
    } else if (character === '*' && source[index + 1] === '*') {
      tokens.push({ kind: 'operator', operator: '^', position: index });
      index += 2;
    } else {
      const single = Object.hasOwn(SINGLE, character) ? SINGLE[character] : undefined;
      if (single === undefined) {
        throw new CalculatorError('syntax_error', `Unexpected character "${character}"`, index);
      }
      if (single === 'open' || single === 'close' || single === 'comma')
        tokens.push({ kind: single, position: index });
      else tokens.push({ kind: 'operator', operator: single as '+', position: index });
      index++;
    }
  }
  tokens.push({ kind: 'end', position: source.length });
  return tokens;
}

function readNumber(source: string, start: number, tokens: CalculatorToken[]): number {
  let index = start;
  while (isDigit(source[index] ?? '')) index++;
  if (source[index] === '.') {
    index++;
    while (isDigit(source[index] ?? '')) index++;
  }
  if (source[index] === 'e' || source[index] === 'E') {
    let exponent = index + 1;
    if (source[exponent] === '+' || source[exponent] === '-') exponent++;
    if (isDigit(source[exponent] ?? '')) {
      index = exponent;
      while (isDigit(source[index] ?? '')) index++;
    }
  }
  if (source[index] === '.')
    throw new CalculatorError('syntax_error', 'A number has two decimal points', index);
  tokens.push({ kind: 'number', value: Number(source.slice(start, index)), position: start });
  return index;
}

function isDigit(character: string): boolean {
  return character >= '0' && character <= '9';
}

function isLetter(character: string): boolean {
  return (
    (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') || character === '_'
  );
}
