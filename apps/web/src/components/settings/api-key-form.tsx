'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote, Field, Input, Select } from '../ui';

/** The scopes a key can have, as the form offers them, with the catalog keys of their words. */
export const SCOPE_OPTIONS = [
  { value: 'run', label: 'scopeRun', hint: 'scopeRunHint' },
  { value: 'manage', label: 'scopeManage', hint: 'scopeManageHint' },
  { value: 'knowledge', label: 'scopeKnowledge', hint: 'scopeKnowledgeHint' },
] as const;

type Scope = (typeof SCOPE_OPTIONS)[number]['value'];
type Expiry = 'never' | '30' | '90' | 'date';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The expiry the form's choice means; null for never, undefined when the chosen date is missing. */
function expiryOf(choice: Expiry, date: string): Date | null | undefined {
  if (choice === 'never') return null;
  if (choice === 'date') return date ? new Date(`${date}T23:59:59`) : undefined;
  return new Date(Date.now() + Number(choice) * DAY_MS);
}

/** Creates an API key with its scopes (run only by default), agents (all by default) and expiry. */
export function ApiKeyForm({ onCreated }: { onCreated: (key: string) => void }) {
  const t = useTranslations('settings.apiKeyForm');
  const trpc = useTRPC();
  const agents = useQuery(trpc.agents.list.queryOptions());
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['run']);
  const [limitAgents, setLimitAgents] = useState(false);
  const [agentIds, setAgentIds] = useState<string[]>([]);
  const [expiry, setExpiry] = useState<Expiry>('never');
  const [date, setDate] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const expiresAt = expiryOf(expiry, date);
    if (scopes.length === 0) return setProblem(t('needScope'));
    if (limitAgents && agentIds.length === 0) return setProblem(t('needAgent'));
    if (expiresAt === undefined) return setProblem(t('needDate'));
    setProblem(null);
    try {
      const created = await create.mutateAsync({
        name,
        scopes,
        agents: limitAgents ? agentIds : null,
        expiresAt,
      });
      onCreated(created.key);
      setName('');
    } catch {
      // Shown below.
    }
  }

  const errors = fieldErrors(create.error);
  return (
    <form onSubmit={submit} className="space-y-4" aria-label={t('form')}>
      <div className="w-72">
        <Field label={t('name')} error={errors.name}>
          <Input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder={t('namePlaceholder')}
          />
        </Field>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">{t('scopes')}</legend>
        {SCOPE_OPTIONS.map((option) => (
          <label key={option.value} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={scopes.includes(option.value)}
              onChange={(event) =>
                setScopes((current) =>
                  event.target.checked
                    ? [...current, option.value]
                    : current.filter((scope) => scope !== option.value),
                )
              }
            />
            {t(option.label)} <span className="text-slate-500">{t('hint', { hint: t(option.hint) })}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">{t('agents')}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" checked={!limitAgents} onChange={() => setLimitAgents(false)} />
          {t('everyAgent')}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" checked={limitAgents} onChange={() => setLimitAgents(true)} />
          {t('onlyThese')}
        </label>
        {limitAgents ? (
          <Select
            multiple
            aria-label={t('agentsLabel')}
            className="h-32 w-72"
            value={agentIds}
            onChange={(event) =>
              setAgentIds(Array.from(event.target.selectedOptions, (option) => option.value))
            }
          >
            {agents.data?.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </Select>
        ) : null}
      </fieldset>
      <div className="flex items-end gap-3">
        <div className="w-48">
          <Field label={t('expires')} error={errors.expiresAt}>
            <Select value={expiry} onChange={(event) => setExpiry(event.target.value as Expiry)}>
              <option value="never">{t('never')}</option>
              <option value="30">{t('inDays', { days: 30 })}</option>
              <option value="90">{t('inDays', { days: 90 })}</option>
              <option value="date">{t('onDate')}</option>
            </Select>
          </Field>
        </div>
        {expiry === 'date' ? (
          <div className="w-48">
            <Field label={t('expiryDate')}>
              <Input type="date" value={date} onChange={(event) => setDate(event.target.value)} />
            </Field>
          </div>
        ) : null}
      </div>
      <Button type="submit" disabled={create.isPending}>
        {t('create')}
      </Button>
      <ErrorNote message={problem ?? (create.error && !errors.name ? errorMessage(create.error) : null)} />
    </form>
  );
}
