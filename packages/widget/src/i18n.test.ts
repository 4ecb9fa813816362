import { describe, expect, it } from 'vitest';
import { LANGUAGES, matchLanguage, pickLanguage, translate } from './i18n';
import { en } from './lang-en';

const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the widget catalogs', () => {
  for (const [language, words] of Object.entries(LANGUAGES)) {
    it(`${language} has every key English has, and no other, with the same {slots}`, () => {
      const missing = Object.keys(en).filter((key) => !(key in words));
      const extra = Object.keys(words).filter((key) => !(key in en));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      for (const [key, text] of Object.entries(en))
        expect(slots(words[key as keyof typeof en]), `${language}.${key}`).toEqual(slots(text));
      if (language !== 'en')
        for (const [key, text] of Object.entries(words))
          expect(text, `${language}.${key} is empty`).not.toBe('');
      expect(['ltr', 'rtl']).toContain(words.dir);
    });
  }

  it('fills in {slots} and falls back to English for a language it lacks', () => {
    expect(translate('zh-CN', 'openChatNamed', { title: '小店' })).toBe('打开聊天：小店');
    expect(translate('xx', 'send')).toBe('Send message');
  });
});

describe('choosing the language', () => {
  it('matches tags to the languages the widget speaks', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-cn', 'zh_CN', 'zh-Hans', 'zh-Hans-CN', 'zh-SG'])
      expect(matchLanguage(tag), tag).toBe('zh-CN');
    for (const tag of ['en', 'en-US', 'EN-gb']) expect(matchLanguage(tag), tag).toBe('en');
    for (const tag of ['zh-TW', 'zh-Hant', 'zh-Hant-HK', 'fr', 'de-DE', '', null, undefined])
      expect(matchLanguage(tag), String(tag)).toBeUndefined();
  });

  it("takes the page's tag, else the agent's default, else English", () => {
    expect(pickLanguage('zh-CN', 'en')).toBe('zh-CN');
    expect(pickLanguage('en-US', 'zh-CN')).toBe('en');
    expect(pickLanguage('fr', 'zh-CN')).toBe('zh-CN');
    expect(pickLanguage('', 'zh-CN')).toBe('zh-CN');
    expect(pickLanguage('fr', 'xx')).toBe('en');
    expect(pickLanguage(undefined, undefined)).toBe('en');
  });
});
