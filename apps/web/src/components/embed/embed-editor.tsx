'use client';

import type { EmbedSettings, WidgetLanguage } from '@agentry/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Field, Input, Loading, Select } from '../ui';
import { EmbedPreview } from './embed-preview';
import { EmbedSnippet } from './embed-snippet';
import { FilesSection } from './files-section';
import { OriginsField } from './origins-field';

type Limits = EmbedSettings['limits'];
type Translations = EmbedSettings['translations'];

const LIMIT_FIELDS: (keyof Limits)[] = [
  'messagesPerMinutePerIp',
  'messagesPerMinutePerConversation',
  'maxMessageChars',
  'tokensPerConversation',
  'tokensPerAgentPerDay',
];

const COLOR_FIELDS = ['primaryColor', 'primaryTextColor', 'backgroundColor', 'textColor'] as const;

/**
 * The widget's languages, each named in itself (as the app's language chooser does). Mirrors
 * WIDGET_LANGUAGES of @agentry/api: importing a value from it would pull server code into the browser.
 */
const LANGUAGE_NAMES: Record<WidgetLanguage, string> = { en: 'English', 'zh-CN': '简体中文' };
const LANGUAGES = Object.keys(LANGUAGE_NAMES) as WidgetLanguage[];

/** Starter prompts as saved: trimmed, without blank lines. */
const cleanPrompts = (lines: string[]) => lines.map((line) => line.trim()).filter(Boolean);

/** Every language's starter prompts without blank lines. */
function cleanTranslations(translations: Translations): Translations {
  return Object.fromEntries(
    Object.entries(translations).map(([code, words]) => [
      code,
      { ...words, starterPrompts: cleanPrompts(words.starterPrompts) },
    ]),
  ) as Translations;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card className="space-y-4 p-5">
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

/** The Embed tab: the widget's look, who may embed it, its limits, a live preview and the snippet. */
export function EmbedEditor({ agentId }: { agentId: string }) {
  const t = useTranslations('embed.editor');
  const tCommon = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.embed.get.queryOptions({ id: agentId }));
  const save = useMutation(
    trpc.embed.update.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.embed.get.queryKey({ id: agentId }), data),
    }),
  );
  const [settings, setSettings] = useState<EmbedSettings | null>(null);
  const [saved, setSaved] = useState(false);
  /** The language whose welcome and starter prompts are being written (and previewed). */
  const [language, setLanguage] = useState<WidgetLanguage>('en');
  useEffect(() => {
    if (query.data && !settings) setSettings(query.data.settings);
  }, [query.data, settings]);

  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorNote message={errorMessage(query.error)} />;
  if (!settings) return <Loading />;
  const data = query.data;
  const errors = fieldErrors(save.error);
  const error = (field: string) => errors[`settings.${field}`];
  // Edits apply to the latest settings, not to this render's copy: two edits that come before React
  // renders again (a fast typist, autofill, a busy tab) must both count.
  const set = <K extends keyof EmbedSettings>(key: K, value: EmbedSettings[K]) => {
    setSaved(false);
    setSettings((current) => current && { ...current, [key]: value });
  };
  const setLimit = (key: keyof EmbedSettings['limits'], value: number) => {
    setSaved(false);
    setSettings((current) => current && { ...current, limits: { ...current.limits, [key]: value } });
  };
  // The welcome fields of the language being written: English is the settings' own fields.
  const words =
    language === 'en'
      ? settings
      : { welcomeMessage: '', starterPrompts: [], ...settings.translations[language] };
  const wordsPath = language === 'en' ? 'settings.' : `settings.translations.${language}.`;
  const setWords = (change: { welcomeMessage?: string; starterPrompts?: string[] }) => {
    setSaved(false);
    setSettings((current) => {
      if (!current || language === 'en') return current && { ...current, ...change };
      const before = { welcomeMessage: '', starterPrompts: [], ...current.translations[language] };
      return { ...current, translations: { ...current.translations, [language]: { ...before, ...change } } };
    });
  };
  const { allowedOrigins: _origins, limits: _limits, ...widgetConfig } = settings;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!settings) return;
    try {
      const result = await save.mutateAsync({
        id: agentId,
        settings: {
          ...settings,
          starterPrompts: cleanPrompts(settings.starterPrompts),
          translations: cleanTranslations(settings.translations),
        },
      });
      setSettings(result.settings);
      setSaved(true);
    } catch {
      // Shown next to the fields and below.
    }
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_400px]">
      <form onSubmit={submit} className="space-y-5" aria-label={t('formLabel')}>
        {!data.published ? (
          <p
            role="status"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800"
          >
            {t.rich('unpublished', {
              link: (chunks) => (
                <Link href={`/agents/${agentId}`} className="font-medium underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        ) : null}
        <Section title={t('look')}>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t('title')} error={error('title')}>
              <Input value={settings.title} onChange={(event) => set('title', event.target.value)} />
            </Field>
            <Field label={t('avatarUrl')} error={error('avatarUrl')} hint={t('avatarHint')}>
              <Input
                value={settings.avatarUrl}
                placeholder="https://example.com/logo.png"
                onChange={(event) => set('avatarUrl', event.target.value)}
              />
            </Field>
            <Field label={t('position')}>
              <Select
                value={settings.position}
                onChange={(event) => set('position', event.target.value as EmbedSettings['position'])}
              >
                <option value="bottom-right">{t('bottomRight')}</option>
                <option value="bottom-left">{t('bottomLeft')}</option>
              </Select>
            </Field>
            <Field label={t('placeholder')} error={error('placeholder')}>
              <Input
                value={settings.placeholder}
                onChange={(event) => set('placeholder', event.target.value)}
              />
            </Field>
          </div>
          <div className="flex flex-wrap gap-4">
            {COLOR_FIELDS.map((color) => (
              <label key={color} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="color"
                  value={settings[color]}
                  onChange={(event) => set(color, event.target.value)}
                  className="h-8 w-10 cursor-pointer rounded border border-slate-300"
                />
                {t(`colors.${color}`)}
              </label>
            ))}
          </div>
        </Section>
        <Section title={t('welcome')}>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t('defaultLanguage')}
              hint={t('defaultLanguageHint')}
              error={error('defaultLanguage')}
            >
              <Select
                value={settings.defaultLanguage}
                onChange={(event) => set('defaultLanguage', event.target.value as WidgetLanguage)}
              >
                {LANGUAGES.map((code) => (
                  <option key={code} value={code} lang={code}>
                    {LANGUAGE_NAMES[code]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">{t('languages')}</legend>
            <div className="flex flex-wrap gap-4 text-sm text-slate-700">
              {LANGUAGES.map((code) => (
                <label key={code} className="flex items-center gap-2" lang={code}>
                  <input
                    type="radio"
                    name="welcome-language"
                    value={code}
                    checked={language === code}
                    onChange={() => setLanguage(code)}
                  />
                  {LANGUAGE_NAMES[code]}
                </label>
              ))}
            </div>
            <p className="text-xs text-slate-500">
              {t('languagesHint')} {language === 'en' ? null : t('translationHint')}
            </p>
          </fieldset>
          <Field label={t('welcomeMessage')} error={errors[`${wordsPath}welcomeMessage`]}>
            <textarea
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              rows={2}
              lang={language}
              value={words.welcomeMessage}
              onChange={(event) => setWords({ welcomeMessage: event.target.value })}
            />
          </Field>
          <Field
            label={t('starterPrompts')}
            hint={t('starterPromptsHint')}
            error={Object.entries(errors).find(([key]) => key.startsWith(`${wordsPath}starterPrompts`))?.[1]}
          >
            <textarea
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              rows={3}
              lang={language}
              value={words.starterPrompts.join('\n')}
              onChange={(event) =>
                setWords({
                  starterPrompts: event.target.value
                    .split('\n')
                    .filter((line, index, lines) => line.trim() || index === lines.length - 1),
                })
              }
            />
          </Field>
          <div className="flex flex-wrap gap-6 text-sm text-slate-700">
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={settings.voiceInput}
                onChange={(event) => set('voiceInput', event.target.checked)}
              />
              {t('voiceInput')}
            </label>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={settings.readAloud}
                onChange={(event) => set('readAloud', event.target.checked)}
              />
              {t('readAloud')}
            </label>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={settings.showReasoning}
                onChange={(event) => set('showReasoning', event.target.checked)}
              />
              {t('showReasoning')}
            </label>
          </div>
        </Section>
        <Section title={t('files')}>
          <FilesSection value={settings.files} onChange={(files) => set('files', files)} error={error} />
        </Section>
        <Section title={t('whoMayUse')}>
          <OriginsField
            value={settings.allowedOrigins}
            onChange={(origins) => set('allowedOrigins', origins)}
            errors={errors}
          />
        </Section>
        <Section title={t('limits')}>
          <div className="grid gap-4 sm:grid-cols-2">
            {LIMIT_FIELDS.map((limit) => (
              <Field
                key={limit}
                label={t(`limitFields.${limit}`)}
                hint={t(`limitFields.${limit}Hint`)}
                error={error(`limits.${limit}`)}
              >
                <Input
                  type="number"
                  min={1}
                  value={settings.limits[limit]}
                  onChange={(event) => setLimit(limit, Number(event.target.value))}
                />
              </Field>
            ))}
          </div>
        </Section>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? tCommon('saving') : t('save')}
          </Button>
          {saved ? (
            <span role="status" className="text-sm text-green-700">
              {t('saved')}
            </span>
          ) : null}
        </div>
        <ErrorNote message={save.error ? errorMessage(save.error) : null} />
      </form>
      <div className="space-y-5">
        <Section title={t('preview')}>
          <EmbedPreview
            agentId={agentId}
            publicId={data.publicId}
            language={language}
            config={{
              ...widgetConfig,
              starterPrompts: cleanPrompts(widgetConfig.starterPrompts),
              translations: cleanTranslations(widgetConfig.translations),
            }}
          />
        </Section>
        <Section title={t('addToSite')}>
          <EmbedSnippet publicId={data.publicId} />
          <p className="text-xs text-slate-500">
            {t.rich('publicId', {
              publicId: data.publicId,
              code: (chunks) => <code>{chunks}</code>,
              link: (chunks) => (
                <Link href="/docs/api" className="underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        </Section>
      </div>
    </div>
  );
}
