import { describe, expect, it } from 'vitest';
import { formatChange, formatSetting, formatValue } from './format-setting';

describe('formatting a changed setting', () => {
  it('quotes short texts whole and shows other values as JSON', () => {
    expect(formatChange('Be brief.', 'Be kind.')).toEqual(['“Be brief.”', '“Be kind.”']);
    expect(formatChange(0.7, 0.2)).toEqual(['0.7', '0.2']);
    expect(formatValue(undefined)).toBe('not set');
  });

  it('shows the sentence added to the end of a long prompt, not the beginning both share', () => {
    const before = `You handle refund requests for a shop. ${'Restate the request briefly. '.repeat(4)}`;
    const after = `${before}Always answer in Chinese.`;
    const [was, now] = formatChange(before, after, 80);
    expect(now).toContain('Always answer in Chinese.');
    expect(now.startsWith('“…')).toBe(true);
    expect(was.endsWith('”')).toBe(true);
    expect(now.length).toBeLessThanOrEqual(80);
    expect(was.length).toBeLessThanOrEqual(80);
  });

  it('shows a word changed in the middle with a little of what surrounds it', () => {
    const tail = ' and always cite the source you used. '.repeat(3);
    const [was, now] = formatChange(`Answer in English${tail}`, `Answer in Chinese${tail}`, 60);
    expect(was).toContain('English');
    expect(now).toContain('Chinese');
    expect(now.endsWith('…”')).toBe(true);
  });

  it('cuts a long differing part to the limit, keeping its beginning', () => {
    const [was, now] = formatChange('x'.repeat(10), 'y'.repeat(500), 40);
    expect(was).toBe('“xxxxxxxxxx”');
    expect(now.length).toBeLessThanOrEqual(40);
    expect(now.startsWith('“yyy')).toBe(true);
    expect(formatSetting({ key: 'system', before: 'a', after: 'b' })).toBe('system: “a” → “b”');
  });
});
