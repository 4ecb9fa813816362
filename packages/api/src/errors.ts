/** Stable error codes the services raise; each maps to one HTTP status. */
export type AppErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

const APP_ERROR = Symbol.for('agentry.AppError');

/**
 * An error whose message is safe and useful to show to the caller. `instanceof` recognizes an AppError
 * made by another copy of this module (Next bundles the package once per layer, and state such as
 * limiters is shared between the copies through the runtime), by a brand rather than the class.
 * (So a subclass would match every AppError: there are none.)
 */
export class AppError extends Error {
  readonly [APP_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' && value !== null && (value as { [APP_ERROR]?: boolean })[APP_ERROR] === true
    );
  }

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The HTTP status for this error. */
  get status(): number {
    return STATUS[this.code];
  }
}
