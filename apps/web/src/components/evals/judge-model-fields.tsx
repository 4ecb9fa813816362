'use client';

import type { JudgeModel } from '@agentry/engine/evals';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useTRPC } from '@/lib/trpc';
import { Field, Input, Select } from '../ui';
import {
  JUDGE_PROVIDERS,
  judgeChoice,
  judgeCredentials,
  judgeFromChoice,
  OFFLINE_JUDGE,
} from './judge-choice';

/**
 * Picks a judge: "none" (`noneLabel`: the settings' offline judge, or an expectation's "use the run's
 * judge"), optionally the offline judge by name, or a provider with its model and one of the workspace's
 * credentials for it (none: the key from the server's environment).
 */
export function JudgeModelFields({
  label,
  value,
  onChange,
  noneLabel,
  offerOffline = false,
  error,
}: {
  label: string;
  value: JudgeModel | null;
  onChange: (value: JudgeModel | null) => void;
  noneLabel: string;
  /** List the offline judge as its own entry (when "none" means something else). */
  offerOffline?: boolean;
  error?: string;
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals.judge');
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const provider = value && value.provider !== OFFLINE_JUDGE ? value.provider : null;
  const info = JUDGE_PROVIDERS.find((item) => item.id === provider);
  const usable = provider ? judgeCredentials(credentials.data ?? [], provider) : [];
  // Provider names are brands, except the generic compatible server, which is said in the page's language.
  const providerName = (item: (typeof JUDGE_PROVIDERS)[number]) =>
    item.id === 'openai-compatible' ? t('compatibleServer') : item.label;
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <Field label={label} error={error}>
        <Select
          value={!offerOffline && value?.provider === OFFLINE_JUDGE ? '' : judgeChoice(value)}
          onChange={(event) => onChange(judgeFromChoice(event.target.value, value))}
        >
          <option value="">{noneLabel}</option>
          {offerOffline ? <option value={OFFLINE_JUDGE}>{t('offline')}</option> : null}
          {JUDGE_PROVIDERS.map((item) => (
            <option key={item.id} value={item.id}>
              {providerName(item)}
            </option>
          ))}
          {/* A provider typed into a case file that the list does not know stays visible as it is. */}
          {provider && !info ? <option value={provider}>{provider}</option> : null}
        </Select>
      </Field>
      {value && provider ? (
        <>
          <Field
            label={t('model')}
            hint={info ? t('modelHint', { model: info.defaultModel }) : t('modelHintDefault')}
          >
            <Input
              value={value.model}
              maxLength={200}
              placeholder={info?.defaultModel}
              onChange={(event) => onChange({ ...value, model: event.target.value })}
            />
          </Field>
          <Field label={t('credential')}>
            <Select
              value={value.credentialId ?? ''}
              onChange={(event) => {
                const { credentialId: _dropped, ...rest } = value;
                onChange(event.target.value ? { ...rest, credentialId: event.target.value } : rest);
              }}
            >
              <option value="">{t('noCredential')}</option>
              {usable.map((credential) => (
                <option key={credential.id} value={credential.id}>
                  {credential.name}
                  {credential.maskedKey ? ` (${credential.maskedKey})` : ''}
                </option>
              ))}
            </Select>
            {usable.length === 0 && credentials.isSuccess ? (
              <span className="block text-xs text-slate-500">
                {t.rich('noCredentialYet', {
                  provider: info ? providerName(info) : provider,
                  link: (chunks) => (
                    <Link href="/credentials" className="underline">
                      {chunks}
                    </Link>
                  ),
                })}
              </span>
            ) : null}
          </Field>
        </>
      ) : null}
    </div>
  );
}
