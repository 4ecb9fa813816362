import path from 'node:path';
import type { McpCommand } from '@agentry/engine';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  AGENTRY_DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: optionalText,
  REDIS_URL: optionalText,
  AGENTRY_QUEUE_NAME: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9_-]{1,60}$/,
      'AGENTRY_QUEUE_NAME must be 1 to 60 letters, digits, "-" or "_" (it starts every Redis key of the run queue)',
    )
    .default('agentry-runs'),
  AGENTRY_SECRET: optionalText,
  AGENTRY_ADMIN_EMAIL: optionalText.pipe(z.email('AGENTRY_ADMIN_EMAIL must be an email address').optional()),
  AGENTRY_ADMIN_PASSWORD: optionalText,
  OPENAI_API_KEY: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  GOOGLE_GENERATIVE_AI_API_KEY: optionalText,
  OLLAMA_BASE_URL: optionalText,
  AGENTRY_ALLOW_PRIVATE_HOSTS: optionalText,
  AGENTRY_MCP_COMMANDS: optionalText,
  AGENTRY_PUBLIC_HOSTS: optionalText,
  AGENTRY_MODEL_THREADS: z.coerce
    .number({ error: 'AGENTRY_MODEL_THREADS must be a whole number from 0 to 16' })
    .int('AGENTRY_MODEL_THREADS must be a whole number from 0 to 16')
    .min(0, 'AGENTRY_MODEL_THREADS must be a whole number from 0 to 16')
    .max(16, 'AGENTRY_MODEL_THREADS must be a whole number from 0 to 16')
    .default(1),
  AGENTRY_CODE_THREADS: z.coerce
    .number({ error: 'AGENTRY_CODE_THREADS must be a whole number from 1 to 16' })
    .int('AGENTRY_CODE_THREADS must be a whole number from 1 to 16')
    .min(1, 'AGENTRY_CODE_THREADS must be a whole number from 1 to 16')
    .max(16, 'AGENTRY_CODE_THREADS must be a whole number from 1 to 16')
    .default(2),
  AGENTRY_TRUSTED_PROXIES: z.coerce
    .number({ error: 'AGENTRY_TRUSTED_PROXIES must be a whole number from 0 to 10' })
    .int('AGENTRY_TRUSTED_PROXIES must be a whole number from 0 to 10')
    .min(0, 'AGENTRY_TRUSTED_PROXIES must be a whole number from 0 to 10')
    .max(10, 'AGENTRY_TRUSTED_PROXIES must be a whole number from 0 to 10')
    .default(0),
  AGENTRY_STORAGE_QUOTA_MB: z.coerce
    .number({ error: 'AGENTRY_STORAGE_QUOTA_MB must be a whole number of megabytes (0: no quota)' })
    .int('AGENTRY_STORAGE_QUOTA_MB must be a whole number of megabytes (0: no quota)')
    .min(0, 'AGENTRY_STORAGE_QUOTA_MB must be a whole number of megabytes (0: no quota)')
    .default(1024),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(
    z.url('OTEL_EXPORTER_OTLP_ENDPOINT must be a URL, e.g. http://127.0.0.1:4318').optional(),
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText.pipe(
    z
      .url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be a URL, e.g. http://127.0.0.1:4318/v1/traces')
      .optional(),
  ),
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: z
    .enum(['true', 'false', ''], {
      error: 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT must be true or false',
    })
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  AGENTRY_METRICS_TOKEN: optionalText.pipe(
    z.string().min(16, 'AGENTRY_METRICS_TOKEN must be at least 16 characters').optional(),
  ),
});

/** One local MCP server an admin allows: the program, its arguments and extra environment. */
const mcpCommandSchema = z
  .object({
    command: z.string().trim().min(1, 'command must be a non-empty string'),
    args: z
      .array(z.string({ error: 'args must be a list of strings' }), {
        error: 'args must be a list of strings',
      })
      .optional(),
    env: z
      .record(z.string(), z.string({ error: 'env values must be strings' }), {
        error: 'env must map names to strings',
      })
      .optional(),
    cwd: z.string().trim().min(1, 'cwd must be a non-empty string').optional(),
  })
  .strict();

const mcpCommandsSchema = z.record(z.string(), mcpCommandSchema);
const MCP_COMMAND_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Reads AGENTRY_MCP_COMMANDS: `{ "<name>": { "command": "…", "args": […], "env": {…} } }`. Graphs pick a
 * name; only these programs ever start. Unset: local (stdio) MCP servers are off.
 */
function parseMcpCommands(text: string | undefined): Record<string, McpCommand> {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `Invalid configuration: AGENTRY_MCP_COMMANDS is not valid JSON (${(error as Error).message}). Expected {"name": {"command": "…", "args": ["…"]}}.`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(
      'Invalid configuration: AGENTRY_MCP_COMMANDS must be a JSON object of named commands, e.g. {"files": {"command": "npx", "args": ["…"]}}.',
    );
  }
  const badName = Object.keys(json).find((name) => !MCP_COMMAND_NAME.test(name));
  if (badName !== undefined) {
    throw new Error(
      `Invalid configuration: AGENTRY_MCP_COMMANDS names "${badName}": names are 1 to 64 letters, digits, ".", "_" or "-".`,
    );
  }
  const parsed = mcpCommandsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${['AGENTRY_MCP_COMMANDS', ...issue.path].join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Agentry's configuration, read once from the environment. */
export interface AgentryConfig {
  port: number;
  host: string;
  /** Absolute path of the data directory (embedded database, secret key, files). */
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  /** BullMQ queue of runs (and the start of its Redis keys): installs or test suites sharing a Redis use their own. */
  queueName: string;
  secret?: string;
  admin?: { email: string; password: string };
  /** Private or loopback hosts an admin lets tools, model and embedding base URLs reach; all others are refused. */
  allowPrivateHosts: string[];
  /** Local (stdio) MCP servers MCP Tools nodes may start, by name (AGENTRY_MCP_COMMANDS); empty: none. */
  mcpCommands: Record<string, McpCommand>;
  /**
   * Host names the server answers to besides local names and IP addresses (`agentry.example.com`,
   * `*.example.com`); requests for any other name are refused (DNS rebinding, see http/host-check.ts).
   */
  publicHosts: string[];
  /** Worker threads that make provider calls off the event loop; 0 makes them on it. */
  modelThreads: number;
  /** Worker threads that run Code tools; one workspace may hold half of them at once. */
  codeThreads: number;
  /**
   * Proxies in front of the server that append the client's address to X-Forwarded-For; 0 means the
   * connection's own address is the client's (see http/client-address.ts).
   */
  trustedProxies: number;
  /** Most megabytes of uploaded knowledge files a workspace may store; 0 means no quota. */
  storageQuotaMb: number;
  /** Where OpenTelemetry traces go (OTLP/HTTP); unset: no tracing at all. */
  otlpTracesEndpoint?: string;
  /** Prompts and answers go into spans only when the admin turns this on (the GenAI convention's variable). */
  otelCaptureContent: boolean;
  /** Level of the structured logs (LOG_LEVEL). */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bearer token of `GET /api/metrics`; unset: metrics are off (404). */
  metricsToken?: string;
  providerDefaults: {
    openaiApiKey?: string;
    anthropicApiKey?: string;
    googleApiKey?: string;
    ollamaBaseUrl?: string;
  };
}

/**
 * Reads and validates the environment. A relative data dir is resolved against the directory the
 * command was started from (pnpm's INIT_CWD), so `AGENTRY_DATA_DIR=./x pnpm start` means what it says.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentryConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const value = parsed.data;
  if (Boolean(value.AGENTRY_ADMIN_EMAIL) !== Boolean(value.AGENTRY_ADMIN_PASSWORD)) {
    throw new Error(
      'Invalid configuration: set both AGENTRY_ADMIN_EMAIL and AGENTRY_ADMIN_PASSWORD, or neither.',
    );
  }
  if (value.REDIS_URL && !value.DATABASE_URL) {
    throw new Error(
      'Invalid configuration: REDIS_URL (queue mode) needs DATABASE_URL too. Workers and the web server share the database, and the embedded one serves a single process.',
    );
  }
  const mcpCommands = parseMcpCommands(value.AGENTRY_MCP_COMMANDS);
  const base = env.INIT_CWD ?? process.cwd();
  return {
    port: value.PORT,
    host: value.HOST,
    dataDir: path.resolve(base, value.AGENTRY_DATA_DIR),
    databaseUrl: value.DATABASE_URL,
    redisUrl: value.REDIS_URL,
    queueName: value.AGENTRY_QUEUE_NAME,
    secret: value.AGENTRY_SECRET,
    admin:
      value.AGENTRY_ADMIN_EMAIL && value.AGENTRY_ADMIN_PASSWORD
        ? { email: value.AGENTRY_ADMIN_EMAIL, password: value.AGENTRY_ADMIN_PASSWORD }
        : undefined,
    allowPrivateHosts: (value.AGENTRY_ALLOW_PRIVATE_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim())
      .filter(Boolean),
    mcpCommands,
    publicHosts: (value.AGENTRY_PUBLIC_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
    modelThreads: value.AGENTRY_MODEL_THREADS,
    codeThreads: value.AGENTRY_CODE_THREADS,
    trustedProxies: value.AGENTRY_TRUSTED_PROXIES,
    storageQuotaMb: value.AGENTRY_STORAGE_QUOTA_MB,
    // The traces endpoint wins, as in the OTLP exporter specification; the base endpoint gets /v1/traces.
    otlpTracesEndpoint:
      value.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
      (value.OTEL_EXPORTER_OTLP_ENDPOINT
        ? `${value.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
        : undefined),
    otelCaptureContent: value.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT === 'true',
    logLevel: value.LOG_LEVEL,
    metricsToken: value.AGENTRY_METRICS_TOKEN,
    providerDefaults: {
      openaiApiKey: value.OPENAI_API_KEY,
      anthropicApiKey: value.ANTHROPIC_API_KEY,
      googleApiKey: value.GOOGLE_GENERATIVE_AI_API_KEY,
      ollamaBaseUrl: value.OLLAMA_BASE_URL,
    },
  };
}
