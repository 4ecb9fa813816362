'use client';

import type { Graph } from '@agentry/engine/graph';
import {
  Background,
  ControlButton,
  Controls,
  getNodesBounds,
  getViewportForBounds,
  MiniMap,
  type Node,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Viewport,
} from '@xyflow/react';
import { useTranslations } from 'next-intl';
import {
  type Ref,
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  edgeTypes,
  fitNodes,
  LARGE_GRAPH,
  nodeTypes,
  onFlowError,
  useFlowAriaLabels,
} from '../builder/canvas';
import {
  type CanvasContextValue,
  CanvasContextProvider,
  createProblemStore,
} from '../builder/canvas-context';
import type { FlowNode } from '../builder/flow-graph';
import { DiffLegend } from './diff-legend';
import { formatSetting } from './format-setting';
import {
  countDiff,
  type DiffStatus,
  type DiffWords,
  diffStatusOf,
  mergeForDiff,
  nodesToFrame,
} from './merge-for-diff';

/** What a diff canvas lets its owner do (the builder's Fit view button). */
export interface DiffCanvasHandle {
  /** Frames the whole comparison. */
  fit(): void;
}

// Nothing on a diff canvas is editable, runs or has problems: one context serves every diff canvas.
const DIFF_CONTEXT: CanvasContextValue = {
  problems: createProblemStore(),
  readOnly: true,
  showRunState: false,
};

const MINIMAP_COLORS: Record<DiffStatus, string> = {
  added: '#10b981',
  removed: '#fca5a5',
  changed: '#f59e0b',
};
function minimapColor(node: Node): string {
  const status = diffStatusOf(node.data);
  return status ? MINIMAP_COLORS[status] : '#e2e8f0';
}

// React Flow lets the pointer through nodes nobody can select, drag or listen to; a changed node's
// settings show on hover, so the nodes listen (to nothing).
function keepPointerEvents() {}

function viewportFor(nodes: readonly FlowNode[], width: number, height: number): Viewport {
  if (nodes.length === 0) return { x: width / 2, y: height / 2, zoom: 1 };
  return getViewportForBounds(getNodesBounds(nodes as FlowNode[]), width, height, 0.05, 1, 0.2);
}

/**
 * Two graphs on one read-only canvas: `after` with its added nodes and edges in green and changed nodes
 * in amber (settings on hover or focus), and ghosts of what `before` had in red. Opens framed on the
 * changes; panning and zooming work, nothing can be edited, connected or selected.
 */
export function DiffCanvas(props: { before: Graph; after: Graph; ref?: Ref<DiffCanvasHandle> }) {
  // Its own provider: inside the builder it must not share the editor canvas's React Flow store.
  return (
    <ReactFlowProvider>
      <DiffFlow {...props} />
    </ReactFlowProvider>
  );
}

function DiffFlow({ before, after, ref }: { before: Graph; after: Graph; ref?: Ref<DiffCanvasHandle> }) {
  const t = useTranslations('graphDiff');
  const ariaLabels = useFlowAriaLabels();
  const words = useMemo<DiffWords>(
    () => ({
      node: ({ label, type, status, detail }) =>
        detail
          ? t('nodeLabelDetail', { label, type, status, detail })
          : t('nodeLabel', { label, type, status }),
      edge: ({ source, target, status }) => t('edgeLabel', { source, target, status }),
      setting: (setting) => formatSetting(setting, 60, t('notSet')),
    }),
    [t],
  );
  const merged = useMemo(() => mergeForDiff(before, after, words), [before, after, words]);
  const counts = useMemo(() => countDiff(merged), [merged]);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    if (box.current) setSize({ width: box.current.clientWidth, height: box.current.clientHeight });
  }, []);
  // The first view frames the changes, computed from the nodes' estimated sizes before drawing.
  const defaultViewport = useMemo(
    () => (size ? viewportFor(nodesToFrame(merged), size.width, size.height) : undefined),
    [merged, size],
  );
  const flow = useReactFlow<FlowNode>();
  const fitAll = useCallback(() => {
    if (box.current) fitNodes(flow, merged.nodes, box.current);
  }, [flow, merged]);
  useImperativeHandle(ref, () => ({ fit: fitAll }), [fitAll]);

  return (
    <CanvasContextProvider value={DIFF_CONTEXT}>
      <div ref={box} className="h-full w-full" data-testid="diff-canvas">
        {defaultViewport ? (
          <ReactFlow<FlowNode>
            aria-label={t('canvas')}
            ariaLabelConfig={ariaLabels}
            defaultNodes={merged.nodes}
            defaultEdges={merged.edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            onNodeMouseEnter={keepPointerEvents}
            edgesReconnectable={false}
            deleteKeyCode={null}
            selectionKeyCode={null}
            multiSelectionKeyCode={null}
            onlyRenderVisibleElements={merged.nodes.length > LARGE_GRAPH}
            minZoom={0.05}
            defaultViewport={defaultViewport}
            onError={onFlowError}
          >
            <Background gap={20} size={1.2} color="#cbd5e1" />
            <Controls showInteractive={false} showFitView={false}>
              <ControlButton onClick={fitAll} title={t('fit')} aria-label={t('fit')}>
                {'⤢'}
              </ControlButton>
            </Controls>
            <MiniMap
              pannable
              zoomable
              nodeStrokeWidth={2}
              nodeColor={minimapColor}
              ariaLabel={t('overview')}
            />
            <DiffLegend counts={counts} />
          </ReactFlow>
        ) : null}
      </div>
    </CanvasContextProvider>
  );
}
