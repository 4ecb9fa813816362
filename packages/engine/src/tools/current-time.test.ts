import { describe, expect, it } from 'vitest';
import { getCurrentTime, InvalidTimeZoneError } from './current-time';

const clock = () => new Date('2025-07-01T12:34:56.000Z');

describe('getCurrentTime', () => {
  it('reads the injected clock and defaults to UTC', () => {
    expect(getCurrentTime(clock)).toEqual({
      iso: '2025-07-01T12:34:56.000Z',
      timeZone: 'UTC',
      formatted: 'Tuesday, July 1, 2025 at 12:34:56 PM UTC',
    });
  });

  it('formats in the requested zone', () => {
    const time = getCurrentTime(clock, 'Asia/Tokyo');
    expect(time.timeZone).toBe('Asia/Tokyo');
    expect(time.formatted).toContain('9:34:56 PM');
    expect(time.iso).toBe('2025-07-01T12:34:56.000Z');
  });

  it('refuses unknown zones with a clear error', () => {
    expect(() => getCurrentTime(clock, 'Mars/Olympus')).toThrow(InvalidTimeZoneError);
    expect(() => getCurrentTime(clock, 'Mars/Olympus')).toThrow(/not a known time zone/);
    try {
      getCurrentTime(clock, 'nowhere');
    } catch (error) {
      expect((error as InvalidTimeZoneError).code).toBe('invalid_time_zone');
    }
  });
});
