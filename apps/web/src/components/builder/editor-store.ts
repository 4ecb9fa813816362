import type { Graph } from '@agentry/engine/graph';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { useSyncExternalStore } from 'react';
import {
  edgeIdFor,
  type FlowEdge,
  type FlowNode,
  flowToGraph,
  graphToFlow,
  type NodeData,
  type Snapshot,
  settle,
  uniqueId,
} from './flow-graph';
import { catalogEntry, findPort } from './node-types';

export { flowToGraph, graphToFlow, type FlowEdge, type FlowNode, type NodeData } from './flow-graph';

/** The editor's document and its bookkeeping. */
export interface EditorState {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Bumped by every change to the document (what autosave watches). */
  docVersion: number;
  /** Bumped by changes that can alter validation (everything but moving nodes). */
  structureVersion: number;
  canUndo: boolean;
  canRedo: boolean;
}

const HISTORY_LIMIT = 100;
const CLIPBOARD_KEY = 'agentry:canvas-clipboard';
/** The canvas document with undo/redo, clipboard and the operations the builder offers. */
export interface EditorStore {
  getState(): EditorState;
  subscribe(listener: () => void): () => void;
  /** The graph document now (memoised per change). */
  getGraph(): Graph;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  /** Records the state before a drag so the whole drag is one undo step. */
  beginDrag(): void;
  endDrag(): void;
  connect(connection: Connection): void;
  addNode(type: string, position: XYPosition): string;
  /** Changes a node's label or config; `coalesce` merges quick successive edits of one field into one undo step. */
  updateNode(
    id: string,
    patch: { label?: string; config?: Record<string, unknown> },
    coalesce?: string,
  ): void;
  deleteElements(nodeIds: readonly string[], edgeIds?: readonly string[]): void;
  /** Replaces the whole document (import, restore, reload theirs); undoable unless `history` is false. */
  replaceGraph(graph: Graph, options?: { history?: boolean }): void;
  moveNodes(positions: ReadonlyMap<string, XYPosition>): void;
  select(nodeIds: readonly string[], edgeIds?: readonly string[]): void;
  selectAll(): void;
  copySelection(): number;
  paste(): number;
  undo(): void;
  redo(): void;
}

/** Creates the editor store for a graph. */
export function createEditorStore(graph: Graph): EditorStore {
  const initial = graphToFlow(graph);
  let state: EditorState = {
    nodes: initial.nodes,
    edges: initial.edges,
    docVersion: 0,
    structureVersion: 0,
    canUndo: false,
    canRedo: false,
  };
  const past: Snapshot[] = [];
  let future: Snapshot[] = [];
  const listeners = new Set<() => void>();
  let lastHistory = { key: '', at: 0 };
  let dragging = false;
  let graphCache: { nodes: FlowNode[]; edges: FlowEdge[]; graph: Graph } | undefined;

  const emit = () => {
    for (const listener of listeners) listener();
  };

  const set = (
    next: Partial<Snapshot>,
    change: 'none' | 'position' | 'structure',
    options: { keepFuture?: boolean } = {},
  ) => {
    if (change !== 'none' && !options.keepFuture) future = [];
    state = {
      ...state,
      ...next,
      docVersion: change === 'none' ? state.docVersion : state.docVersion + 1,
      structureVersion: change === 'structure' ? state.structureVersion + 1 : state.structureVersion,
      canUndo: past.length > 0,
      canRedo: future.length > 0,
    };
    emit();
  };

  /** Saves the current document for undo; `key` + `windowMs` merge bursts of the same edit. */
  const remember = (key = '', windowMs = 0) => {
    const now = Date.now();
    if (key && key === lastHistory.key && now - lastHistory.at < windowMs) {
      lastHistory.at = now;
      return;
    }
    lastHistory = { key, at: now };
    past.push({ nodes: state.nodes, edges: state.edges });
    if (past.length > HISTORY_LIMIT) past.shift();
  };

  const nodeIds = () => new Set(state.nodes.map((node) => node.id));

  const store: EditorStore = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getGraph() {
      if (!graphCache || graphCache.nodes !== state.nodes || graphCache.edges !== state.edges) {
        graphCache = { nodes: state.nodes, edges: state.edges, graph: flowToGraph(state.nodes, state.edges) };
      }
      return graphCache.graph;
    },
    onNodesChange(changes) {
      let change: 'none' | 'position' | 'structure' = 'none';
      for (const item of changes) {
        if (item.type === 'remove' || item.type === 'add' || item.type === 'replace') change = 'structure';
        else if (item.type === 'position' && change === 'none') change = 'position';
      }
      if (change === 'structure') remember('delete', 50);
      else if (change === 'position' && !dragging) remember('keyboard-move', 1000);
      const measured = new Set(changes.flatMap((item) => (item.type === 'dimensions' ? [item.id] : [])));
      const nodes = applyNodeChanges(changes, state.nodes);
      set({ nodes: measured.size > 0 ? settle(nodes, measured) : nodes }, change);
    },
    onEdgesChange(changes) {
      const structural = changes.some((item) => item.type !== 'select');
      if (structural) remember('delete', 50);
      set({ edges: applyEdgeChanges(changes, state.edges) }, structural ? 'structure' : 'none');
    },
    beginDrag() {
      dragging = true;
      remember();
    },
    endDrag() {
      dragging = false;
    },
    connect(connection) {
      const source = state.nodes.find((node) => node.id === connection.source);
      const target = state.nodes.find((node) => node.id === connection.target);
      if (!source || !target || source.id === target.id) return;
      const targetPort = findPort(target.type, target.data.config, connection.targetHandle, 'input');
      const duplicate = state.edges.some(
        (edge) =>
          edge.source === connection.source &&
          edge.target === connection.target &&
          (edge.sourceHandle ?? null) === (connection.sourceHandle ?? null) &&
          (edge.targetHandle ?? null) === (connection.targetHandle ?? null),
      );
      if (duplicate) return;
      remember();
      // An input that takes one edge gets the new one instead of the old.
      const kept = targetPort?.multiple
        ? state.edges
        : state.edges.filter(
            (edge) =>
              !(
                edge.target === connection.target &&
                (edge.targetHandle ?? null) === (connection.targetHandle ?? null)
              ),
          );
      const edge: FlowEdge = {
        id: edgeIdFor(connection, new Set(state.edges.map((item) => item.id))),
        source: connection.source,
        sourceHandle: connection.sourceHandle ?? null,
        target: connection.target,
        targetHandle: connection.targetHandle ?? null,
      };
      set({ edges: [...kept, edge] }, 'structure');
    },
    addNode(type, position) {
      const entry = catalogEntry(type);
      const id = uniqueId(type, nodeIds());
      remember();
      const node: FlowNode = {
        id,
        type,
        position: { x: Math.round(position.x), y: Math.round(position.y) },
        data: {
          label: entry?.title ?? type,
          config: structuredClone((entry?.defaultConfig as Record<string, unknown> | undefined) ?? {}),
        },
        selected: true,
      };
      set(
        {
          nodes: [...state.nodes.map((item) => (item.selected ? { ...item, selected: false } : item)), node],
          edges: state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
        },
        'structure',
      );
      return id;
    },
    updateNode(id, patch, coalesce) {
      const index = state.nodes.findIndex((node) => node.id === id);
      const node = state.nodes[index];
      if (!node) return;
      remember(coalesce ? `${id}:${coalesce}` : '', 1000);
      const data: NodeData = { ...node.data };
      if (patch.config) data.config = patch.config;
      if (patch.label !== undefined) data.label = patch.label;
      const nodes = state.nodes.slice();
      nodes[index] = { ...node, data };
      set({ nodes }, 'structure');
    },
    deleteElements(ids, edgeIds = []) {
      const gone = new Set(ids);
      const goneEdges = new Set(edgeIds);
      if (gone.size === 0 && goneEdges.size === 0) return;
      remember();
      set(
        {
          nodes: state.nodes.filter((node) => !gone.has(node.id)),
          edges: state.edges.filter(
            (edge) => !goneEdges.has(edge.id) && !gone.has(edge.source) && !gone.has(edge.target),
          ),
        },
        'structure',
      );
    },
    replaceGraph(graph, options = {}) {
      if (options.history !== false) remember();
      else {
        past.length = 0;
        future = [];
      }
      set(graphToFlow(graph), 'structure');
    },
    moveNodes(positions) {
      remember();
      set(
        {
          nodes: state.nodes.map((node) => {
            const position = positions.get(node.id);
            return position ? { ...node, position } : node;
          }),
        },
        'position',
      );
    },
    select(ids, edgeIds = []) {
      const chosen = new Set(ids);
      const chosenEdges = new Set(edgeIds);
      set(
        {
          nodes: state.nodes.map((node) =>
            Boolean(node.selected) === chosen.has(node.id)
              ? node
              : { ...node, selected: chosen.has(node.id) },
          ),
          edges: state.edges.map((edge) =>
            Boolean(edge.selected) === chosenEdges.has(edge.id)
              ? edge
              : { ...edge, selected: chosenEdges.has(edge.id) },
          ),
        },
        'none',
      );
    },
    selectAll() {
      store.select(
        state.nodes.map((node) => node.id),
        state.edges.map((edge) => edge.id),
      );
    },
    copySelection() {
      const nodes = state.nodes.filter((node) => node.selected);
      if (nodes.length === 0) return 0;
      const ids = new Set(nodes.map((node) => node.id));
      const graph = flowToGraph(
        nodes,
        state.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)),
      );
      clipboard = graph;
      pasteCount = 0;
      try {
        localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(graph));
      } catch {
        // Storage may be full or disabled; the in-memory copy still works in this tab.
      }
      return nodes.length;
    },
    paste() {
      const copied = readClipboard();
      if (!copied || copied.nodes.length === 0) return 0;
      const taken = nodeIds();
      const renamed = new Map<string, string>();
      for (const node of copied.nodes) {
        const id = uniqueId(node.type, taken);
        taken.add(id);
        renamed.set(node.id, id);
      }
      pasteCount += 1;
      const offset = 40 * pasteCount;
      const nodes: FlowNode[] = copied.nodes.map((node) => ({
        ...(structuredClone(node) as FlowNode),
        id: renamed.get(node.id)!,
        position: { x: node.position.x + offset, y: node.position.y + offset },
        selected: true,
      }));
      const edgeIds = new Set(state.edges.map((edge) => edge.id));
      const edges: FlowEdge[] = copied.edges.map((edge) => {
        const connection = {
          source: renamed.get(edge.source)!,
          target: renamed.get(edge.target)!,
          sourceHandle: edge.sourceHandle ?? null,
          targetHandle: edge.targetHandle ?? null,
        };
        const id = edgeIdFor(connection, edgeIds);
        edgeIds.add(id);
        return { ...connection, id };
      });
      remember();
      set(
        {
          nodes: [
            ...state.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)),
            ...nodes,
          ],
          edges: [
            ...state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
            ...edges,
          ],
        },
        'structure',
      );
      return nodes.length;
    },
    undo() {
      const previous = past.pop();
      if (!previous) return;
      future.push({ nodes: state.nodes, edges: state.edges });
      lastHistory = { key: '', at: 0 };
      set({ nodes: settle(previous.nodes), edges: previous.edges }, 'structure', { keepFuture: true });
    },
    redo() {
      const next = future.pop();
      if (!next) return;
      past.push({ nodes: state.nodes, edges: state.edges });
      lastHistory = { key: '', at: 0 };
      set({ nodes: settle(next.nodes), edges: next.edges }, 'structure', { keepFuture: true });
    },
  };
  return store;
}

let clipboard: Graph | undefined;
let pasteCount = 0;

function readClipboard(): Graph | undefined {
  try {
    const stored = localStorage.getItem(CLIPBOARD_KEY);
    if (stored) {
      const parsed = JSON.parse(stored) as Graph;
      if (parsed && Array.isArray(parsed.nodes) && Array.isArray(parsed.edges)) return parsed;
    }
  } catch {
    // Fall back to this tab's copy.
  }
  return clipboard;
}

/** The editor state, re-rendering on every change (the canvas itself needs that). */
export function useEditorState(store: EditorStore): EditorState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

/** A value derived from the editor state; `select` must return a primitive or a stable reference. */
export function useEditorSelector<T>(store: EditorStore, select: (state: EditorState) => T): T {
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.getState()),
    () => select(store.getState()),
  );
}
