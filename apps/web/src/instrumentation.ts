/**
 * Runs once when the server starts: opens the database (applying migrations), creates the owner from
 * AGENTRY_ADMIN_EMAIL/PASSWORD when set, and stops the process with a clear message when the data
 * directory is locked by another process or cannot be opened.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    await import('./instrumentation-node');
  }
}
