'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { useBuilder } from '../builder-context';
import { ResourcePicker } from './resource-picker';
import { agentOptions, knowledgeBaseOptions } from './resource-options';

/** What a picker field gets from the form around it. */
export interface PickerFieldProps {
  id: string;
  value: unknown;
  onChange: (id: string | undefined) => void;
  disabled: boolean;
  invalid?: boolean;
  placeholder?: string;
}

function LoadError({ error, noun }: { error: unknown; noun: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-xs text-red-600">
      Could not load the {noun}s: {errorMessage(error)}
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
  const list = useQuery({ ...trpc.knowledge.list.queryOptions(), refetchOnWindowFocus: true });
  const options = useMemo(() => (list.data ? knowledgeBaseOptions(list.data) : undefined), [list.data]);
  return (
    <>
      <ResourcePicker
        {...field}
        options={options}
        noun="knowledge base"
        clearable={clearable}
        href={(id) => `/knowledge/${id}`}
        empty={
          offerCreate ? (
            <>
              No knowledge bases yet.{' '}
              <Link href="/knowledge" target="_blank" className="text-brand-700 underline">
                Create one
              </Link>
            </>
          ) : undefined
        }
      />
      <LoadError error={list.error} noun="knowledge base" />
    </>
  );
}

/** Picks another of the workspace's agents for Agent as Tool; the agent being edited is not offered. */
export function AgentPicker(field: PickerFieldProps) {
  const trpc = useTRPC();
  const { agentId } = useBuilder();
  const list = useQuery({ ...trpc.agents.list.queryOptions(), refetchOnWindowFocus: true });
  const options = useMemo(
    () => (list.data ? agentOptions(list.data, agentId) : undefined),
    [list.data, agentId],
  );
  // The agent itself is known (a graph file may name it) though never offered, so it is not "deleted".
  const known = useMemo(() => (list.data ? agentOptions(list.data, undefined) : undefined), [list.data]);
  return (
    <>
      <ResourcePicker
        {...field}
        options={options}
        known={known}
        noun="agent"
        href={(id) => `/agents/${id}`}
        empty={
          <>
            No other agent yet.{' '}
            <Link href="/agents" target="_blank" className="text-brand-700 underline">
              Create one
            </Link>
          </>
        }
      />
      {field.value === agentId ? (
        <p className="text-xs text-amber-800">
          This is the agent being edited: it cannot call itself. Pick another agent.
        </p>
      ) : null}
      <LoadError error={list.error} noun="agent" />
    </>
  );
}
