import {
  ingestionQueue,
  loadConfig,
  recoverEvalRuns,
  recoverRuns,
  startApprovalTimeouts,
  startTriggerScheduler,
} from '@agentry/api';
import { refuseUnknownHosts, stampPeerAddresses } from '@agentry/api/http';
import { installHotRoutes } from './hot-routes';
import { openServerRuntime } from './lib/runtime';

// The streamed chat routes are answered before Next's router, by the same handlers (hot-routes.ts).
// Installed first: the host check and the address stamp below then run before it on every request.
installHotRoutes();
// Per-address limits (sign-in, the public chat) need the address each request really came from.
stampPeerAddresses();
// DNS rebinding: requests whose Host is not a local name, an IP or AGENTRY_PUBLIC_HOSTS get 421, before
// Next sees them. Installed before the runtime opens, so no request is served unchecked; an invalid
// configuration (reported just below) leaves the strictest list: local names and IPs only.
refuseUnknownHosts(publicHostsFromConfig());

function publicHostsFromConfig(): string[] {
  try {
    const config = loadConfig();
    // A server started on a host name (HOST=agentry.lan) answers to that name too.
    return [...config.publicHosts, config.host];
  } catch {
    return [];
  }
}

try {
  const runtime = await openServerRuntime();
  const where = runtime.database.kind === 'pglite' ? 'embedded database at' : 'PostgreSQL at';
  console.log(`Agentry: ${where} ${runtime.database.location}`);
  // Documents a previous process left queued or half-processed start again now, not on first visit.
  ingestionQueue(runtime);
  // Runs a previous process left running continue from their checkpoints (or are marked interrupted).
  const recovered = await recoverRuns(runtime);
  const touched = recovered.continued.length + recovered.interrupted.length + recovered.failed.length;
  if (touched > 0)
    console.log(
      `Agentry: runs left running: ${recovered.continued.length} continued, ${recovered.interrupted.length} interrupted, ${recovered.failed.length} failed`,
    );
  // Eval runs a previous process left running stop there: marked interrupted, their finished results kept.
  const interruptedEvals = await recoverEvalRuns(runtime);
  if (interruptedEvals.length > 0)
    console.log(`Agentry: eval runs left running: ${interruptedEvals.length} interrupted`);
  // Questions with a timeout take their timeout branch when it passes, even across restarts.
  startApprovalTimeouts(runtime);
  // Schedule triggers fire: polled here in one process, BullMQ's job schedulers (kept in step here) in
  // queue mode. A Redis hiccup at start is reported, not fatal: the schedulers already there still fire.
  await startTriggerScheduler(runtime).catch((error: unknown) =>
    console.error(
      `Agentry: schedule triggers could not be set up: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
} catch (error) {
  console.error(`\nAgentry could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
