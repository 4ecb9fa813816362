'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Field, Input, Loading, PageHeader, Select } from '../ui';
import { CredentialPrices } from './credential-prices';

type Provider = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'ollama' | 'token';

const PROVIDERS: Record<
  Provider,
  { label: string; needsKey: boolean; baseUrl: 'required' | 'optional' | 'hidden'; placeholder?: string }
> = {
  openai: { label: 'OpenAI', needsKey: true, baseUrl: 'hidden' },
  anthropic: { label: 'Anthropic', needsKey: true, baseUrl: 'hidden' },
  google: { label: 'Google Gemini', needsKey: true, baseUrl: 'hidden' },
  'openai-compatible': {
    label: 'OpenAI-compatible server (LM Studio, vLLM, gateways)',
    needsKey: false,
    baseUrl: 'required',
    placeholder: 'http://127.0.0.1:1234/v1',
  },
  ollama: { label: 'Ollama', needsKey: false, baseUrl: 'optional', placeholder: 'http://127.0.0.1:11434' },
  token: { label: 'API token (HTTP Request and MCP tools)', needsKey: true, baseUrl: 'hidden' },
};

/** Whether a credential's key can be tried with a model call (the Test button). */
function testable(provider: string): boolean {
  return provider !== 'token' && provider !== 'mcp-oauth';
}

function providerLabel(provider: string): string {
  return PROVIDERS[provider as Provider]?.label.split(' (')[0] ?? provider;
}

type TestResult = { ok: boolean; message: string; durationMs: number };

/** Host patterns typed one per line or separated by commas or spaces. */
function parseHosts(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((host) => host.trim())
    .filter(Boolean);
}

const HOSTS_HINT =
  'The HTTP Request and MCP Tools nodes send this key only to these hosts (e.g. api.example.com or *.example.com). Empty: those tools never send it. Model calls are not affected.';

function NewCredentialForm({ onDone }: { onDone: () => void }) {
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
        aria-label="New credential"
        autoComplete="off"
      >
        <Field label="Name" error={errors.name}>
          <Input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="OpenAI (team)"
            autoFocus
          />
        </Field>
        <Field label="Provider" error={errors.provider}>
          <Select value={provider} onChange={(event) => setProvider(event.target.value as Provider)}>
            {(Object.keys(PROVIDERS) as Provider[]).map((id) => (
              <option key={id} value={id}>
                {PROVIDERS[id].label}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label={info.needsKey ? 'API key' : 'API key (optional)'}
          error={errors.apiKey}
          hint="Stored encrypted. It is never shown again: only its last four characters."
        >
          <Input
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            placeholder={info.needsKey ? 'sk-…' : 'If the server needs one'}
          />
        </Field>
        {info.baseUrl !== 'hidden' ? (
          <Field
            label={info.baseUrl === 'required' ? 'Base URL' : 'Base URL (optional)'}
            error={errors.baseUrl}
            hint={
              info.baseUrl === 'optional'
                ? `Default: ${info.placeholder}`
                : 'The server’s OpenAI-style API root.'
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
          <Field
            label="Hosts this key may be sent to (optional)"
            error={errors.allowedHosts}
            hint={HOSTS_HINT}
          >
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
            Save credential
          </Button>
          <Button variant="ghost" onClick={onDone}>
            Cancel
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

  const addButton = canEdit ? <Button onClick={() => setAdding(true)}>Add credential</Button> : null;
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="Credentials"
        description="Provider keys your agents use. Nodes refer to a credential by name; the key itself is write-only."
        actions={adding ? null : addButton}
      />
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
        <EmptyState
          title="No credentials yet"
          body="Add an OpenAI, Anthropic, Google, OpenAI-compatible or Ollama credential, then pick it on a Model node. Without one, agents run on the built-in offline model."
          action={adding ? null : addButton}
        />
      ) : (
        <ul className="space-y-3" aria-label="Credentials">
          {list.data?.map((credential) => {
            const result = results[credential.id];
            return (
              <li key={credential.id}>
                <Card className="p-4">
                  <div className="flex flex-wrap items-start gap-3">
                    <div className="min-w-0 flex-1">
                      <h2 className="font-semibold">{credential.name}</h2>
                      <p className="text-sm text-slate-600">
                        {providerLabel(credential.provider)}
                        {credential.maskedKey ? (
                          <>
                            {' · key '}
                            <code className="rounded bg-slate-100 px-1" data-testid="masked-key">
                              {credential.maskedKey}
                            </code>
                          </>
                        ) : null}
                        {credential.baseUrl ? ` · ${credential.baseUrl}` : ''}
                      </p>
                      <p className="text-sm text-slate-600" data-testid="credential-hosts">
                        {credential.allowedHosts.length > 0
                          ? `Sent by the HTTP Request and MCP tools only to: ${credential.allowedHosts.join(', ')}`
                          : 'No hosts: the HTTP Request and MCP tools never send this key.'}
                      </p>
                      <p className="text-xs text-slate-500">
                        Added {new Date(credential.createdAt).toLocaleDateString()}
                      </p>
                    </div>
                    {canEdit ? (
                      <div className="flex items-center gap-1">
                        {/* Tokens and MCP sign-ins have no model to call: only model keys are tested. */}
                        {testable(credential.provider) ? (
                          <>
                            <input
                              aria-label={`Model to test ${credential.name} with`}
                              placeholder="default model"
                              title="The model the test calls; empty: the provider's default"
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
                              {result === 'testing' ? 'Testing…' : 'Test'}
                            </Button>
                          </>
                        ) : null}
                        <Button
                          variant="ghost"
                          className="px-2 py-1"
                          onClick={() => {
                            const next = window.prompt('Rename credential', credential.name)?.trim();
                            if (next && next !== credential.name)
                              rename.mutate({ id: credential.id, name: next });
                          }}
                        >
                          Rename
                        </Button>
                        <Button
                          variant="ghost"
                          className="px-2 py-1"
                          onClick={() => {
                            const next = window.prompt(
                              'Hosts this key may be sent to (comma-separated, e.g. api.example.com, *.example.org)',
                              credential.allowedHosts.join(', '),
                            );
                            if (next !== null)
                              changeHosts.mutate({ id: credential.id, allowedHosts: parseHosts(next) });
                          }}
                        >
                          Hosts
                        </Button>
                        <Button
                          variant="ghost"
                          className="px-2 py-1 text-red-700"
                          onClick={() => {
                            if (
                              window.confirm(
                                `Delete “${credential.name}”? Nodes that use it will fail until you pick another.`,
                              )
                            )
                              remove.mutate({ id: credential.id });
                          }}
                        >
                          Delete
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
                        <span className="text-xs opacity-70"> ({result.durationMs} ms)</span>
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
