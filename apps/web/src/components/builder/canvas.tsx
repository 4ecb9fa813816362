'use client';

import '@xyflow/react/dist/style.css';
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeTypes,
  type FinalConnectionState,
  type Handle,
  type InternalNode,
  MiniMap,
  type NodeTypes,
  Panel,
  ReactFlow,
  useConnection,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback, useMemo } from 'react';
import { AgentNode, BrokenNode } from './agent-node';
import { type CanvasContextValue, CanvasContextProvider, type ProblemStore } from './canvas-context';
import { type EditorStore, type FlowNode, useEditorState } from './editor-store';
import { catalog, connectionRefusal, findPort } from './node-types';
import { PortLegend } from './port-legend';
import { useNotify } from './toasts';
import { TypedEdge } from './typed-edge';

/** The drag-and-drop type the palette uses for node types. */
export const PALETTE_MIME = 'application/x-agentry-node-type';

// Module scope, so React Flow never sees new component types (which would remount every node).
// Unknown types (and React Flow's own built-ins, which a hostile file could name) get the broken node.
const nodeTypes: NodeTypes = {
  ...Object.fromEntries(catalog.map((entry) => [entry.type, AgentNode])),
  default: BrokenNode,
  input: BrokenNode,
  output: BrokenNode,
  group: BrokenNode,
};
const edgeTypes: EdgeTypes = { default: TypedEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: 0.15 };
const IGNORED_ERRORS = new Set(['003', '008']);

const indexes = new WeakMap<readonly FlowNode[], Map<string, FlowNode>>();
function nodeIndex(nodes: readonly FlowNode[]): Map<string, FlowNode> {
  let index = indexes.get(nodes);
  if (!index) {
    index = new Map(nodes.map((node) => [node.id, node]));
    indexes.set(nodes, index);
  }
  return index;
}

type NodeLike = Pick<FlowNode, 'id' | 'type' | 'data'>;

/** Why a connection between these two handles is refused (either drag direction), or undefined. */
export function refusalBetween(
  from: { node: NodeLike; handle: Pick<Handle, 'id' | 'type'> },
  to: { node: NodeLike; handle: Pick<Handle, 'id' | 'type'> },
): string | undefined {
  if (from.handle.type === to.handle.type) return 'Connect an output (right side) to an input (left side).';
  const [source, target] = from.handle.type === 'source' ? [from, to] : [to, from];
  if (source.node.id === target.node.id) return 'A node cannot feed itself.';
  return connectionRefusal(
    findPort(source.node.type, source.node.data.config, source.handle.id, 'output'),
    findPort(target.node.type, target.node.data.config, target.handle.id, 'input'),
  );
}

function ConnectionHint() {
  const message = useConnection((connection) => {
    if (!connection.inProgress || !connection.toHandle || !connection.toNode || connection.isValid !== false)
      return null;
    return (
      refusalBetween(
        { node: connection.fromNode as InternalNode<FlowNode>, handle: connection.fromHandle },
        { node: connection.toNode as InternalNode<FlowNode>, handle: connection.toHandle },
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
        Can’t connect: {message}
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
}

/** The React Flow canvas bound to an editor store: typed connections, palette drops, read-only mode. */
export function FlowCanvas({ store, problems, readOnly, showRunState = true, onNodeClick }: FlowCanvasProps) {
  const { nodes, edges } = useEditorState(store);
  const { screenToFlowPosition } = useReactFlow();
  const notify = useNotify();

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
      );
      if (reason) notify(`Connection refused: ${reason}`, 'error');
    },
    [notify],
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
    }),
    [problems, readOnly, showRunState, store],
  );

  return (
    <CanvasContextProvider value={context}>
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={store.onNodesChange}
        onEdgesChange={store.onEdgesChange}
        onConnect={store.connect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={store.beginDrag}
        onNodeDragStop={store.endDrag}
        onSelectionDragStart={store.beginDrag}
        onSelectionDragStop={store.endDrag}
        onNodeClick={onNodeClick ? (_event, node) => onNodeClick(node.id) : undefined}
        onDragOver={onDragOver}
        onDrop={onDrop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        onlyRenderVisibleElements={nodes.length > 200}
        minZoom={0.05}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        onError={(code, message) => {
          if (!IGNORED_ERRORS.has(code)) console.warn(`[canvas] ${message}`);
        }}
      >
        <Background gap={20} size={1.2} color="#cbd5e1" />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeStrokeWidth={2} ariaLabel="Overview of the canvas" />
        <PortLegend />
        {readOnly ? null : <ConnectionHint />}
      </ReactFlow>
    </CanvasContextProvider>
  );
}
