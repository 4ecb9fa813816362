'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Loading } from '../ui';
import type { StoredCase } from './case-draft';
import { CaseEditor } from './case-editor';
import { caseSelection, useSelectedCaseIds } from './case-selection';
import { CaseTable } from './case-table';
import { CaseTransfer } from './case-transfer';

type Editor = { mode: 'new' } | { mode: 'open'; id: string } | null;

/** The empty list: the three ways to get a first case. */
function NoCases({ agentId, canEdit, onNew }: { agentId: string; canEdit: boolean; onNew: () => void }) {
  const t = useTranslations('evals.cases');
  return (
    <EmptyState
      title={t('emptyTitle')}
      body={canEdit ? t('emptyEditor') : t('emptyViewer')}
      action={
        canEdit ? (
          <div className="flex justify-center gap-2">
            <Button onClick={onNew}>{t('newCase')}</Button>
            <Link
              href={`/agents/${agentId}`}
              className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              {t('openPreview')}
            </Link>
          </div>
        ) : undefined
      }
    />
  );
}

/** An agent's test cases: the list with selection for a run, the editor, import and export. */
export function CasesPanel({ agentId, canEdit }: { agentId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const t = useTranslations('evals.cases');
  const queryClient = useQueryClient();
  const list = useQuery(trpc.evals.listCases.queryOptions({ agentId }));
  const selected = useSelectedCaseIds();
  const [editor, setEditor] = useState<Editor>(null);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.evals.listCases.queryKey({ agentId }) });
  const remove = useMutation(trpc.evals.deleteCase.mutationOptions({ onSuccess: refresh }));
  const cases: readonly StoredCase[] = list.data ?? [];
  // Stable, because the dialog moves focus into itself whenever its onClose changes.
  const close = useCallback(() => setEditor(null), []);

  useEffect(() => caseSelection.forAgent(agentId), [agentId]);
  useEffect(() => {
    if (list.data) caseSelection.retain(list.data.map((row) => row.id));
  }, [list.data]);

  if (list.isPending) return <Loading label={t('loading')} />;
  if (list.error) return <ErrorNote message={errorMessage(list.error)} />;
  const open = editor?.mode === 'open' ? cases.find((row) => row.id === editor.id) : undefined;

  return (
    <section aria-labelledby="cases-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="cases-heading" className="text-lg font-semibold">
            {t('heading', { count: cases.length })}
          </h2>
          <p className="text-sm text-slate-600" aria-live="polite">
            {selected.length > 0 ? (
              <>
                {t('selected', { count: selected.length })}{' '}
                <button
                  type="button"
                  className="text-brand-700 underline"
                  onClick={() => caseSelection.set([])}
                >
                  {t('clearSelection')}
                </button>
              </>
            ) : (
              t('allRun')
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {canEdit ? <Button onClick={() => setEditor({ mode: 'new' })}>{t('newCase')}</Button> : null}
          <CaseTransfer agentId={agentId} canEdit={canEdit} caseCount={cases.length} onImported={refresh} />
        </div>
      </div>
      <ErrorNote message={remove.error ? errorMessage(remove.error) : null} />
      {cases.length === 0 ? (
        <NoCases agentId={agentId} canEdit={canEdit} onNew={() => setEditor({ mode: 'new' })} />
      ) : (
        <Card className="overflow-x-auto">
          <CaseTable
            cases={cases}
            selected={selected}
            canEdit={canEdit}
            busyId={remove.isPending ? (remove.variables?.id ?? null) : null}
            onSelect={caseSelection.toggle}
            onSelectAll={(all) => caseSelection.set(all ? cases.map((row) => row.id) : [])}
            onOpen={(row) => setEditor({ mode: 'open', id: row.id })}
            onDelete={(row) => {
              if (window.confirm(t('confirmDelete', { name: row.name }))) remove.mutate({ id: row.id });
            }}
          />
        </Card>
      )}
      {editor?.mode === 'new' || open ? (
        <CaseEditor
          key={open?.id ?? 'new'}
          agentId={agentId}
          stored={open}
          readOnly={!canEdit}
          onClose={close}
          onSaved={() => {
            setEditor(null);
            void refresh();
          }}
        />
      ) : null}
    </section>
  );
}
