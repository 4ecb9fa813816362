import { type DatabaseHandle, openDatabase } from '@agentry/db';
import { type AgentryConfig, loadConfig } from './config';
import { createSecretBox, loadSecretMaterial, type SecretBox } from './security/secret-box';
import { verifySecretKey } from './security/secret-key-check';
import type { Redis } from 'ioredis';
import { type AttemptLimiter, FailureLimiter, SIGN_IN_LIMITS } from './rate-limit';
import type { InvalidationBus } from './services/cache-invalidation';
import type { CodeRunner } from '@agentry/engine';
import type { RunQueue } from './queue/run-queue';
import { createModelThreads, type ModelThreads } from './model-threads/model-threads';
import { createWorkerCodeRunner } from './sandbox/worker-code-runner';
import { ensureAdminFromConfig } from './services/auth';
import { rememberConfigSecrets } from './logging/config-secrets';
import type { Logger } from './logging/logger';
import { configureLogging, logger, loggingConfigured } from './logging/process-logger';

/** Everything a request, CLI command or worker needs: config, database, secret box, limiters. */
export interface Runtime {
  config: AgentryConfig;
  database: DatabaseHandle;
  db: DatabaseHandle['db'];
  secrets: SecretBox;
  /** Counts sign-in and sign-up attempts per email and per client address (in Redis with REDIS_URL, else in memory). */
  signInLimiter: AttemptLimiter;
  /** With REDIS_URL: tells every process which cached keys, agents and credentials to drop. */
  invalidation?: InvalidationBus;
  /** With REDIS_URL: the connection for state shared between processes (see services/shared-state.ts). */
  sharedRedis?: Redis;
  /** Queue mode (REDIS_URL): runs go to workers; absent, they run in this process. */
  runQueue?: RunQueue;
  /** Runs Code-tool JavaScript on worker threads, off the event loop. */
  codeRunner: CodeRunner;
  /** Makes provider calls on worker threads (AGENTRY_MODEL_THREADS); absent, they run on the event loop. */
  modelThreads?: ModelThreads;
  /** The structured logger (pino): the process's, unless the runtime was given its own (tests). */
  logger: Logger;
}

/** Options for opening a runtime. */
export interface RuntimeOptions {
  /** Who holds the embedded database (shown to other processes that find it locked). */
  purpose?: string;
  /** The URL this process serves, if any. */
  url?: string;
  /** Use an already-open database (tests). */
  database?: DatabaseHandle;
  /** Send runs to this queue instead of the one REDIS_URL implies (tests), or `null` to run in-process. */
  runQueue?: RunQueue | null;
  /** Log through this logger instead of the process's (tests capture lines this way). */
  logger?: Logger;
}

/**
 * The process's logger; a command that set none up (the CLI's run, chat, eval) gets one at LOG_LEVEL on
 * stderr, so its answers on stdout stay clean.
 */
async function runtimeLogger(config: AgentryConfig): Promise<Logger> {
  if (loggingConfigured()) return logger();
  return configureLogging({ service: 'agentry', level: config.logLevel, destination: 'stderr' });
}

/** The queue REDIS_URL names; its client libraries are loaded only then. */
async function redisRunQueue(config: AgentryConfig): Promise<RunQueue | undefined> {
  if (!config.redisUrl) return undefined;
  const { createRedisRunQueue } = await import('./queue/run-queue');
  return createRedisRunQueue(config.redisUrl, { queue: config.queueName });
}

/** Opens the database (migrating it), loads the secret key and creates the admin from the environment. */
export async function createRuntime(config: AgentryConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  // Known before anything can log: no line shows the configuration's keys and passwords.
  rememberConfigSecrets(config);
  const runtimeLog = options.logger ?? (await runtimeLogger(config));
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      purpose: options.purpose ?? 'agentry',
      url: options.url,
    }));
  const secrets = createSecretBox(loadSecretMaterial(config.dataDir, config.secret));
  // A process whose key differs from the one the credentials were saved with says so now, not at a run.
  await verifySecretKey({ config, database, db: database.db, secrets }).catch(async (error: unknown) => {
    if (!options.database) await database.close().catch(() => {});
    throw error;
  });
  const runtime: Runtime = {
    config,
    database,
    db: database.db,
    secrets,
    signInLimiter: new FailureLimiter(SIGN_IN_LIMITS),
    codeRunner: createWorkerCodeRunner({ size: config.codeThreads }),
    modelThreads: config.modelThreads > 0 ? createModelThreads({ size: config.modelThreads }) : undefined,
    runQueue: options.runQueue === null ? undefined : (options.runQueue ?? (await redisRunQueue(config))),
    logger: runtimeLog,
  };
  if (config.redisUrl) {
    // Several processes on one database: limits and cache invalidations go through Redis.
    const { openSharedState } = await import('./services/shared-state');
    const shared = await openSharedState(config.redisUrl, () => runtime);
    runtime.sharedRedis = shared.redis;
    runtime.signInLimiter = shared.signInLimiter;
    runtime.invalidation = shared.invalidation;
  }
  await ensureAdminFromConfig(runtime);
  return runtime;
}

const globalKey = Symbol.for('agentry.runtime');
type GlobalWithRuntime = typeof globalThis & { [globalKey]?: Promise<Runtime> };

/**
 * The process-wide runtime, opened on first use. The embedded database serves one process, so every
 * route and module in a server shares this one (kept on globalThis to survive dev-server reloads).
 */
export function getRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const holder = globalThis as GlobalWithRuntime;
  if (!holder[globalKey]) {
    holder[globalKey] = createRuntime(loadConfig(), options).catch((error: unknown) => {
      holder[globalKey] = undefined;
      throw error;
    });
  }
  return holder[globalKey];
}
