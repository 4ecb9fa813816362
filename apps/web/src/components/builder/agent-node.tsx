'use client';

import type { PortSpec } from '@agentry/engine/graph';
import {
  Handle,
  type NodeProps,
  Position,
  type ReactFlowState,
  useStore,
  useUpdateNodeInternals,
} from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { type KeyboardEvent, memo, useEffect, useRef, useState } from 'react';
import { useEngineWords } from '@/i18n/engine-words';
import { useFormat } from '@/i18n/format';
import { DIFF_LOOKS, DiffMark } from '../graph-diff/diff-mark';
import { diffSettingsOf, diffStatusOf } from '../graph-diff/merge-for-diff';
import { announce } from './announcer';
import { useCanvas, useElementProblems } from './canvas-context';
import type { FlowNode } from './editor-store';
import { catalogEntry, portsOf } from './node-types';
import { type PortChoice, portAccessibleName, usePortWords } from './port-choices';
import { portColor } from './port-colors';
import { PortMenu } from './port-menu';
import { type NodeRunState, useNodeRunState } from './run-state-store';

const HANDLE_STYLE = { width: 12, height: 12, border: '2px solid white' } as const;

const RUN_RING: Record<NodeRunState['status'], string> = {
  idle: '',
  waiting: 'outline-2 outline-dashed outline-slate-300',
  running: 'outline-3 outline-sky-400',
  done: 'outline-2 outline-emerald-500',
  skipped: 'opacity-50',
  failed: 'outline-3 outline-red-500',
};

// Below this zoom the labels are too small to read: nodes drop them (same size, far less to lay out).
const DETAIL_ZOOM = 0.45;
const showsDetail = (state: ReactFlowState) => state.transform[2] >= DETAIL_ZOOM;

function PortRow({
  nodeId,
  nodeType,
  nodeLabel,
  port,
  side,
  connectable,
  detailed,
}: {
  nodeId: string;
  nodeType: string | undefined;
  nodeLabel: string;
  port: PortSpec;
  side: 'input' | 'output';
  connectable: boolean;
  detailed: boolean;
}) {
  const input = side === 'input';
  const t = useTranslations('nodeCard');
  const engine = useEngineWords();
  const words = usePortWords();
  const portLabel = nodeType ? engine.portLabel(nodeType, port.id, port.label) : port.label;
  const description = nodeType ? engine.portHelp(nodeType, port.id, port.description) : port.description;
  const note = t('portNote', {
    label: portLabel,
    type: engine.portTypeName(port.type),
    required: port.required ? 'yes' : 'no',
    multiple: port.multiple ? 'yes' : 'no',
  });
  const { ports } = useCanvas();
  const handle = useRef<HTMLDivElement>(null);
  const [choices, setChoices] = useState<PortChoice[] | null>(null);
  const from = { nodeId, portId: port.id, side };
  const close = () => {
    setChoices(null);
    handle.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    // The node around the handle would take Enter as "select me".
    event.stopPropagation();
    event.preventDefault();
    if (ports) setChoices(ports.choices(from));
  };
  return (
    <div className={`relative flex h-6 items-center ${input ? 'justify-start pl-3' : 'justify-end pr-3'}`}>
      <Handle
        ref={handle}
        id={port.id}
        type={input ? 'target' : 'source'}
        position={input ? Position.Left : Position.Right}
        isConnectable={connectable}
        title={detailed ? t('portTitle', { note, side }) : undefined}
        tabIndex={ports ? 0 : undefined}
        role={ports ? 'button' : 'img'}
        aria-haspopup={ports ? 'listbox' : undefined}
        aria-expanded={ports ? choices !== null : undefined}
        aria-label={portAccessibleName(nodeLabel, port, side, words)}
        onKeyDown={ports ? onKeyDown : undefined}
        className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        style={{ ...HANDLE_STYLE, background: portColor(port.type) }}
      />
      {detailed ? (
        <span className="truncate text-xs text-slate-600" title={description ?? note}>
          {portLabel}
          {port.required ? <span className="text-red-500">*</span> : null}
        </span>
      ) : null}
      {choices && ports ? (
        <PortMenu
          title={t('menuTitle', { side, node: nodeLabel, port: port.id })}
          choices={choices}
          anchor={handle}
          onClose={close}
          onPick={(choice) => {
            announce(ports.pick(from, choice));
            close();
          }}
        />
      ) : null}
    </div>
  );
}

function RunBadge({ run }: { run: NodeRunState }) {
  const t = useTranslations('nodeCard');
  const format = useFormat();
  if (run.status === 'running') {
    return (
      <span
        role="img"
        aria-label={t('running')}
        className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-sky-500 border-t-transparent"
      />
    );
  }
  if (run.status === 'done') {
    return (
      <span className="text-xs font-medium text-emerald-700" title={t('done')}>
        <span aria-hidden="true">✓</span>
        <span className="sr-only">{t('done')}</span>
        {run.durationMs !== undefined ? ` ${format.duration(run.durationMs)}` : ''}
      </span>
    );
  }
  if (run.status === 'failed') return <span className="text-xs font-medium text-red-700">{t('failed')}</span>;
  if (run.status === 'skipped') return <span className="text-xs text-slate-500">{t('skipped')}</span>;
  // The dashed outline is its colour-free sign; the word says it to everyone.
  if (run.status === 'waiting') return <span className="text-xs text-slate-500">{t('queued')}</span>;
  return null;
}

/**
 * A node of a known type: title, typed ports as coloured handles, problems and run state; on a diff
 * canvas, its diff status (`data.diff`). Its box has fixed sizes that `node-geometry.ts` mirrors
 * (header 48 px, one 24 px row per port, 240 px wide).
 */
export const AgentNode = memo(function AgentNode({ id, type, data, selected }: NodeProps<FlowNode>) {
  const entry = catalogEntry(type);
  const t = useTranslations('nodeCard');
  const engine = useEngineWords();
  const title = entry ? engine.nodeTitle(entry.type, entry.title) : undefined;
  const ports = portsOf(type, data.config);
  const { readOnly, showRunState } = useCanvas();
  const problems = useElementProblems(`node:${id}`);
  const liveRun = useNodeRunState(id);
  const run = showRunState ? liveRun : ({ status: 'idle' } as NodeRunState);
  const detailed = useStore(showsDetail);
  const updateNodeInternals = useUpdateNodeInternals();
  const signature = `${ports.inputs.map((port) => port.id).join(',')}|${ports.outputs.map((port) => port.id).join(',')}`;
  const firstSignature = useRef(signature);
  // Ports follow the config (a Prompt's variables): tell React Flow to measure the new handles.
  useEffect(() => {
    if (signature !== firstSignature.current) {
      firstSignature.current = signature;
      updateNodeInternals(id);
    }
  }, [id, signature, updateNodeInternals]);

  // The node's own label is the user's words; the type's title is translated.
  const label = engine.nodeLabel(type, entry?.title, data.label);
  const rows = Math.max(ports.inputs.length, ports.outputs.length);
  const diff = diffStatusOf(data);
  const frame = diff
    ? DIFF_LOOKS[diff].box
    : `${problems.length > 0 ? 'border-red-400' : 'border-slate-300'} ${selected ? 'ring-2 ring-brand-500' : ''} ${RUN_RING[run.status]}`;
  const box = (
    <div
      data-testid={`node-${id}`}
      data-problems={problems.length}
      data-run-status={run.status}
      data-diff={diff}
      className={`w-60 rounded-lg border bg-white ${detailed ? 'shadow-sm' : ''} ${frame}`}
    >
      <div className="flex h-12 items-center gap-2 border-b border-slate-100 px-3">
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm leading-5 font-semibold text-slate-900">{label}</div>
          {label !== title ? (
            <div className="truncate text-[11px] leading-4 text-slate-500">{title}</div>
          ) : null}
        </div>
        <RunBadge run={run} />
        {problems.length > 0 ? (
          <span
            className="rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white"
            title={problems.map((problem) => engine.problem(problem)).join('\n')}
          >
            {problems.length}
            <span className="sr-only">{t('problemsSr', { count: problems.length })}</span>
          </span>
        ) : null}
      </div>
      {rows > 0 ? (
        <div className="grid grid-cols-2 py-1">
          <div>
            {ports.inputs.map((port) => (
              <PortRow
                key={port.id}
                nodeId={id}
                nodeType={type}
                nodeLabel={label}
                port={port}
                side="input"
                connectable={!readOnly}
                detailed={detailed}
              />
            ))}
          </div>
          <div>
            {ports.outputs.map((port) => (
              <PortRow
                key={port.id}
                nodeId={id}
                nodeType={type}
                nodeLabel={label}
                port={port}
                side="output"
                connectable={!readOnly}
                detailed={detailed}
              />
            ))}
          </div>
        </div>
      ) : null}
      {run.status === 'done' && run.outputPreview ? (
        <p
          className="line-clamp-2 border-t border-slate-100 px-3 py-1 text-xs text-slate-600"
          title={run.outputPreview}
        >
          {run.outputPreview}
        </p>
      ) : null}
      {run.status === 'failed' && run.error ? (
        <p className="border-t border-red-100 px-3 py-1 text-xs text-red-700">{run.error.message}</p>
      ) : null}
    </div>
  );
  if (!diff) return box;
  return (
    <>
      {box}
      <DiffMark status={diff} settings={diffSettingsOf(data)} />
    </>
  );
});

/** A node whose type this build does not know (e.g. from an imported file): clearly marked, deletable. */
export const BrokenNode = memo(function BrokenNode({ id, data, selected }: NodeProps<FlowNode>) {
  const actualType = useStore((state) => state.nodeLookup.get(id)?.type ?? 'unknown');
  const { readOnly, deleteNode } = useCanvas();
  const t = useTranslations('nodeCard');
  const problems = useElementProblems(`node:${id}`);
  const diff = diffStatusOf(data);
  const box = (
    <div
      data-testid={`node-${id}`}
      data-broken="true"
      data-problems={problems.length}
      data-diff={diff}
      className={`w-60 rounded-lg border-2 border-dashed border-red-500 bg-red-50 p-3 text-sm ${selected ? 'ring-2 ring-brand-500' : ''} ${diff === 'removed' ? 'opacity-50' : ''}`}
    >
      <p className="font-semibold text-red-800">{t('unknownType', { type: actualType })}</p>
      {typeof data.label === 'string' && data.label ? (
        <p className="text-xs text-red-700">{data.label}</p>
      ) : null}
      <p className="mt-1 text-xs text-red-700">{t('unknownTypeHelp')}</p>
      {!readOnly && deleteNode ? (
        <button
          type="button"
          className="nodrag mt-2 rounded border border-red-300 bg-white px-2 py-0.5 text-xs font-medium text-red-700 hover:bg-red-100"
          onClick={() => deleteNode(id)}
        >
          {t('deleteNode')}
        </button>
      ) : null}
    </div>
  );
  if (!diff) return box;
  return (
    <>
      {box}
      <DiffMark status={diff} settings={diffSettingsOf(data)} />
    </>
  );
});
