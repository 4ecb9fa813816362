'use client';

import type { EmbeddingSettings } from '@agentry/api';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote, Field, Input, Select } from '../ui';

/** The providers offered, with the brand names that need no translation (the others the catalog words). */
const PROVIDERS: {
  id: EmbeddingSettings['provider'] | '';
  brand?: string;
  words?: 'providerNone' | 'providerCompatible' | 'providerOffline';
}[] = [
  { id: '', words: 'providerNone' },
  { id: 'openai', brand: 'OpenAI' },
  { id: 'google', brand: 'Google Gemini' },
  { id: 'ollama', brand: 'Ollama' },
  { id: 'openai-compatible', words: 'providerCompatible' },
  { id: 'offline', words: 'providerOffline' },
];

/** Chooses the embedding model that adds vector search; changing it re-processes every document. */
export function EmbeddingSettingsForm({
  knowledgeBaseId,
  current,
  onSaved,
}: {
  knowledgeBaseId: string;
  current: EmbeddingSettings | null;
  onSaved: () => void;
}) {
  const t = useTranslations('knowledge.embedding');
  const trpc = useTRPC();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const save = useMutation(trpc.knowledge.setEmbedding.mutationOptions({ onSuccess: onSaved }));
  const [provider, setProvider] = useState<string>(current?.provider ?? '');
  const [model, setModel] = useState(current?.model ?? '');
  const [credentialId, setCredentialId] = useState(current?.credentialId ?? '');
  const [baseURL, setBaseURL] = useState(current?.baseURL ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      id: knowledgeBaseId,
      embedding: provider
        ? {
            provider: provider as EmbeddingSettings['provider'],
            model,
            credentialId: credentialId || undefined,
            baseURL: baseURL || undefined,
          }
        : null,
    });
  }

  const usable = (credentials.data ?? []).filter(
    (credential) => !provider || credential.provider === provider,
  );
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label={t('label')}>
      <Field label={t('provider')}>
        <Select value={provider} onChange={(event) => setProvider(event.target.value)}>
          {PROVIDERS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.words ? t(option.words) : option.brand}
            </option>
          ))}
        </Select>
      </Field>
      {provider ? (
        <>
          <Field label={t('model')} hint={t('modelHint')}>
            <Input
              value={model}
              onChange={(event) => setModel(event.target.value)}
              placeholder="text-embedding-3-small"
            />
          </Field>
          {provider !== 'offline' ? (
            <Field label={t('credential')} hint={t('credentialHint')}>
              <Select value={credentialId} onChange={(event) => setCredentialId(event.target.value)}>
                <option value="">{t('none')}</option>
                {usable.map((credential) => (
                  <option key={credential.id} value={credential.id}>
                    {credential.name}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          {provider === 'ollama' || provider === 'openai-compatible' ? (
            <Field label={t('baseUrl')}>
              <Input
                value={baseURL}
                onChange={(event) => setBaseURL(event.target.value)}
                placeholder="http://127.0.0.1:11434"
              />
            </Field>
          ) : null}
        </>
      ) : null}
      <div className="sm:col-span-2 space-y-2">
        <ErrorNote message={save.error ? errorMessage(save.error) : null} />
        <Button type="submit" variant="secondary" disabled={save.isPending}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
