import {
  createJsonLogger,
  createLogger,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logger';

const STATE = Symbol.for('agentry.logging.processLogger');

/** The process's logger, on globalThis so every copy of this package (Next loads two) writes through it. */
interface ProcessLogging {
  logger?: Logger;
  configured: boolean;
}

function state(): ProcessLogging {
  const holder = globalThis as { [STATE]?: ProcessLogging };
  holder[STATE] ??= { configured: false };
  return holder[STATE];
}

/**
 * The process's logger, for code that has no runtime at hand (HTTP plumbing, Redis clients). Until the
 * server or worker sets one up (`configureLogging`), JSON lines go to stderr at LOG_LEVEL, so a command's
 * own output on stdout stays clean.
 */
export function logger(): Logger {
  const current = state();
  current.logger ??= createJsonLogger({
    service: 'agentry',
    level: levelFromEnvironment(),
    destination: 'stderr',
  });
  return current.logger;
}

/** Builds the process's logger (the web server and the worker call this first) and returns it. */
export async function configureLogging(options: LoggerOptions): Promise<Logger> {
  const created = await createLogger(options);
  const current = state();
  current.logger = created;
  current.configured = true;
  return created;
}

/** Whether the process's logger was set up explicitly, rather than the stderr fallback. */
export function loggingConfigured(): boolean {
  return state().configured;
}

/** Makes `replacement` the process's logger until the returned function puts the previous one back (tests). */
export function useLogger(replacement: Logger): () => void {
  const current = state();
  const previous = { ...current };
  current.logger = replacement;
  current.configured = true;
  return () => {
    current.logger = previous.logger;
    current.configured = previous.configured;
  };
}

/** LOG_LEVEL when it names a level, else `info` (the configuration check reports a bad value). */
function levelFromEnvironment(): LogLevel {
  const level = process.env.LOG_LEVEL as LogLevel | undefined;
  return level && LOG_LEVELS.includes(level) ? level : 'info';
}
