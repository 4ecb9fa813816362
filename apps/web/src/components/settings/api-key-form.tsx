'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote, Field, Input, Select } from '../ui';

/** The scopes a key can have, as the form offers them. */
export const SCOPE_OPTIONS = [
  { value: 'run', label: 'Run agents', hint: 'chat, completions, the model list' },
  { value: 'manage', label: 'Manage agents', hint: 'create, edit, publish, delete, read graphs' },
  { value: 'knowledge', label: 'Knowledge', hint: 'knowledge bases and their documents' },
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
    if (scopes.length === 0) return setProblem('Choose at least one scope.');
    if (limitAgents && agentIds.length === 0) return setProblem('Choose at least one agent.');
    if (expiresAt === undefined) return setProblem('Choose the date the key expires.');
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
    <form onSubmit={submit} className="space-y-4" aria-label="Create API key">
      <div className="w-72">
        <Field label="Key name" error={errors.name}>
          <Input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Production server"
          />
        </Field>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Scopes</legend>
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
            {option.label} <span className="text-slate-500">({option.hint})</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Agents</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" checked={!limitAgents} onChange={() => setLimitAgents(false)} />
          Every agent, including ones created later
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" checked={limitAgents} onChange={() => setLimitAgents(true)} />
          Only these agents
        </label>
        {limitAgents ? (
          <Select
            multiple
            aria-label="Agents the key may use"
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
          <Field label="Expires" error={errors.expiresAt}>
            <Select value={expiry} onChange={(event) => setExpiry(event.target.value as Expiry)}>
              <option value="never">Never</option>
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="date">On a date…</option>
            </Select>
          </Field>
        </div>
        {expiry === 'date' ? (
          <div className="w-48">
            <Field label="Expiry date">
              <Input type="date" value={date} onChange={(event) => setDate(event.target.value)} />
            </Field>
          </div>
        ) : null}
      </div>
      <Button type="submit" disabled={create.isPending}>
        Create key
      </Button>
      <ErrorNote message={problem ?? (create.error && !errors.name ? errorMessage(create.error) : null)} />
    </form>
  );
}
