'use client';

import Link from 'next/link';
import { type ChangeEvent, type ReactNode, useRef } from 'react';
import type { SaverState } from './draft-saver';

/** Which panel the right-hand side shows. */
export type SidePanel = 'settings' | 'problems' | 'history';

const SAVE_LABELS: Record<SaverState['status'], { text: string; tone: string }> = {
  saved: { text: 'Saved', tone: 'text-emerald-700' },
  unsaved: { text: 'Unsaved changes', tone: 'text-amber-700' },
  saving: { text: 'Saving…', tone: 'text-slate-600' },
  conflict: { text: 'Conflict', tone: 'text-red-700' },
  error: { text: 'Not saved', tone: 'text-red-700' },
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
  const file = useRef<HTMLInputElement>(null);
  const label = SAVE_LABELS[props.save.status];
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (chosen) props.onImport(chosen);
  };
  return (
    <header className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-slate-200 bg-white px-3 py-2">
      <Link href="/agents" className="text-sm text-brand-700 hover:underline">
        ← Agents
      </Link>
      <h1 className="max-w-64 truncate text-base font-semibold" title={props.name}>
        {props.name}
      </h1>
      {props.canEdit ? (
        <span
          data-testid="save-status"
          data-status={props.save.status}
          className={`text-xs font-medium ${label.tone}`}
          title={
            props.save.error ??
            (props.save.savedAt ? `Saved ${props.save.savedAt.toLocaleTimeString()}` : undefined)
          }
        >
          {label.text}
          {props.save.status === 'error' || props.save.status === 'unsaved' ? (
            <button type="button" className="ml-1 underline" onClick={props.onSaveNow}>
              Save now
            </button>
          ) : null}
        </span>
      ) : (
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
          Read-only (viewer)
        </span>
      )}
      <div className="mx-1 h-5 w-px bg-slate-200" />
      {props.canEdit ? (
        <>
          <ToolButton onClick={props.onUndo} disabled={!props.canUndo} title="Undo (Ctrl/Cmd+Z)">
            Undo
          </ToolButton>
          <ToolButton
            onClick={props.onRedo}
            disabled={!props.canRedo}
            title="Redo (Shift+Ctrl/Cmd+Z or Ctrl+Y)"
          >
            Redo
          </ToolButton>
          <ToolButton onClick={props.onLayout} title="Arrange the nodes left to right">
            Auto-layout
          </ToolButton>
        </>
      ) : null}
      <ToolButton onClick={props.onFitView} title="Fit the whole graph in view">
        Fit view
      </ToolButton>
      {props.canEdit ? (
        <>
          <ToolButton
            onClick={() => file.current?.click()}
            title="Replace the draft with a graph file (undoable)"
          >
            Import
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
      <ToolButton onClick={props.onExport} title="Download the draft as a graph file">
        Export
      </ToolButton>
      <Link
        href={`/agents/${props.agentId}/runs`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
      >
        Runs
      </Link>
      <Link
        href={`/agents/${props.agentId}/embed`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        title="Put the published agent on a website"
      >
        Embed
      </Link>
      <Link
        href={`/agents/${props.agentId}/triggers`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        title="Run the published agent from a webhook or on a schedule"
      >
        Triggers
      </Link>
      <Link
        href={`/agents/${props.agentId}/tests`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        title="Test cases and eval runs of this agent"
      >
        Tests
      </Link>
      <Link
        href={`/agents/${props.agentId}/usage`}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        title="Runs, tokens, cost and latency of this agent"
      >
        Usage
      </Link>
      <div className="ml-auto flex items-center gap-1">
        <ToolButton
          pressed={props.panel === 'problems'}
          onClick={() => props.onPanel('problems')}
          className={props.problemCount > 0 ? 'text-red-700' : ''}
        >
          Problems ({props.problemCount})
        </ToolButton>
        <ToolButton pressed={props.panel === 'history'} onClick={() => props.onPanel('history')}>
          History
        </ToolButton>
        {props.previewAvailable ? (
          <ToolButton pressed={props.previewOpen} onClick={props.onPreview}>
            Preview
          </ToolButton>
        ) : null}
        {props.copilotAvailable ? (
          <ToolButton
            pressed={props.copilotOpen === true}
            onClick={props.onCopilot}
            title="Describe the agent or a change; the Copilot proposes it on the canvas"
          >
            Copilot
          </ToolButton>
        ) : null}
        {props.canEdit ? (
          <button
            type="button"
            onClick={props.onPublish}
            className="ml-1 rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700"
          >
            Publish
          </button>
        ) : null}
      </div>
    </header>
  );
}
