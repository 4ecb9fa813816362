import type { Logger as EngineLogger } from '@agentry/engine';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AgentryConfig } from '../config';
import { REDACT_PATHS, REDACTED, scrubKnownSecrets, serializeError } from './redaction';
import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

/** A level of the structured logs (LOG_LEVEL). */
export type LogLevel = AgentryConfig['logLevel'];

/** The levels LOG_LEVEL accepts, most severe first. */
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** How to build a logger. */
export interface LoggerOptions {
  /** The `service` field of every line: `agentry-web`, `agentry-worker`, or `agentry` for other commands. */
  service: string;
  level: LogLevel;
  /** Readable lines (pino-pretty) instead of JSON; defaults to true unless NODE_ENV is `production`. */
  pretty?: boolean;
  /** Where lines go: stdout (the default), stderr, or a stream (tests). */
  destination?: 'stdout' | 'stderr' | DestinationStream;
}

/**
 * A logger with the request context, redaction and error serializer: JSON lines in production,
 * readable ones in development. Async only because pino-pretty is loaded on demand (never in production).
 */
export async function createLogger(options: LoggerOptions): Promise<Logger> {
  const pretty = options.pretty ?? process.env.NODE_ENV !== 'production';
  const stream = pretty ? await prettyStream(options.destination) : undefined;
  return buildLogger(options, stream ?? jsonStream(options.destination), stream === undefined);
}

/** The same logger as `createLogger` with JSON lines, built at once (for a process that has not set one up). */
export function createJsonLogger(options: Omit<LoggerOptions, 'pretty'>): Logger {
  return buildLogger(options, jsonStream(options.destination), true);
}

function buildLogger(options: LoggerOptions, stream: DestinationStream, json: boolean): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Shippers read a level's name more readily than pino's numbers; pino-pretty wants the numbers.
      formatters: json ? { level: (label) => ({ level: label }) } : {},
      // The request being handled: pino merges a fresh object per line, so nothing is shared.
      mixin() {
        const context = currentRequestContext();
        return context ? { requestId: context.requestId } : {};
      },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: serializeError, error: serializeError, cause: serializeError },
      hooks: { streamWrite: scrubKnownSecrets },
    },
    stream,
  );
}

function jsonStream(destination: LoggerOptions['destination']): DestinationStream {
  if (typeof destination === 'object') return destination;
  // Synchronous: a line written just before the process exits (a failed start) is not lost.
  return pino.destination({ dest: destination === 'stderr' ? 2 : 1, sync: true });
}

/** pino-pretty over the destination; undefined in production, where it is never loaded. */
async function prettyStream(
  destination: LoggerOptions['destination'],
): Promise<DestinationStream | undefined> {
  // Written out so that a production build sees a dead branch and leaves pino-pretty out altogether.
  if (process.env.NODE_ENV === 'production') return undefined;
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    destination: typeof destination === 'object' ? destination : destination === 'stderr' ? 2 : 1,
    sync: true,
    ignore: 'service',
    translateTime: 'SYS:HH:MM:ss.l',
  });
}

/**
 * The engine's Logger interface over a pino logger, with `bound` fields (the run id) on every line.
 * Fields are only merged when the level is on, so a quiet logger costs the engine nothing.
 */
export function engineLogger(logger: Logger, bound: Record<string, unknown>): EngineLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => {
      if (!logger.isLevelEnabled(level)) return;
      logger[level](fields ? { ...bound, ...fields } : { ...bound }, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
