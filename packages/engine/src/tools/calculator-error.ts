/** Why the calculator refused an expression. */
export type CalculatorErrorCode =
  | 'syntax_error'
  | 'unknown_name'
  | 'wrong_argument_count'
  | 'division_by_zero'
  | 'not_finite'
  | 'too_long'
  | 'too_deep';

/** A bad expression, with the 0-based character position where the problem is. */
export class CalculatorError extends Error {
  override readonly name = 'CalculatorError';

  constructor(
    readonly code: CalculatorErrorCode,
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at position ${position})`);
  }
}
