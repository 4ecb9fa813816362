'use client';

import type { Graph } from '@agentry/engine/graph';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Select } from '../ui';
import { useBuilder } from './builder-context';
import { ChangeList } from './change-list';

/** Published versions: view one read-only, restore one into the draft, compare two (or one with the draft). */
export function VersionsPanel({
  agentId,
  publishedVersionId,
  canEdit,
  onView,
  onRestore,
}: {
  agentId: string;
  publishedVersionId: string | null;
  canEdit: boolean;
  onView: (version: number) => void;
  onRestore: (version: number) => void;
}) {
  const t = useTranslations('versions');
  const common = useTranslations('common');
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { getGraph, showDiff } = useBuilder();
  const versions = useQuery(trpc.agents.versions.queryOptions({ id: agentId }));
  const [drawing, setDrawing] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | 'draft'>('draft');
  const list = versions.data ?? [];
  const fromVersion = from ?? list[0]?.version ?? null;
  const diff = useQuery({
    ...trpc.agents.diff.queryOptions({ id: agentId, from: fromVersion ?? 1, to }),
    enabled: fromVersion !== null,
  });

  // The comparison on the main canvas; "the draft" is the canvas as it is now, unsaved edits included.
  const showOnCanvas = async (from: number, target: number | 'draft') => {
    const graphOf = async (version: number): Promise<Graph> =>
      (await queryClient.fetchQuery(trpc.agents.version.queryOptions({ id: agentId, version }))).graph;
    if (drawing.busy) return;
    setDrawing({ busy: true });
    try {
      const [before, after] = await Promise.all([
        graphOf(from),
        target === 'draft' ? getGraph() : graphOf(target),
      ]);
      setDrawing({ busy: false });
      showDiff({
        before,
        after,
        title: target === 'draft' ? t('diffTitleDraft', { from }) : t('diffTitle', { from, to: target }),
      });
    } catch (error) {
      setDrawing({ busy: false, error: t('drawFailed', { error: errorMessage(error) }) });
    }
  };

  if (versions.isPending) return <p className="p-4 text-sm text-slate-500">{t('loading')}</p>;
  if (versions.error) return <p className="p-4 text-sm text-red-700">{errorMessage(versions.error)}</p>;
  if (list.length === 0) {
    return (
      <div className="p-4 text-sm text-slate-600">
        <p className="font-medium">{t('empty')}</p>
        <p className="mt-1">{t('emptyHint')}</p>
      </div>
    );
  }
  return (
    <section aria-label={t('label')} className="space-y-4 p-3">
      <ul className="space-y-2" data-testid="versions-list">
        {list.map((version) => (
          <li key={version.id} className="rounded-md border border-slate-200 p-2">
            <div className="flex items-center gap-2">
              <span className="font-semibold">{t('short', { version: version.version })}</span>
              {version.id === publishedVersionId ? (
                <span className="rounded-full bg-emerald-50 px-2 text-xs font-medium text-emerald-700">
                  {t('published')}
                </span>
              ) : null}
              <span className="ml-auto text-xs text-slate-500">{format.dateTime(version.createdAt)}</span>
            </div>
            {version.note ? <p className="mt-1 text-xs text-slate-700">{version.note}</p> : null}
            <div className="mt-2 flex gap-1">
              <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => onView(version.version)}>
                {common('view')}
              </Button>
              {canEdit ? (
                <Button
                  variant="ghost"
                  className="px-2 py-0.5 text-xs"
                  onClick={() => onRestore(version.version)}
                >
                  {t('restore', { version: version.version })}
                </Button>
              ) : null}
              <Button
                variant="ghost"
                className="px-2 py-0.5 text-xs"
                onClick={() => {
                  setFrom(version.version);
                  setTo('draft');
                }}
              >
                {t('compare')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <div className="space-y-2 border-t border-slate-200 pt-3">
        <div className="flex items-center gap-2">
          <h3 className="text-sm font-semibold">{t('whatChanged')}</h3>
          {fromVersion !== null ? (
            <Button
              variant="secondary"
              className="ml-auto px-2 py-0.5 text-xs"
              // Not `disabled` while busy: a disabled button drops the focus, which should come back here.
              aria-disabled={drawing.busy}
              onClick={() => void showOnCanvas(fromVersion, to)}
            >
              {drawing.busy ? t('drawing') : t('showOnCanvas')}
            </Button>
          ) : null}
        </div>
        <div className="flex items-center gap-2 text-xs">
          <Select
            aria-label={t('compareFrom')}
            className="py-1 text-xs"
            value={fromVersion ?? ''}
            onChange={(event) => setFrom(Number(event.target.value))}
          >
            {list.map((version) => (
              <option key={version.id} value={version.version}>
                {t('short', { version: version.version })}
              </option>
            ))}
          </Select>
          <span>→</span>
          <Select
            aria-label={t('compareTo')}
            className="py-1 text-xs"
            value={String(to)}
            onChange={(event) => setTo(event.target.value === 'draft' ? 'draft' : Number(event.target.value))}
          >
            <option value="draft">{t('draft')}</option>
            {list.map((version) => (
              <option key={version.id} value={version.version}>
                {t('short', { version: version.version })}
              </option>
            ))}
          </Select>
        </div>
        {diff.isPending ? (
          <p className="text-xs text-slate-500">{t('comparing')}</p>
        ) : diff.error ? (
          <p className="text-xs text-red-700">{errorMessage(diff.error)}</p>
        ) : (
          <ChangeList changes={diff.data ?? []} empty={t('noDifferences')} />
        )}
        {drawing.error ? (
          <p role="alert" className="text-xs text-red-700">
            {drawing.error}
          </p>
        ) : null}
      </div>
    </section>
  );
}
