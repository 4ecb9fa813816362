/** Why sandboxed code did not produce a result. */
export type SandboxErrorCode =
  | 'timeout'
  | 'memory_limit'
  | 'syntax_error'
  | 'runtime_error'
  | 'output_too_large'
  | 'invalid_input'
  | 'aborted'
  /** Every code thread this caller may use is taken and the wait for one ran out, or the queue is full. */
  | 'busy';

/** Sandboxed code failed; `code` says how, `message` says what the code did (line numbers are the user's). */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';

  constructor(
    readonly code: SandboxErrorCode,
    message: string,
  ) {
    super(message);
  }
}
