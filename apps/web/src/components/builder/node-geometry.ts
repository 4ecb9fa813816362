import { type NodeHandle, Position } from '@xyflow/react';
import { catalogEntry, portsOf } from './node-types';

/** The node box, kept in step with `agent-node.tsx` (fixed sizes, so it can be computed before drawing). */
export const NODE_WIDTH = 240;
const BORDER = 1;
const HEADER_HEIGHT = 48;
const ROWS_PADDING = 4;
const ROW_HEIGHT = 24;
const HANDLE_SIZE = 12;
const BROKEN_NODE_HEIGHT = 130;

/** A node's size and handle positions as it will draw, before it is measured. */
export interface NodeGeometry {
  width: number;
  height: number;
  handles: NodeHandle[];
}

/**
 * Where a node's box and handles will be, computed from its ports. Large graphs only draw the nodes in
 * view; this lets the canvas frame them and draw edges to nodes it has not drawn yet.
 */
export function nodeGeometry(type: string | undefined, config: unknown): NodeGeometry {
  if (!catalogEntry(type)) return { width: NODE_WIDTH, height: BROKEN_NODE_HEIGHT, handles: [] };
  const { inputs, outputs } = portsOf(type, config);
  const rows = Math.max(inputs.length, outputs.length);
  const height = 2 * BORDER + HEADER_HEIGHT + (rows > 0 ? 2 * ROWS_PADDING + rows * ROW_HEIGHT : 0);
  const handleY = (index: number) =>
    BORDER + HEADER_HEIGHT + ROWS_PADDING + index * ROW_HEIGHT + ROW_HEIGHT / 2 - HANDLE_SIZE / 2;
  const handles: NodeHandle[] = [
    ...inputs.map((port, index) => ({
      id: port.id,
      type: 'target' as const,
      position: Position.Left,
      x: BORDER - HANDLE_SIZE / 2,
      y: handleY(index),
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    })),
    ...outputs.map((port, index) => ({
      id: port.id,
      type: 'source' as const,
      position: Position.Right,
      x: NODE_WIDTH - BORDER - HANDLE_SIZE / 2,
      y: handleY(index),
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    })),
  ];
  return { width: NODE_WIDTH, height, handles };
}
