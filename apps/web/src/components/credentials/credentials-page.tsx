'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useFormat } from '@/i18n/format';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Field, Input, Loading, PageHeader, Select } from '../ui';
import { CredentialPrices } from './credential-prices';

type Provider = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'ollama' | 'token';

/** The providers; `label` is a brand name, `words` the catalog's name of the others. */
const PROVIDERS: Record<
  Provider,
  {
    label?: string;
    words?: 'compatible' | 'token';
    needsKey: boolean;
    baseUrl: 'required' | 'optional' | 'hidden';
    placeholder?: string;
  }
> = {
  openai: { label: 'OpenAI', needsKey: true, baseUrl: 'hidden' },
  anthropic: { label: 'Anthropic', needsKey: true, baseUrl: 'hidden' },
  google: { label: 'Google Gemini', needsKey: true, baseUrl: 'hidden' },
  'openai-compatible': {
    words: 'compatible',
    needsKey: false,
    baseUrl: 'required',
    placeholder: 'http://127.0.0.1:1234/v1',
  },
  ollama: { label: 'Ollama', needsKey: false, baseUrl: 'optional', placeholder: 'http://127.0.0.1:11434' },
  token: { words: 'token', needsKey: true, baseUrl: 'hidden' },
};

/** Whether a credential's key can be tried with a model call (the Test button). */
function testable(provider: string): boolean {
  return provider !== 'token' && provider !== 'mcp-oauth';
}

/** A provider's name in the page's language: in full for the picker, short for a credential's card. */
function useProviderName() {
  const t = useTranslations('credentials.provider');
  return (provider: string, short = false): string => {
    const info = PROVIDERS[provider as Provider];
    if (!info) return provider;
    if (info.words) return short ? t(`${info.words}Short`) : t(info.words);
    return info.label ?? provider;
  };
}

type TestResult = { ok: boolean; message: string; durationMs: number };

/** Host patterns typed one per line or separated by commas or spaces. */
function parseHosts(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((host) => host.trim())
    .filter(Boolean);
}

function NewCredentialForm({ onDone }: { onDone: () => void }) {
  const t = useTranslations('credentials.form');
  const tCommon = useTranslations('common');
  const providerName = useProviderName();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.credentials.create.mutationOptions());
  const [name, setName] = useState('');
  const [provider, setProvider] = useState<Provider>('openai');
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [hosts, setHosts] = useState('');
  const info = PROVIDERS[provider];
  const errors = fieldErrors(create.error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await create.mutateAsync({
        name,
        provider,
        apiKey: apiKey.trim() || undefined,
        baseUrl: info.baseUrl !== 'hidden' && baseUrl.trim() ? baseUrl.trim() : undefined,
        allowedHosts: parseHosts(hosts),
      });
      // The key is write-only: forget it here at once, and drop the request from the mutation cache.
      setApiKey('');
      create.reset();
      await queryClient.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() });
      onDone();
    } catch {
      // Shown below.
    }
  }

  return (
    <Card className="mb-6 p-4">
      <form
        onSubmit={submit}
        className="grid gap-4 sm:grid-cols-2"
        aria-label={t('label')}
        autoComplete="off"
      >
        <Field label={t('name')} error={errors.name}>
          <Input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder={t('namePlaceholder')}
            autoFocus
          />
        </Field>
        <Field label={t('provider')} error={errors.provider}>
          <Select value={provider} onChange={(event) => setProvider(event.target.value as Provider)}>
            {(Object.keys(PROVIDERS) as Provider[]).map((id) => (
              <option key={id} value={id}>
                {providerName(id)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label={info.needsKey ? t('apiKey') : t('apiKeyOptional')}
          error={errors.apiKey}
          hint={t('apiKeyHint')}
        >
          <Input
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            placeholder={info.needsKey ? 'sk-…' : t('apiKeyPlaceholder')}
          />
        </Field>
        {info.baseUrl !== 'hidden' ? (
          <Field
            label={info.baseUrl === 'required' ? t('baseUrl') : t('baseUrlOptional')}
            error={errors.baseUrl}
            hint={
              info.baseUrl === 'optional'
                ? t('baseUrlDefault', { url: info.placeholder ?? '' })
                : t('baseUrlHint')
            }
          >
            <Input
              type="url"
              value={baseUrl}
              onChange={(event) => setBaseUrl(event.target.value)}
              placeholder={info.placeholder}
            />
          </Field>
        ) : null}
        <div className="sm:col-span-2">
          <Field label={t('hosts')} error={errors.allowedHosts} hint={t('hostsHint')}>
            <Input
              value={hosts}
              onChange={(event) => setHosts(event.target.value)}
              placeholder="api.example.com, *.example.org"
              spellCheck={false}
            />
          </Field>
        </div>
        <div className="flex items-end gap-2 sm:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            {t('save')}
          </Button>
          <Button variant="ghost" onClick={onDone}>
            {tCommon('cancel')}
          </Button>
        </div>
      </form>
      <div className="mt-3">
        <ErrorNote
          message={create.error && Object.keys(errors).length === 0 ? errorMessage(create.error) : null}
        />
      </div>
    </Card>
  );
}

/** The credentials page: add a provider key, test it, rename, delete. Keys go in and never come out. */
export function CredentialsPage({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('credentials');
  const tCommon = useTranslations('common');
  const format = useFormat();
  const providerName = useProviderName();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.credentials.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() });
  const remove = useMutation(trpc.credentials.delete.mutationOptions({ onSuccess: invalidate }));
  const rename = useMutation(trpc.credentials.rename.mutationOptions({ onSuccess: invalidate }));
  const changeHosts = useMutation(trpc.credentials.setHosts.mutationOptions({ onSuccess: invalidate }));
  const test = useMutation(trpc.credentials.test.mutationOptions());
  const [adding, setAdding] = useState(false);
  const [results, setResults] = useState<Record<string, TestResult | 'testing'>>({});
  const [testModels, setTestModels] = useState<Record<string, string>>({});

  async function runTest(id: string) {
    setResults((current) => ({ ...current, [id]: 'testing' }));
    try {
      const result = await test.mutateAsync({ id, model: testModels[id]?.trim() || undefined });
      setResults((current) => ({ ...current, [id]: result }));
    } catch (error) {
      setResults((current) => ({
        ...current,
        [id]: { ok: false, message: errorMessage(error), durationMs: 0 },
      }));
    }
  }

  const addButton = canEdit ? <Button onClick={() => setAdding(true)}>{t('add')}</Button> : null;
  return (
    <div className="max-w-4xl">
      <PageHeader title={t('title')} description={t('description')} actions={adding ? null : addButton} />
      {adding ? <NewCredentialForm onDone={() => setAdding(false)} /> : null}
      <ErrorNote
        message={
          list.error
            ? errorMessage(list.error)
            : (remove.error ?? rename.error ?? changeHosts.error)
              ? errorMessage(remove.error ?? rename.error ?? changeHosts.error)
              : null
        }
      />
      {list.isPending ? (
        <Loading />
      ) : list.data?.length === 0 ? (
        <EmptyState title={t('emptyTitle')} body={t('emptyBody')} action={adding ? null : addButton} />
      ) : (
        <ul className="space-y-3" aria-label={t('title')}>
          {list.data?.map((credential) => {
            const result = results[credential.id];
            return (
              <li key={credential.id}>
                <Card className="p-4">
                  <div className="flex flex-wrap items-start gap-3">
                    <div className="min-w-0 flex-1">
                      <h2 className="font-semibold">{credential.name}</h2>
                      <p className="text-sm text-slate-600">
                        {providerName(credential.provider, true)}
                        {credential.maskedKey ? (
                          <>
                            {' · '}
                            {t('key')}{' '}
                            <code className="rounded bg-slate-100 px-1" data-testid="masked-key">
                              {credential.maskedKey}
                            </code>
                          </>
                        ) : null}
                        {credential.baseUrl ? ` · ${credential.baseUrl}` : ''}
                      </p>
                      <p className="text-sm text-slate-600" data-testid="credential-hosts">
                        {credential.allowedHosts.length > 0
                          ? t('hostsList', { hosts: credential.allowedHosts.join(', ') })
                          : t('hostsNone')}
                      </p>
                      <p className="text-xs text-slate-500">
                        {t('added', { date: format.date(credential.createdAt) })}
                      </p>
                    </div>
                    {canEdit ? (
                      <div className="flex items-center gap-1">
                        {/* Tokens and MCP sign-ins have no model to call: only model keys are tested. */}
                        {testable(credential.provider) ? (
                          <>
                            <input
                              aria-label={t('testModel', { name: credential.name })}
                              placeholder={t('testModelPlaceholder')}
                              title={t('testModelTitle')}
                              value={testModels[credential.id] ?? ''}
                              onChange={(event) =>
                                setTestModels((current) => ({
                                  ...current,
                                  [credential.id]: event.target.value,
                                }))
                              }
                              className="w-32 rounded-md border border-slate-300 px-2 py-1 text-xs"
                            />
                            <Button
                              variant="secondary"
                              className="px-2 py-1"
                              disabled={result === 'testing'}
                              onClick={() => void runTest(credential.id)}
                            >
                              {result === 'testing' ? t('testing') : t('test')}
                            </Button>
                          </>
                        ) : null}
                        <Button
                          variant="ghost"
                          className="px-2 py-1"
                          onClick={() => {
                            const next = window.prompt(t('renamePrompt'), credential.name)?.trim();
                            if (next && next !== credential.name)
                              rename.mutate({ id: credential.id, name: next });
                          }}
                        >
                          {t('rename')}
                        </Button>
                        <Button
                          variant="ghost"
                          className="px-2 py-1"
                          onClick={() => {
                            const next = window.prompt(t('hostsPrompt'), credential.allowedHosts.join(', '));
                            if (next !== null)
                              changeHosts.mutate({ id: credential.id, allowedHosts: parseHosts(next) });
                          }}
                        >
                          {t('hostsButton')}
                        </Button>
                        <Button
                          variant="ghost"
                          className="px-2 py-1 text-red-700"
                          onClick={() => {
                            if (window.confirm(t('confirmDelete', { name: credential.name })))
                              remove.mutate({ id: credential.id });
                          }}
                        >
                          {tCommon('delete')}
                        </Button>
                      </div>
                    ) : null}
                  </div>
                  {testable(credential.provider) ? (
                    <CredentialPrices
                      id={credential.id}
                      name={credential.name}
                      prices={credential.prices}
                      canEdit={canEdit}
                    />
                  ) : null}
                  {result && result !== 'testing' ? (
                    <p
                      role="status"
                      data-testid="credential-test-result"
                      className={`mt-3 rounded-md px-3 py-2 text-sm ${result.ok ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-800'}`}
                    >
                      {result.ok ? '✓ ' : '✗ '}
                      {result.message}
                      {result.durationMs ? (
                        <span className="text-xs opacity-70">
                          {' '}
                          {t('testDuration', { duration: format.duration(result.durationMs) })}
                        </span>
                      ) : null}
                    </p>
                  ) : null}
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
