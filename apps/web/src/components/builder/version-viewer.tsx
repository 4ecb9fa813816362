'use client';

import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button } from '../ui';
import { FlowCanvas } from './canvas';
import { createProblemStore } from './canvas-context';
import { Dialog } from './dialog';
import { createEditorStore } from './editor-store';

/** A published version on a read-only canvas, with a way to restore it. */
export function VersionViewer({
  agentId,
  version,
  canRestore,
  onRestore,
  onClose,
}: {
  agentId: string;
  version: number;
  canRestore: boolean;
  onRestore: (version: number) => void;
  onClose: () => void;
}) {
  const t = useTranslations('versions.viewer');
  const common = useTranslations('common');
  const format = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.agents.version.queryOptions({ id: agentId, version }));
  const store = useMemo(() => (query.data ? createEditorStore(query.data.graph) : undefined), [query.data]);
  const problems = useMemo(() => createProblemStore(), []);
  return (
    <Dialog title={t('title', { version })} onClose={onClose} wide>
      <div className="flex h-full flex-col">
        <div className="flex items-center gap-3 border-b border-slate-100 px-4 py-2 text-sm">
          {query.data ? (
            <>
              <span className="text-slate-600">
                {query.data.createdBy
                  ? t('publishedBy', {
                      when: format.dateTime(query.data.createdAt),
                      by: query.data.createdBy,
                    })
                  : t('published', { when: format.dateTime(query.data.createdAt) })}
                {query.data.note ? ` — ${query.data.note}` : ''}
              </span>
              {canRestore ? (
                <Button className="ml-auto py-1" onClick={() => onRestore(version)}>
                  {t('restore')}
                </Button>
              ) : null}
            </>
          ) : query.error ? (
            <span className="text-red-700">{errorMessage(query.error)}</span>
          ) : (
            <span className="text-slate-500">{common('loading')}</span>
          )}
        </div>
        <div className="min-h-0 flex-1" data-testid="version-canvas">
          {store ? (
            <ReactFlowProvider>
              <FlowCanvas store={store} problems={problems} readOnly showRunState={false} />
            </ReactFlowProvider>
          ) : null}
        </div>
      </div>
    </Dialog>
  );
}
