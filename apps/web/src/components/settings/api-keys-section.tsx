'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Loading } from '../ui';
import { ApiKeyForm } from './api-key-form';

/** When a key expires, in words: never, on a date, or that it already has. */
function expiryText(expiresAt: Date | string | null): string {
  if (!expiresAt) return 'never expires';
  const date = new Date(expiresAt);
  return `${date.getTime() <= Date.now() ? 'expired' : 'expires'} ${date.toLocaleDateString()}`;
}

/** API keys: created (with scopes, agents and expiry) and revoked here, shown once. */
export function ApiKeysSection({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: invalidate }));
  const [shown, setShown] = useState<string | null>(null);

  return (
    <section aria-labelledby="keys-heading" className="space-y-3">
      <h2 id="keys-heading" className="text-lg font-semibold">
        API keys
      </h2>
      <p className="text-sm text-slate-600">
        Use a key as <code className="rounded bg-slate-100 px-1">Authorization: Bearer …</code> with the HTTP
        API. Keys are stored hashed and shown once. Give each program only the scopes and agents it needs; a
        key stops working when it expires, is revoked, or its creator is removed.
      </p>
      {shown ? (
        <Card className="border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-medium">Copy this key now. It will not be shown again.</p>
          <code className="mt-2 block break-all rounded bg-white p-2 text-sm" data-testid="new-api-key">
            {shown}
          </code>
          <Button variant="secondary" className="mt-2" onClick={() => setShown(null)}>
            Done
          </Button>
        </Card>
      ) : null}
      <Card>
        {keys.isPending ? (
          <Loading />
        ) : keys.data?.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-500">No API keys yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {keys.data?.map((key) => (
              <li key={key.id} className="flex items-center justify-between gap-3 px-4 py-3 text-sm">
                <div>
                  <p className="font-medium">{key.name}</p>
                  <p className="text-slate-500">
                    <code>{key.keyPrefix}…</code> · created {new Date(key.createdAt).toLocaleDateString()} ·{' '}
                    {key.lastUsedAt ? `last used ${new Date(key.lastUsedAt).toLocaleString()}` : 'never used'}
                  </p>
                  <p className="text-slate-500" data-testid="api-key-limits">
                    Scopes: {key.scopes.join(', ')} · Agents:{' '}
                    {key.agents
                      ? key.agents.map((agent) => agent.name ?? '(deleted agent)').join(', ')
                      : 'all'}{' '}
                    · {expiryText(key.expiresAt)}
                  </p>
                </div>
                {key.revokedAt ? (
                  <span className="text-xs text-slate-500">Revoked</span>
                ) : canEdit ? (
                  <Button
                    variant="ghost"
                    className="px-2 py-1 text-red-700"
                    onClick={() => {
                      if (window.confirm(`Revoke “${key.name}”? Programs using it stop working at once.`))
                        revoke.mutate({ id: key.id });
                    }}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {canEdit ? (
        <ApiKeyForm
          onCreated={(key) => {
            setShown(key);
            void invalidate();
          }}
        />
      ) : null}
      <ErrorNote message={revoke.error ? errorMessage(revoke.error) : null} />
    </section>
  );
}
