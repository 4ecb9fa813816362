import {
  ingestionQueue,
  loadConfig,
  recoverEvalRuns,
  recoverRuns,
  startApprovalTimeouts,
  startTriggerScheduler,
} from '@agentry/api';
import * as http from '@agentry/api/http';
import { startTracing } from '@agentry/api/telemetry';
import { configureLogging, type LogLevel, logger } from '@agentry/api/logging';
import { installHotRoutes } from './hot-routes';
import * as runtimeModule from './lib/runtime';
import { shareServerModules } from './lib/server-modules';
import { releaseStartupMemory } from './lib/startup-memory';

// The streamed chat routes are answered before Next's router, by the same handlers (hot-routes.ts).
// Installed first: the host check and the address stamp below then run before it on every request.
installHotRoutes();
// The routes load the app through this bundle's copy instead of their own (lib/server-modules.ts). Not
// under `next dev`, for the reason hot-routes.ts gives: this hook is not reloaded on edits.
if (process.env.NODE_ENV !== 'development') shareServerModules({ http, runtime: runtimeModule });
// Per-address limits (sign-in, the public chat) need the address each request really came from.
http.stampPeerAddresses();
// DNS rebinding: requests whose Host is not a local name, an IP or AGENTRY_PUBLIC_HOSTS get 421, before
// Next sees them. Installed before the runtime opens, so no request is served unchecked; an invalid
// configuration (reported just below) leaves the strictest list: local names and IPs only.
http.refuseUnknownHosts(publicHostsFromConfig());
// Structured logs (JSON under NODE_ENV=production, readable otherwise) before anything is logged; the
// lines written while a request is handled carry its id (set where the hot routes hook into the servers).
await configureLogging({ service: 'agentry-web', level: logLevelFromConfig() });

/** LOG_LEVEL, or `info` while the configuration is invalid (reported with the rest just below). */
function logLevelFromConfig(): LogLevel {
  try {
    return loadConfig().logLevel;
  } catch {
    return 'info';
  }
}

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
  const runtime = await runtimeModule.openServerRuntime();
  // OTEL_EXPORTER_OTLP_ENDPOINT set: the SDK starts before any request is served, so Next's own spans
  // (the routes it serves), the hot routes' request spans and the runs' spans all go out. Unset: nothing loads.
  if (await startTracing(runtime.config, { serviceName: 'agentry-web' }))
    logger().info({ endpoint: runtime.config.otlpTracesEndpoint }, 'Agentry: traces go to the OTLP endpoint');
  const where = runtime.database.kind === 'pglite' ? 'embedded database at' : 'PostgreSQL at';
  logger().info({ location: runtime.database.location }, `Agentry: ${where}`);
  // Documents a previous process left queued or half-processed start again now, not on first visit.
  ingestionQueue(runtime);
  // Runs a previous process left running continue from their checkpoints (or are marked interrupted).
  const recovered = await recoverRuns(runtime);
  const touched = recovered.continued.length + recovered.interrupted.length + recovered.failed.length;
  if (touched > 0)
    logger().info(
      {
        continued: recovered.continued.length,
        interrupted: recovered.interrupted.length,
        failed: recovered.failed.length,
      },
      'Agentry: runs a previous process left running were recovered',
    );
  // Eval runs a previous process left running stop there: marked interrupted, their finished results kept.
  const interruptedEvals = await recoverEvalRuns(runtime);
  if (interruptedEvals.length > 0)
    logger().info(
      { interrupted: interruptedEvals.length },
      'Agentry: eval runs a previous process left running were marked interrupted',
    );
  // Questions with a timeout take their timeout branch when it passes, even across restarts.
  startApprovalTimeouts(runtime);
  // Schedule triggers fire: polled here in one process, BullMQ's job schedulers (kept in step here) in
  // queue mode. A Redis hiccup at start is reported, not fatal: the schedulers already there still fire.
  await startTriggerScheduler(runtime).catch((error: unknown) =>
    logger().error(
      { err: error },
      'Agentry: schedule triggers could not be set up; the schedules already in the queue still fire',
    ),
  );
  // What start-up used and no longer needs goes back now, not when V8 next judges the process idle.
  releaseStartupMemory();
} catch (error) {
  // The reason is in the message itself: it is the one line a person starting the server must read.
  const reason = error instanceof Error ? error.message : String(error);
  logger().fatal({ reason }, `Agentry could not start: ${reason}`);
  process.exit(1);
}
