import { useLocale } from 'next-intl';
import { useMemo } from 'react';

/** Numbers, money, durations and dates in one locale's way of writing them. */
export interface Format {
  /** 1,234 · 1.234 · 1 234 */
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** 12.3K (compact, for token counts on small charts) */
  compact(value: number): string;
  /** US$0.0042 / $0.0042: four decimals below a cent, else two. Prices are entered in US dollars. */
  usd(value: number): string;
  /** 0.873 → 87.3% */
  percent(ratio: number): string;
  /** 830 ms · 4.2 s · 3 min 5 s, as a timer would say it. */
  duration(ms: number): string;
  /** 6 Dec 2026 */
  date(value: Date | string | number): string;
  /** 6 Dec 2026, 14:05 */
  dateTime(value: Date | string | number): string;
  /** 14:05:09 */
  time(value: Date | string | number): string;
  /** 3 minutes ago · in 2 hours */
  relative(value: Date | string | number, now?: number): string;
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** Formatting for `locale`; pure, so pure functions and tests can use it without React. */
export function createFormat(locale: string): Format {
  const numbers = new Intl.NumberFormat(locale);
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const cents = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' });
  const fractions = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 4,
    maximumFractionDigits: 4,
  });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const unit = (name: string, digits = 0) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: name,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    });
  const ms = unit('millisecond');
  const seconds = unit('second', 1);
  const minutes = unit('minute');
  const hours = unit('hour');
  const wholeSeconds = unit('second');
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const list = new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' });
  return {
    number: (value, options) => (options ? new Intl.NumberFormat(locale, options) : numbers).format(value),
    compact: (value) => compact.format(value),
    usd: (value) => (value !== 0 && Math.abs(value) < 0.01 ? fractions : cents).format(value),
    percent: (ratio) => percent.format(ratio),
    duration(value) {
      if (value < 1000) return ms.format(Math.round(value));
      if (value < 60_000) return seconds.format(value / 1000);
      const totalSeconds = Math.round(value / 1000);
      if (totalSeconds < 3600) {
        const rest = totalSeconds % 60;
        const parts = [minutes.format(Math.floor(totalSeconds / 60))];
        if (rest) parts.push(wholeSeconds.format(rest));
        return list.format(parts);
      }
      const rest = Math.round((totalSeconds % 3600) / 60);
      const parts = [hours.format(Math.floor(totalSeconds / 3600))];
      if (rest) parts.push(minutes.format(rest));
      return list.format(parts);
    },
    date: (value) => date.format(new Date(value)),
    dateTime: (value) => dateTime.format(new Date(value)),
    time: (value) => time.format(new Date(value)),
    relative(value, now = Date.now()) {
      let amount = (new Date(value).getTime() - now) / 1000;
      for (const [name, size] of RELATIVE_STEPS) {
        if (Math.abs(amount) < size) return relative.format(Math.round(amount), name);
        amount /= size;
      }
      return relative.format(Math.round(amount), 'year');
    },
  };
}

/** `createFormat` for the page's language. */
export function useFormat(): Format {
  const locale = useLocale();
  return useMemo(() => createFormat(locale), [locale]);
}
