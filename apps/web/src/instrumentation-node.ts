import { ingestionQueue } from '@agentry/api';
import { stampPeerAddresses } from '@agentry/api/http';
import { openServerRuntime } from './lib/runtime';

// Per-address limits (sign-in, the public chat) need the address each request really came from.
stampPeerAddresses();

try {
  const runtime = await openServerRuntime();
  const where = runtime.database.kind === 'pglite' ? 'embedded database at' : 'PostgreSQL at';
  console.log(`Agentry: ${where} ${runtime.database.location}`);
  // Documents a previous process left queued or half-processed start again now, not on first visit.
  ingestionQueue(runtime);
} catch (error) {
  console.error(`\nAgentry could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
