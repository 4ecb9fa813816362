import { createLogger, type Logger, type LogLevel } from './logger';

/** A JSON logger whose lines are kept in memory, as a test reads them. */
export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, as written. */
  text(): string;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
}

/** A production-shaped (JSON) logger at `level` that writes to memory instead of stdout. */
export async function captureLogs(level: LogLevel, service = 'agentry-test'): Promise<CapturedLogs> {
  const written: string[] = [];
  const logger = await createLogger({
    service,
    level,
    pretty: false,
    destination: { write: (line: string) => void written.push(line) },
  });
  return {
    logger,
    text: () => written.join(''),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
