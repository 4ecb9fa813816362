'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Input } from '../../ui';
import { KnowledgeBasePicker } from './workspace-pickers';

/**
 * The knowledge base a template asks for when an agent is made from it: one of the workspace's, or a new
 * one created here by name (documents are added to it afterwards, on its page).
 */
export function KnowledgeBaseChoice({
  value,
  onChange,
  error,
}: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const t = useTranslations('pickers');
  const queryClient = useQueryClient();
  const pickerId = useId();
  const nameId = useId();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.knowledge.create.mutationOptions({
      onSuccess: async (base) => {
        // Picked once the list holds it, so it never shows as "not found" in between.
        await queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey() });
        onChange(base.id);
        setName('');
      },
    }),
  );
  // The form's Create button is above this section: a refusal brings the picker into view.
  useEffect(() => {
    if (error) document.getElementById(pickerId)?.focus();
  }, [error, pickerId]);
  const createBase = () => {
    if (name.trim() && !create.isPending) create.mutate({ name: name.trim() });
  };
  const onNameKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter here creates the knowledge base, not the agent the form around it makes.
    if (event.key === 'Enter') {
      event.preventDefault();
      createBase();
    }
  };
  const createError = create.error
    ? (fieldErrors(create.error).name ?? errorMessage(create.error))
    : undefined;

  return (
    <fieldset
      className="space-y-2 rounded-md border border-slate-200 p-3"
      data-testid="template-knowledge-base"
    >
      <legend className="px-1 text-sm font-medium text-slate-700">{t('templateKnowledgeBase')}</legend>
      <p className="text-xs text-slate-600">{t('templateKnowledgeBaseHelp')}</p>
      <div className="space-y-1">
        <label htmlFor={pickerId} className="block text-xs font-medium text-slate-700">
          {t('knowledgeBaseToSearch')}
        </label>
        <KnowledgeBasePicker
          id={pickerId}
          value={value}
          onChange={onChange}
          disabled={false}
          invalid={Boolean(error)}
          clearable={false}
          offerCreate={false}
        />
        {error ? (
          <p role="alert" className="text-xs text-red-600">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1 space-y-1">
          <label htmlFor={nameId} className="block text-xs font-medium text-slate-700">
            {t('orCreateNamed')}
          </label>
          <Input
            id={nameId}
            value={name}
            maxLength={120}
            placeholder={t('newNamePlaceholder')}
            onChange={(event) => setName(event.target.value)}
            onKeyDown={onNameKey}
          />
        </div>
        <Button variant="secondary" disabled={!name.trim() || create.isPending} onClick={createBase}>
          {t('createKnowledgeBase')}
        </Button>
      </div>
      {createError ? (
        <p role="alert" className="text-xs text-red-600">
          {createError}
        </p>
      ) : null}
    </fieldset>
  );
}
