'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { useBuilder } from '../builder-context';
import { ResourcePicker } from './resource-picker';
import { agentOptions, knowledgeBaseOptions, type OptionWords } from './resource-options';

/** The options' second lines in the page's language. */
function useOptionWords(): OptionWords {
  const t = useTranslations('pickers');
  return useMemo(
    () => ({
      documents: (count) => t('documents', { count }),
      processing: (count) => t('processing', { count }),
      failed: (count) => t('failed', { count }),
      published: t('published'),
      draftOnly: t('draftOnly'),
    }),
    [t],
  );
}

/** What a picker field gets from the form around it. */
export interface PickerFieldProps {
  id: string;
  value: unknown;
  onChange: (id: string | undefined) => void;
  disabled: boolean;
  invalid?: boolean;
  placeholder?: string;
}

function LoadError({ error, kind }: { error: unknown; kind: 'knowledgeBase' | 'agent' }) {
  const t = useTranslations('pickers');
  if (!error) return null;
  return (
    <p role="alert" className="text-xs text-red-600">
      {t('loadError', { kind, detail: errorMessage(error) })}
    </p>
  );
}

/**
 * Picks one of the workspace's knowledge bases. The list refreshes when the window regains focus, so a
 * base created or deleted in the tab its link opened shows at once.
 */
export function KnowledgeBasePicker({
  clearable = true,
  offerCreate = true,
  ...field
}: PickerFieldProps & { clearable?: boolean; offerCreate?: boolean }) {
  const trpc = useTRPC();
  const t = useTranslations('pickers');
  const words = useOptionWords();
  const list = useQuery({ ...trpc.knowledge.list.queryOptions(), refetchOnWindowFocus: true });
  const options = useMemo(
    () => (list.data ? knowledgeBaseOptions(list.data, words) : undefined),
    [list.data, words],
  );
  return (
    <>
      <ResourcePicker
        {...field}
        options={options}
        noun="knowledge base"
        clearable={clearable}
        href={(id) => `/knowledge/${id}`}
        empty={
          offerCreate
            ? t.rich('noKnowledgeBases', {
                link: (chunks) => (
                  <Link href="/knowledge" target="_blank" className="text-brand-700 underline">
                    {chunks}
                  </Link>
                ),
              })
            : undefined
        }
      />
      <LoadError error={list.error} kind="knowledgeBase" />
    </>
  );
}

/** Picks another of the workspace's agents for Agent as Tool; the agent being edited is not offered. */
export function AgentPicker(field: PickerFieldProps) {
  const trpc = useTRPC();
  const t = useTranslations('pickers');
  const words = useOptionWords();
  const { agentId } = useBuilder();
  const list = useQuery({ ...trpc.agents.list.queryOptions(), refetchOnWindowFocus: true });
  const options = useMemo(
    () => (list.data ? agentOptions(list.data, agentId, words) : undefined),
    [list.data, agentId, words],
  );
  // The agent itself is known (a graph file may name it) though never offered, so it is not "deleted".
  const known = useMemo(
    () => (list.data ? agentOptions(list.data, undefined, words) : undefined),
    [list.data, words],
  );
  return (
    <>
      <ResourcePicker
        {...field}
        options={options}
        known={known}
        noun="agent"
        href={(id) => `/agents/${id}`}
        empty={t.rich('noOtherAgents', {
          link: (chunks) => (
            <Link href="/agents" target="_blank" className="text-brand-700 underline">
              {chunks}
            </Link>
          ),
        })}
      />
      {field.value === agentId ? <p className="text-xs text-amber-800">{t('agentIsSelf')}</p> : null}
      <LoadError error={list.error} kind="agent" />
    </>
  );
}
