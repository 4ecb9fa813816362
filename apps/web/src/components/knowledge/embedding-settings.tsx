'use client';

import type { EmbeddingSettings } from '@agentry/api';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote, Field, Input, Select } from '../ui';

const PROVIDERS: { id: EmbeddingSettings['provider'] | ''; label: string }[] = [
  { id: '', label: 'None — full-text search only' },
  { id: 'openai', label: 'OpenAI' },
  { id: 'google', label: 'Google Gemini' },
  { id: 'ollama', label: 'Ollama' },
  { id: 'openai-compatible', label: 'OpenAI-compatible server' },
  { id: 'offline', label: 'Offline (lexical, built-in)' },
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
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label="Embedding model">
      <Field label="Embedding provider">
        <Select value={provider} onChange={(event) => setProvider(event.target.value)}>
          {PROVIDERS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </Select>
      </Field>
      {provider ? (
        <>
          <Field label="Model" hint="Empty: the provider's default embedding model.">
            <Input
              value={model}
              onChange={(event) => setModel(event.target.value)}
              placeholder="text-embedding-3-small"
            />
          </Field>
          {provider !== 'offline' ? (
            <Field label="Credential" hint="Empty: the key from the server's environment.">
              <Select value={credentialId} onChange={(event) => setCredentialId(event.target.value)}>
                <option value="">None</option>
                {usable.map((credential) => (
                  <option key={credential.id} value={credential.id}>
                    {credential.name}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          {provider === 'ollama' || provider === 'openai-compatible' ? (
            <Field label="Base URL">
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
          Save and re-process
        </Button>
      </div>
    </form>
  );
}
