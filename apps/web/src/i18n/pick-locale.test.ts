import { describe, expect, it } from 'vitest';
import { pickLocale } from './pick-locale';

const SHIPPED = ['en', 'zh-CN'];

describe('pickLocale', () => {
  it("prefers the user's setting, then the sign-in page's choice, then the browser", () => {
    expect(pickLocale(SHIPPED, { user: 'zh-CN', cookie: 'en', acceptLanguage: 'en' })).toBe('zh-CN');
    expect(pickLocale(SHIPPED, { user: null, cookie: 'zh-CN', acceptLanguage: 'en' })).toBe('zh-CN');
    expect(pickLocale(SHIPPED, { acceptLanguage: 'zh-CN,zh;q=0.9,en;q=0.8' })).toBe('zh-CN');
  });

  it('matches a browser that only says "zh" to the Chinese catalog', () => {
    expect(pickLocale(SHIPPED, { acceptLanguage: 'zh' })).toBe('zh-CN');
  });

  it('ignores a setting the app has no catalog for, and falls back to English', () => {
    expect(pickLocale(SHIPPED, { user: 'fr', acceptLanguage: 'de-DE,fr;q=0.5' })).toBe('en');
    expect(pickLocale(SHIPPED, {})).toBe('en');
  });

  it('survives a malformed Accept-Language header', () => {
    expect(pickLocale(SHIPPED, { acceptLanguage: '*;;;,\u0000x-!!' })).toBe('en');
  });
});
