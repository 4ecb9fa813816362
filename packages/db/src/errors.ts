/** Base class for database set-up errors; `code` is stable, the message names what to do. */
export class DatabaseError extends Error {
  constructor(
    readonly code: 'data_dir_locked' | 'data_dir_unusable' | 'migrations_missing' | 'connection_failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}
