'use client';

import type { EmbedSettings } from '@agentry/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Field, Input, Loading, Select } from '../ui';
import { EmbedPreview } from './embed-preview';
import { EmbedSnippet } from './embed-snippet';
import { FilesSection } from './files-section';
import { OriginsField } from './origins-field';

type Limits = EmbedSettings['limits'];

const LIMIT_FIELDS: { key: keyof Limits; label: string; hint: string }[] = [
  {
    key: 'messagesPerMinutePerIp',
    label: 'Messages per minute per visitor address',
    hint: 'Beyond it: 429.',
  },
  {
    key: 'messagesPerMinutePerConversation',
    label: 'Messages per minute per conversation',
    hint: 'Beyond it: 429.',
  },
  { key: 'maxMessageChars', label: 'Longest message (characters)', hint: 'Longer ones: 413.' },
  {
    key: 'tokensPerConversation',
    label: 'Tokens per conversation',
    hint: 'Then the visitor starts a new one.',
  },
  {
    key: 'tokensPerAgentPerDay',
    label: 'Tokens per day for this agent',
    hint: 'Across all visitors (UTC day).',
  },
];

const COLOR_FIELDS: {
  key: 'primaryColor' | 'primaryTextColor' | 'backgroundColor' | 'textColor';
  label: string;
}[] = [
  { key: 'primaryColor', label: 'Accent' },
  { key: 'primaryTextColor', label: 'Text on accent' },
  { key: 'backgroundColor', label: 'Background' },
  { key: 'textColor', label: 'Text' },
];

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
  const { allowedOrigins: _origins, limits: _limits, ...widgetConfig } = settings;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!settings) return;
    try {
      const starterPrompts = settings.starterPrompts.map((line) => line.trim()).filter(Boolean);
      const result = await save.mutateAsync({ id: agentId, settings: { ...settings, starterPrompts } });
      setSettings(result.settings);
      setSaved(true);
    } catch {
      // Shown next to the fields and below.
    }
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_400px]">
      <form onSubmit={submit} className="space-y-5" aria-label="Embed settings">
        {!data.published ? (
          <p
            role="status"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800"
          >
            This agent has no published version yet. The widget talks to the published version only:{' '}
            <Link href={`/agents/${agentId}`} className="font-medium underline">
              publish it in the builder
            </Link>
            .
          </p>
        ) : null}
        <Section title="Look">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Title" error={error('title')}>
              <Input value={settings.title} onChange={(event) => set('title', event.target.value)} />
            </Field>
            <Field label="Avatar image URL" error={error('avatarUrl')} hint="Optional; https://…">
              <Input
                value={settings.avatarUrl}
                placeholder="https://example.com/logo.png"
                onChange={(event) => set('avatarUrl', event.target.value)}
              />
            </Field>
            <Field label="Position">
              <Select
                value={settings.position}
                onChange={(event) => set('position', event.target.value as EmbedSettings['position'])}
              >
                <option value="bottom-right">Bottom right</option>
                <option value="bottom-left">Bottom left</option>
              </Select>
            </Field>
            <Field label="Message box placeholder" error={error('placeholder')}>
              <Input
                value={settings.placeholder}
                onChange={(event) => set('placeholder', event.target.value)}
              />
            </Field>
          </div>
          <div className="flex flex-wrap gap-4">
            {COLOR_FIELDS.map((color) => (
              <label key={color.key} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="color"
                  value={settings[color.key]}
                  onChange={(event) => set(color.key, event.target.value)}
                  className="h-8 w-10 cursor-pointer rounded border border-slate-300"
                />
                {color.label}
              </label>
            ))}
          </div>
        </Section>
        <Section title="Welcome">
          <Field label="Welcome message" error={error('welcomeMessage')}>
            <textarea
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              rows={2}
              value={settings.welcomeMessage}
              onChange={(event) => set('welcomeMessage', event.target.value)}
            />
          </Field>
          <Field
            label="Starter prompts"
            hint="One per line, up to 6; shown as buttons in a new conversation."
            error={Object.entries(errors).find(([key]) => key.startsWith('settings.starterPrompts'))?.[1]}
          >
            <textarea
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              rows={3}
              value={settings.starterPrompts.join('\n')}
              onChange={(event) =>
                set(
                  'starterPrompts',
                  event.target.value
                    .split('\n')
                    .filter((line, index, lines) => line.trim() || index === lines.length - 1),
                )
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
              Voice input (where the browser supports it)
            </label>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={settings.readAloud}
                onChange={(event) => set('readAloud', event.target.checked)}
              />
              Read answers aloud (where the browser supports it)
            </label>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={settings.showReasoning}
                onChange={(event) => set('showReasoning', event.target.checked)}
              />
              Show reasoning (folded; off: the model's thinking never reaches visitors)
            </label>
          </div>
        </Section>
        <Section title="Files from visitors">
          <FilesSection value={settings.files} onChange={(files) => set('files', files)} error={error} />
        </Section>
        <Section title="Who may use it">
          <OriginsField
            value={settings.allowedOrigins}
            onChange={(origins) => set('allowedOrigins', origins)}
            errors={errors}
          />
        </Section>
        <Section title="Limits">
          <div className="grid gap-4 sm:grid-cols-2">
            {LIMIT_FIELDS.map((limit) => (
              <Field
                key={limit.key}
                label={limit.label}
                hint={limit.hint}
                error={error(`limits.${limit.key}`)}
              >
                <Input
                  type="number"
                  min={1}
                  value={settings.limits[limit.key]}
                  onChange={(event) => setLimit(limit.key, Number(event.target.value))}
                />
              </Field>
            ))}
          </div>
        </Section>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save embed settings'}
          </Button>
          {saved ? (
            <span role="status" className="text-sm text-green-700">
              Saved
            </span>
          ) : null}
        </div>
        <ErrorNote message={save.error ? errorMessage(save.error) : null} />
      </form>
      <div className="space-y-5">
        <Section title="Preview">
          <EmbedPreview
            agentId={agentId}
            publicId={data.publicId}
            config={{
              ...widgetConfig,
              starterPrompts: widgetConfig.starterPrompts.filter((line) => line.trim()),
            }}
          />
        </Section>
        <Section title="Add it to your site">
          <EmbedSnippet publicId={data.publicId} />
          <p className="text-xs text-slate-500">
            Public id <code>{data.publicId}</code>: it names the agent to visitors without revealing its
            internal id. See the{' '}
            <Link href="/docs/api" className="underline">
              API docs
            </Link>{' '}
            for the HTTP API.
          </p>
        </Section>
      </div>
    </div>
  );
}
