import cronstrue from 'cronstrue';
// cronstrue's Chinese words (about 4 kB); other languages fall back to its English.
import 'cronstrue/locales/zh_CN';

/** Why a cron expression does not read, for the form to word in the page's language. */
export type CronProblem =
  | { kind: 'empty' }
  | { kind: 'fields'; fields: number }
  /** `detail`: cronstrue's own (English) explanation, when it gave one. */
  | { kind: 'invalid'; detail?: string };

/** cronstrue's name of a page language: zh_CN for zh-CN; English for languages it is not given. */
function cronLocale(locale: string): string {
  return locale.toLowerCase().startsWith('zh') ? 'zh_CN' : 'en';
}

/**
 * A cron expression in words in the page's language ("At 08:00, Monday through Friday"), or why it does
 * not read.
 */
export function describeCron(cron: string, locale = 'en'): { text: string } | { problem: CronProblem } {
  const trimmed = cron.trim();
  if (!trimmed) return { problem: { kind: 'empty' } };
  const fields = trimmed.split(/\s+/).length;
  // cronstrue also reads 7 fields (years), which the scheduler does not: say so here, not at save time.
  if (fields < 5 || fields > 6) return { problem: { kind: 'fields', fields } };
  try {
    return {
      text: cronstrue.toString(trimmed, {
        throwExceptionOnParseError: true,
        use24HourTimeFormat: true,
        locale: cronLocale(locale),
      }),
    };
  } catch (error) {
    const detail = typeof error === 'string' ? error : error instanceof Error ? error.message : undefined;
    return { problem: { kind: 'invalid', detail } };
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
export function formatInZone(when: Date | string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
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
