'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type ChangeEvent, type ReactNode, useRef } from 'react';
import { useFormat } from '@/i18n/format';
import type { SaverState } from './draft-saver';

/** Which panel the right-hand side shows. */
export type SidePanel = 'settings' | 'problems' | 'history';

const SAVE_TONES: Record<SaverState['status'], string> = {
  saved: 'text-emerald-700',
  unsaved: 'text-amber-700',
  saving: 'text-slate-600',
  conflict: 'text-red-700',
  error: 'text-red-700',
};

function ToolButton({
  children,
  pressed,
  ...props
}: { children: ReactNode; pressed?: boolean } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      {...props}
      className={`rounded-md px-2 py-1 text-sm font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-300 aria-pressed:bg-brand-50 aria-pressed:text-brand-700 ${props.className ?? ''}`}
    >
      {children}
    </button>
  );
}

/** The builder's top bar: name, save state, edit history, layout, files, panels and publish. */
export function BuilderToolbar(props: {
  name: string;
  agentId: string;
  canEdit: boolean;
  save: SaverState;
  canUndo: boolean;
  canRedo: boolean;
  problemCount: number;
  panel: SidePanel | null;
  previewAvailable: boolean;
  previewOpen: boolean;
  /** Whether a Copilot panel is offered (absent: no toggle). */
  copilotAvailable?: boolean;
  copilotOpen?: boolean;
  onUndo(): void;
  onRedo(): void;
  onSaveNow(): void;
  onLayout(): void;
  onFitView(): void;
  onImport(file: File): void;
  onExport(): void;
  onPanel(panel: SidePanel): void;
  onPreview(): void;
  onCopilot?(): void;
  onPublish(): void;
}) {
  const t = useTranslations('builder.toolbar');
  const format = useFormat();
  const file = useRef<HTMLInputElement>(null);
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (chosen) props.onImport(chosen);
  };
  return (
    <header className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-slate-200 bg-white px-3 py-2">
      <Link href="/agents" className="text-sm text-brand-700 hover:underline">
        {t('back')}
      </Link>
      <h1 className="max-w-64 truncate text-base font-semibold" title={props.name}>
        {props.name}
      </h1>
      {props.canEdit ? (
        <span
          data-testid="save-status"
          data-status={props.save.status}
          className={`text-xs font-medium ${SAVE_TONES[props.save.status]}`}
          title={
            props.save.error ??
            (props.save.savedAt ? t('savedAt', { time: format.time(props.save.savedAt) }) : undefined)
          }
        >
          {t(`save.${props.save.status}`)}
          {props.save.status === 'error' || props.save.status === 'unsaved' ? (
            <button type="button" className="ml-1 underline" onClick={props.onSaveNow}>
              {t('saveNow')}
            </button>
          ) : null}
        </span>
      ) : (
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
          {t('readOnly')}
        </span>
      )}
      <div className="mx-1 h-5 w-px bg-slate-200" />
      {props.canEdit ? (
        <>
          <ToolButton onClick={props.onUndo} disabled={!props.canUndo} title={t('undoHint')}>
            {t('undo')}
          </ToolButton>
          <ToolButton onClick={props.onRedo} disabled={!props.canRedo} title={t('redoHint')}>
            {t('redo')}
          </ToolButton>
          <ToolButton onClick={props.onLayout} title={t('layoutHint')}>
            {t('layout')}
          </ToolButton>
        </>
      ) : null}
      <ToolButton onClick={props.onFitView} title={t('fitHint')}>
        {t('fit')}
      </ToolButton>
      {props.canEdit ? (
        <>
          <ToolButton onClick={() => file.current?.click()} title={t('importHint')}>
            {t('import')}
          </ToolButton>
          <input
            ref={file}
            type="file"
            accept="application/json,.json"
            className="hidden"
            data-testid="import-file"
            onChange={onFile}
          />
        </>
      ) : null}
      <ToolButton onClick={props.onExport} title={t('exportHint')}>
        {t('export')}
      </ToolButton>
      <Link
        href={`/agents/${props.agentId}/runs`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
      >
        {t('runs')}
      </Link>
      <Link
        href={`/agents/${props.agentId}/embed`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        title={t('embedHint')}
      >
        {t('embed')}
      </Link>
      <Link
        href={`/agents/${props.agentId}/triggers`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        title={t('triggersHint')}
      >
        {t('triggers')}
      </Link>
      <Link
        href={`/agents/${props.agentId}/tests`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        title={t('testsHint')}
      >
        {t('tests')}
      </Link>
      <Link
        href={`/agents/${props.agentId}/usage`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        title={t('usageHint')}
      >
        {t('usage')}
      </Link>
      <div className="ml-auto flex items-center gap-1">
        <ToolButton
          pressed={props.panel === 'problems'}
          onClick={() => props.onPanel('problems')}
          className={props.problemCount > 0 ? 'text-red-700' : ''}
        >
          {t('problems', { count: props.problemCount })}
        </ToolButton>
        <ToolButton pressed={props.panel === 'history'} onClick={() => props.onPanel('history')}>
          {t('history')}
        </ToolButton>
        {props.previewAvailable ? (
          <ToolButton pressed={props.previewOpen} onClick={props.onPreview}>
            {t('preview')}
          </ToolButton>
        ) : null}
        {props.copilotAvailable ? (
          <ToolButton pressed={props.copilotOpen === true} onClick={props.onCopilot} title={t('copilotHint')}>
            {t('copilot')}
          </ToolButton>
        ) : null}
        {props.canEdit ? (
          <button
            type="button"
            onClick={props.onPublish}
            className="ml-1 rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700"
          >
            {t('publish')}
          </button>
        ) : null}
      </div>
    </header>
  );
}
