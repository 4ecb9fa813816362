import cronstrue from 'cronstrue';

/** A cron expression in words ("At 08:00 AM, Monday through Friday"), or why it does not read. */
export function describeCron(cron: string): { text: string } | { error: string } {
  const trimmed = cron.trim();
  if (!trimmed) return { error: 'Enter a cron expression, e.g. 0 8 * * 1-5.' };
  const fields = trimmed.split(/\s+/).length;
  // cronstrue also reads 7 fields (years), which the scheduler does not: say so here, not at save time.
  if (fields < 5 || fields > 6) {
    return { error: `A cron expression has 5 fields (or 6, seconds first); this one has ${fields}.` };
  }
  try {
    return {
      text: cronstrue.toString(trimmed, { throwExceptionOnParseError: true, use24HourTimeFormat: true }),
    };
  } catch (error) {
    return {
      error:
        typeof error === 'string' ? error : error instanceof Error ? error.message : 'Not a cron expression.',
    };
  }
}

/** The IANA time zones the browser knows, with UTC first (older browsers: a short list). */
export function timeZones(): string[] {
  const supported =
    typeof Intl.supportedValuesOf === 'function'
      ? Intl.supportedValuesOf('timeZone')
      : ['Europe/London', 'America/New_York'];
  return ['UTC', ...supported.filter((zone) => zone !== 'UTC')];
}

/** The browser's own time zone, the default for a new schedule. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A run time shown in the schedule's zone, with the zone named ("Mon 2 Mar 2026, 08:00 CET"). */
export function formatInZone(when: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(when));
}
