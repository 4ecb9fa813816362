'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Loading } from '../ui';
import { ApiKeyForm } from './api-key-form';

/** Whether a key never expires, expires on its date, or already has (the catalog's `expiry` says which). */
function expiryState(expiresAt: Date | string | null): 'never' | 'expired' | 'expires' {
  if (!expiresAt) return 'never';
  return new Date(expiresAt).getTime() <= Date.now() ? 'expired' : 'expires';
}

/** API keys: created (with scopes, agents and expiry) and revoked here, shown once. */
export function ApiKeysSection({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('settings.apiKeys');
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: invalidate }));
  const [shown, setShown] = useState<string | null>(null);

  return (
    <section aria-labelledby="keys-heading" className="space-y-3">
      <h2 id="keys-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <p className="text-sm text-slate-600">
        {t.rich('intro', {
          header: 'Authorization: Bearer …',
          code: (chunks) => <code className="rounded bg-slate-100 px-1">{chunks}</code>,
        })}
      </p>
      {shown ? (
        <Card className="border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-medium">{t('copyNow')}</p>
          <code className="mt-2 block break-all rounded bg-white p-2 text-sm" data-testid="new-api-key">
            {shown}
          </code>
          <Button variant="secondary" className="mt-2" onClick={() => setShown(null)}>
            {t('done')}
          </Button>
        </Card>
      ) : null}
      <Card>
        {keys.isPending ? (
          <Loading />
        ) : keys.data?.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-500">{t('empty')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {keys.data?.map((key) => (
              <li key={key.id} className="flex items-center justify-between gap-3 px-4 py-3 text-sm">
                <div>
                  <p className="font-medium">{key.name}</p>
                  <p className="text-slate-500">
                    <code>{key.keyPrefix}…</code>
                    {' · '}
                    {t('created', { date: format.date(key.createdAt) })}
                    {' · '}
                    {key.lastUsedAt
                      ? t('lastUsed', { when: format.dateTime(key.lastUsedAt) })
                      : t('neverUsed')}
                  </p>
                  <p className="text-slate-500" data-testid="api-key-limits">
                    {t('limits', {
                      scopes: key.scopes.join(', '),
                      agents: key.agents
                        ? key.agents.map((agent) => agent.name ?? t('deletedAgent')).join(', ')
                        : t('allAgents'),
                      expiry: t('expiry', {
                        state: expiryState(key.expiresAt),
                        date: key.expiresAt ? format.date(key.expiresAt) : '',
                      }),
                    })}
                  </p>
                </div>
                {key.revokedAt ? (
                  <span className="text-xs text-slate-500">{t('revoked')}</span>
                ) : canEdit ? (
                  <Button
                    variant="ghost"
                    className="px-2 py-1 text-red-700"
                    onClick={() => {
                      if (window.confirm(t('confirmRevoke', { name: key.name })))
                        revoke.mutate({ id: key.id });
                    }}
                  >
                    {t('revoke')}
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
