'use client';

import '@xyflow/react/dist/style.css';
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeTypes,
  type FinalConnectionState,
  type InternalNode,
  MiniMap,
  getNodesBounds,
  getViewportForBounds,
  type NodeTypes,
  Panel,
  ReactFlow,
  type ReactFlowInstance,
  useConnection,
  useReactFlow,
  type Viewport,
} from '@xyflow/react';
import { useTranslations } from 'next-intl';
import {
  type DragEvent,
  type FocusEvent,
  type KeyboardEvent,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useEngineWords } from '@/i18n/engine-words';
import { announce } from './announcer';
import { AgentNode, BrokenNode } from './agent-node';
import { type CanvasContextValue, CanvasContextProvider, type ProblemStore } from './canvas-context';
import { type EditorStore, type FlowEdge, type FlowNode, useEditorState } from './editor-store';
import { catalog, catalogEntry } from './node-types';
import { choiceConnection, portChoices, refusalBetween, usePortWords } from './port-choices';
import { PortLegend } from './port-legend';
import { useNotify } from './toasts';
import { TypedEdge } from './typed-edge';

/** The drag-and-drop type the palette uses for node types. */
export const PALETTE_MIME = 'application/x-agentry-node-type';

/**
 * The canvas's node components by type (also the diff canvas's). Module scope, so React Flow never sees
 * new component types (which would remount every node). Unknown types (and React Flow's own built-ins,
 * which a hostile file could name) get the broken node.
 */
export const nodeTypes: NodeTypes = {
  ...Object.fromEntries(catalog.map((entry) => [entry.type, AgentNode])),
  default: BrokenNode,
  input: BrokenNode,
  output: BrokenNode,
  group: BrokenNode,
};
/** The canvas's edge component (also the diff canvas's). */
export const edgeTypes: EdgeTypes = { default: TypedEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
/** Above this many nodes the canvas draws only what is in view and opens on the start of the flow. */
export const LARGE_GRAPH = 150;
const START_REGION_NODES = 30;

/**
 * Moves the view to frame the given nodes (all by default). React Flow's own fitView waits until every
 * node has been measured, which never happens while a large graph draws only what is in view; this
 * uses measured sizes where there are some and the estimates elsewhere.
 */
export function fitNodes(
  flow: Pick<ReactFlowInstance<FlowNode>, 'setViewport'>,
  nodes: readonly FlowNode[],
  box: { clientWidth: number; clientHeight: number },
  options: { maxZoom?: number; padding?: number; duration?: number } = {},
): void {
  if (nodes.length === 0 || box.clientWidth === 0) return;
  const viewport = getViewportForBounds(
    getNodesBounds(nodes as FlowNode[]),
    box.clientWidth,
    box.clientHeight,
    0.05,
    options.maxZoom ?? 1,
    options.padding ?? 0.15,
  );
  void flow.setViewport(viewport, { duration: options.duration ?? 300 });
}

/**
 * The view a graph opens with: all of it for a small graph; for a large one, the Chat Input and the
 * nodes nearest to it, at a readable zoom (Fit view shows the rest).
 */
function initialViewport(nodes: readonly FlowNode[], width: number, height: number): Viewport {
  if (nodes.length === 0) return { x: width / 2, y: height / 2, zoom: 1 };
  let framed: readonly FlowNode[] = nodes;
  if (nodes.length > LARGE_GRAPH) {
    const start = nodes.find((node) => catalogEntry(node.type)?.trigger) ?? nodes[0]!;
    const distance = (node: FlowNode) =>
      Math.hypot(node.position.x - start.position.x, node.position.y - start.position.y);
    framed = [...nodes].sort((a, b) => distance(a) - distance(b)).slice(0, START_REGION_NODES);
  }
  const bounds = getNodesBounds(framed as FlowNode[]);
  return getViewportForBounds(bounds, width, height, 0.05, 1, 0.15);
}
const MULTI_SELECT_KEYS = ['Meta', 'Control'];

type CanvasWords = ReturnType<typeof useTranslations<'builder.canvas'>>;

/**
 * React Flow's words in the page's language: what a screen reader hears on reaching a node or an edge
 * (with Agentry's keys), and the names of the zoom controls and the minimap (also the diff canvas's).
 */
export function useFlowAriaLabels() {
  const t = useTranslations('builder.canvas');
  return useMemo(
    () => ({
      'node.a11yDescription.default': t('nodeKeys'),
      'node.a11yDescription.keyboardDisabled': t('nodeReadOnly'),
      'edge.a11yDescription.default': t('edgeKeys'),
      'node.a11yDescription.ariaLiveMessage': ({
        direction,
        x,
        y,
      }: {
        direction: string;
        x: number;
        y: number;
      }) => t('moved', { direction, x, y }),
      'controls.ariaLabel': t('controls'),
      'controls.zoomIn.ariaLabel': t('zoomIn'),
      'controls.zoomOut.ariaLabel': t('zoomOut'),
      'controls.fitView.ariaLabel': t('fitView'),
      'controls.interactive.ariaLabel': t('interactive'),
      'minimap.ariaLabel': t('minimap'),
      'handle.ariaLabel': t('handle'),
    }),
    [t],
  );
}

/** The name a node goes by in announcements: its label, else its type's title in the page's language. */
export function useNodeName(): (node: Pick<FlowNode, 'id' | 'type' | 'data'>) => string {
  const { nodeTitle } = useEngineWords();
  return useCallback(
    (node) =>
      node.data.label ||
      nodeTitle(node.type ?? '', catalogEntry(node.type)?.title ?? '') ||
      node.type ||
      node.id,
    [nodeTitle],
  );
}

/**
 * Accessible names, added per node and edge object (cached, so unchanged ones keep their identity and
 * React Flow does not re-adopt them on every frame of a drag). One cache per language.
 */
function createNamers(
  t: CanvasWords,
  nodeName: (node: FlowNode) => string,
  typeTitle: (node: FlowNode) => string | undefined,
) {
  const namedNodes = new WeakMap<FlowNode, FlowNode>();
  const namedEdges = new WeakMap<FlowEdge, { ends: string; edge: FlowEdge }>();
  return {
    node(node: FlowNode): FlowNode {
      let named = namedNodes.get(node);
      if (!named) {
        const title = typeTitle(node);
        const name = nodeName(node);
        named = { ...node, ariaLabel: title && title !== name ? t('nodeLabel', { name, title }) : name };
        namedNodes.set(node, named);
      }
      return named;
    },
    edge(edge: FlowEdge, names: ReadonlyMap<string, string>): FlowEdge {
      const source = `${names.get(edge.source) ?? edge.source}.${edge.sourceHandle ?? ''}`;
      const target = `${names.get(edge.target) ?? edge.target}.${edge.targetHandle ?? ''}`;
      // Compared before the sentence is made: this runs for every edge on every frame of a drag.
      const ends = `${source}\u0000${target}`;
      const cached = namedEdges.get(edge);
      if (cached?.ends === ends) return cached.edge;
      const named = { ...edge, ariaLabel: t('edgeLabel', { source, target }) };
      namedEdges.set(edge, { ends, edge: named });
      return named;
    },
  };
}
// Unknown node types (003) and edges to missing handles (008) are shown as problems; no console noise.
const IGNORED_ERRORS = new Set(['003', '008']);
/** React Flow's error handler for Agentry's canvases: what is already shown as a problem is not logged. */
export function onFlowError(code: string, message: string) {
  if (!IGNORED_ERRORS.has(code)) console.warn(`[canvas] ${message}`);
}

const indexes = new WeakMap<readonly FlowNode[], Map<string, FlowNode>>();
function nodeIndex(nodes: readonly FlowNode[]): Map<string, FlowNode> {
  let index = indexes.get(nodes);
  if (!index) {
    index = new Map(nodes.map((node) => [node.id, node]));
    indexes.set(nodes, index);
  }
  return index;
}

export { refusalBetween } from './port-choices';

function ConnectionHint() {
  const t = useTranslations('builder.canvas');
  const words = usePortWords();
  const message = useConnection((connection) => {
    if (!connection.inProgress || !connection.toHandle || !connection.toNode || connection.isValid !== false)
      return null;
    return (
      refusalBetween(
        { node: connection.fromNode as InternalNode<FlowNode>, handle: connection.fromHandle },
        { node: connection.toNode as InternalNode<FlowNode>, handle: connection.toHandle },
        words,
      ) ?? null
    );
  });
  if (!message) return null;
  return (
    <Panel position="top-center">
      <p
        role="status"
        data-testid="connection-hint"
        className="rounded-md border border-red-200 bg-red-50 px-3 py-1.5 text-sm text-red-800 shadow"
      >
        {t('cannotConnect', { reason: message })}
      </p>
    </Panel>
  );
}

/** Props of the canvas. */
export interface FlowCanvasProps {
  store: EditorStore;
  problems: ProblemStore;
  readOnly: boolean;
  showRunState?: boolean;
  /** A node was clicked (the builder opens its settings). */
  onNodeClick?: (nodeId: string) => void;
  /** Enter on a focused node: the builder opens its settings and moves the focus there. */
  onOpenSettings?: (nodeId: string) => void;
}

/** The React Flow canvas bound to an editor store: typed connections, palette drops, read-only mode. */
export function FlowCanvas({
  store,
  problems,
  readOnly,
  showRunState = true,
  onNodeClick,
  onOpenSettings,
}: FlowCanvasProps) {
  const t = useTranslations('builder.canvas');
  const { nodeTitle } = useEngineWords();
  const nodeName = useNodeName();
  const ariaLabels = useFlowAriaLabels();
  const namers = useMemo(
    () =>
      createNamers(t, nodeName, (node) => {
        const title = catalogEntry(node.type)?.title;
        return title && nodeTitle(node.type ?? '', title);
      }),
    [nodeName, nodeTitle, t],
  );
  const state = useEditorState(store);
  const nodes = useMemo(() => state.nodes.map(namers.node), [namers, state.nodes]);
  const edges = useMemo(() => {
    const names = new Map(nodes.map((node) => [node.id, nodeName(node)]));
    return state.edges.map((edge) => namers.edge(edge, names));
  }, [namers, nodeName, nodes, state.edges]);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  // The first view is computed before drawing (from the nodes' estimated sizes), so a large graph
  // draws only what the view shows, once.
  useLayoutEffect(() => {
    if (box.current) setSize({ width: box.current.clientWidth, height: box.current.clientHeight });
  }, []);
  const large = nodes.length > LARGE_GRAPH;
  const defaultViewport = useMemo(
    () => (size ? initialViewport(store.getState().nodes, size.width, size.height) : undefined),
    [size, store],
  );
  const { screenToFlowPosition } = useReactFlow();
  const notify = useNotify();
  const portWords = usePortWords();

  const isValidConnection = useCallback(
    (connection: Edge | Connection) => {
      const index = nodeIndex(store.getState().nodes);
      const source = index.get(connection.source);
      const target = index.get(connection.target);
      if (!source || !target) return false;
      return !refusalBetween(
        { node: source, handle: { id: connection.sourceHandle ?? null, type: 'source' } },
        { node: target, handle: { id: connection.targetHandle ?? null, type: 'target' } },
      );
    },
    [store],
  );

  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.toHandle || !state.toNode || !state.fromNode || !state.fromHandle)
        return;
      const reason = refusalBetween(
        { node: state.fromNode as InternalNode<FlowNode>, handle: state.fromHandle },
        { node: state.toNode as InternalNode<FlowNode>, handle: state.toHandle },
        portWords,
      );
      if (reason) notify(t('refused', { reason }), 'error');
    },
    [notify, t, portWords],
  );

  // Every prop handed to React Flow keeps its identity across renders: the canvas re-renders on each
  // drag frame, and a new function here would re-render every node and edge wrapper with it.
  const clickHandler = useRef(onNodeClick);
  clickHandler.current = onNodeClick;
  const handleNodeClick = useCallback(
    (_event: unknown, node: FlowNode) => clickHandler.current?.(node.id),
    [],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME);
      if (!type || readOnly) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      store.addNode(type, { x: point.x - 120, y: point.y - 20 });
    },
    [readOnly, screenToFlowPosition, store],
  );

  const context = useMemo<CanvasContextValue>(
    () => ({
      problems,
      readOnly,
      showRunState,
      deleteNode: readOnly ? undefined : (id: string) => store.deleteElements([id]),
      ports: readOnly
        ? undefined
        : {
            choices: (from) => {
              const { nodes: current, edges: currentEdges } = store.getState();
              return portChoices(current, currentEdges, from);
            },
            pick(from, choice) {
              const { nodes: current, edges: currentEdges } = store.getState();
              // "Model.prompt": a node's name and one of its ports, as the announcements say it.
              const portName = (nodeId: string, portId: string) => {
                const node = current.find((item) => item.id === nodeId);
                return `${node ? nodeName(node) : nodeId}.${portId}`;
              };
              if (choice.kind === 'disconnect') {
                const edge = currentEdges.find((item) => item.id === choice.edgeId);
                store.deleteElements([], [choice.edgeId]);
                if (!edge) return t('disconnected', { port: choice.edgeId });
                const [otherId, otherPort] =
                  from.side === 'output'
                    ? [edge.target, edge.targetHandle ?? '']
                    : [edge.source, edge.sourceHandle ?? ''];
                return t('disconnected', { port: portName(otherId, otherPort) });
              }
              const connection = choiceConnection(current, from, choice.other);
              store.connect(connection);
              return t('connected', {
                source: portName(connection.source, connection.sourceHandle),
                target: portName(connection.target, connection.targetHandle),
              });
            },
          },
    }),
    [nodeName, problems, readOnly, showRunState, store, t],
  );

  const openSettings = useRef(onOpenSettings);
  openSettings.current = onOpenSettings;
  // Keys on a focused node besides React Flow's own (Enter/Space select, arrows move, Delete removes
  // what is selected): Enter also opens the settings, and Delete removes the focused node even when
  // it is not selected yet.
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const target = event.target as HTMLElement;
      if (!target.classList.contains('react-flow__node')) return;
      const id = target.dataset.id;
      if (!id) return;
      if (event.key === 'Enter') openSettings.current?.(id);
      else if (DELETE_KEYS.includes(event.key) && !readOnly) {
        const node = store.getState().nodes.find((item) => item.id === id);
        if (!node || node.selected) return;
        // React Flow's own Delete (on the document) would remove whatever else is selected.
        event.preventDefault();
        event.stopPropagation();
        store.deleteElements([id]);
        announce(t('deleted', { node: nodeName(node) }));
        box.current?.focus();
      }
    },
    [nodeName, readOnly, store, t],
  );

  // A node reached with Tab becomes the selection, so Delete, Ctrl+C and the settings panel act on the
  // node that has the focus (React Flow's Delete removes the selection, which may be another node).
  const onFocus = useCallback(
    (event: FocusEvent<HTMLDivElement>) => {
      const target = event.target as HTMLElement;
      if (!target.classList.contains('react-flow__node') || !target.matches(':focus-visible')) return;
      const id = target.dataset.id;
      const selected = store.getState().nodes.filter((node) => node.selected);
      if (id && !(selected.length === 1 && selected[0]!.id === id)) store.select([id]);
    },
    [store],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: FlowNode[]; edges: FlowEdge[] }) => {
      if (gone.length > 0) {
        announce(
          gone.length === 1
            ? t('deleted', { node: nodeName(gone[0]!) })
            : t('nodesDeleted', { count: gone.length }),
        );
      } else if (cut.length > 0) {
        announce(
          cut.length === 1
            ? t('edgeRemoved', { connection: cut[0]!.ariaLabel ?? t('connection') })
            : t('edgesRemoved', { count: cut.length }),
        );
      }
      // The focused element is gone: keep the focus in the canvas, where Tab reaches the nodes again.
      if (!box.current?.contains(document.activeElement)) box.current?.focus();
    },
    [nodeName, t],
  );

  const overlays = useMemo(
    () => (
      <>
        <Background gap={20} size={1.2} color="#cbd5e1" />
        <Controls showInteractive={false} showFitView={false} />
        <MiniMap pannable zoomable nodeStrokeWidth={2} ariaLabel={t('overview')} />
        <PortLegend />
        {readOnly ? null : <ConnectionHint />}
      </>
    ),
    [readOnly, t],
  );

  return (
    <CanvasContextProvider value={context}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the keys of the nodes inside, which are focusable */}
      <div
        ref={box}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        className="h-full w-full outline-none"
      >
        {defaultViewport ? (
          <ReactFlow<FlowNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={store.onNodesChange}
            onEdgesChange={store.onEdgesChange}
            onConnect={store.connect}
            onDelete={onDelete}
            ariaLabelConfig={ariaLabels}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            onNodeDragStart={store.beginDrag}
            onNodeDragStop={store.endDrag}
            onSelectionDragStart={store.beginDrag}
            onSelectionDragStop={store.endDrag}
            onNodeClick={handleNodeClick}
            onDragOver={onDragOver}
            onDrop={onDrop}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            edgesReconnectable={false}
            deleteKeyCode={readOnly ? null : DELETE_KEYS}
            selectionKeyCode="Shift"
            multiSelectionKeyCode={MULTI_SELECT_KEYS}
            onlyRenderVisibleElements={large}
            minZoom={0.05}
            defaultViewport={defaultViewport}
            onError={onFlowError}
          >
            {overlays}
          </ReactFlow>
        ) : null}
      </div>
    </CanvasContextProvider>
  );
}
