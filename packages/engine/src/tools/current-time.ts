/** The time zone name is not one Intl knows. */
export class InvalidTimeZoneError extends Error {
  override readonly name = 'InvalidTimeZoneError';
  readonly code = 'invalid_time_zone';

  constructor(readonly timeZone: string) {
    super(`"${timeZone}" is not a known time zone. Use an IANA name such as "Europe/Paris" or "UTC".`);
  }
}

/** The current time as the `current_time` tool returns it. */
export interface CurrentTime {
  iso: string;
  timeZone: string;
  formatted: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Reads the injected clock and formats it in a time zone (UTC by default, so a server's own zone never
 * leaks into answers). Throws `InvalidTimeZoneError` for names Intl does not know.
 */
export function getCurrentTime(clock: () => Date, timeZone = 'UTC'): CurrentTime {
  const formatter = formatterFor(timeZone.trim() || 'UTC');
  const now = clock();
  return {
    iso: now.toISOString(),
    timeZone: formatter.resolvedOptions().timeZone,
    formatted: formatter.format(now),
  };
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'full', timeStyle: 'long' });
    } catch {
      throw new InvalidTimeZoneError(timeZone);
    }
    if (formatters.size > 500) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
