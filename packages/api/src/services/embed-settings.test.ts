import { describe, expect, it } from 'vitest';
import {
  embedSettingsSchema,
  parseEmbedSettings,
  updateEmbedSettingsInput,
  widgetConfig,
} from './embed-settings';

describe('embed settings: languages', () => {
  it('default to English with no translations', () => {
    const settings = embedSettingsSchema.parse({});
    expect(settings.defaultLanguage).toBe('en');
    expect(settings.translations).toEqual({});
  });

  it('take a default language and a welcome and starter prompts per language, trimmed', () => {
    const settings = embedSettingsSchema.parse({
      defaultLanguage: 'zh-CN',
      translations: { 'zh-CN': { welcomeMessage: ' 你好！ ', starterPrompts: ['我的订单在哪里？ '] } },
    });
    expect(settings.defaultLanguage).toBe('zh-CN');
    expect(settings.translations).toEqual({
      'zh-CN': { welcomeMessage: '你好！', starterPrompts: ['我的订单在哪里？'] },
    });
    // A language given with one field only: the other is empty (the English one is shown).
    expect(
      embedSettingsSchema.parse({ translations: { 'zh-CN': { welcomeMessage: '你好' } } }).translations,
    ).toEqual({ 'zh-CN': { welcomeMessage: '你好', starterPrompts: [] } });
  });

  it("hold translations to the English fields' limits and to the languages the widget speaks", () => {
    const refused = (settings: unknown) => {
      const result = updateEmbedSettingsInput.safeParse({ id: 'a1', settings });
      expect(result.success).toBe(false);
      return result.error!.issues.map((issue) => issue.path.join('.'));
    };
    expect(refused({ translations: { 'zh-CN': { welcomeMessage: 'x'.repeat(1001) } } })).toEqual([
      'settings.translations.zh-CN.welcomeMessage',
    ]);
    expect(refused({ translations: { 'zh-CN': { starterPrompts: Array(7).fill('问') } } })).toEqual([
      'settings.translations.zh-CN.starterPrompts',
    ]);
    expect(refused({ translations: { 'zh-CN': { starterPrompts: ['   '] } } })).toEqual([
      'settings.translations.zh-CN.starterPrompts.0',
    ]);
    expect(refused({ translations: { 'zh-CN': { starterPrompts: ['x'.repeat(201)] } } })).toEqual([
      'settings.translations.zh-CN.starterPrompts.0',
    ]);
    expect(refused({ defaultLanguage: 'fr' })).toEqual(['settings.defaultLanguage']);
    expect(refused({ translations: { fr: { welcomeMessage: 'Bonjour' } } })[0]).toMatch(
      /^settings\.translations/,
    );
    // English is the settings' own fields, not a translation.
    expect(refused({ translations: { en: { welcomeMessage: 'Hi' } } })[0]).toMatch(/^settings\.translations/);
  });

  it('read settings saved before languages existed, and drop a broken translation alone', () => {
    const old = { title: 'Shop help', welcomeMessage: 'Hello!', starterPrompts: ['Where is my order?'] };
    const settings = parseEmbedSettings(old);
    expect(settings).toMatchObject({ ...old, defaultLanguage: 'en', translations: {} });
    const broken = parseEmbedSettings({ ...old, defaultLanguage: 'xx', translations: { 'zh-CN': 'hi' } });
    expect(broken).toMatchObject({ ...old, defaultLanguage: 'en', translations: {} });
  });

  it('send the default language and the translations to the widget', () => {
    const config = widgetConfig(
      embedSettingsSchema.parse({
        defaultLanguage: 'zh-CN',
        translations: { 'zh-CN': { welcomeMessage: '你好' } },
        allowedOrigins: ['https://shop.example.com'],
      }),
    );
    expect(config).toMatchObject({
      defaultLanguage: 'zh-CN',
      translations: { 'zh-CN': { welcomeMessage: '你好', starterPrompts: [] } },
    });
    expect(config).not.toHaveProperty('allowedOrigins');
  });
});
