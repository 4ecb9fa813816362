import type { XYPosition } from '@xyflow/react';
import type { FlowNode } from './flow-graph';
import { nodeGeometry } from './node-geometry';

const GAP = 24;
const STEP = 48;
const RINGS = 20;

/**
 * Where a new node of `type` goes: its box centred on `center` if that overlaps no node, else the
 * nearest free spot on rings of growing size around it (so a node added from the keyboard is never
 * hidden under another one and stays near the middle of the view).
 */
export function freeSpot(
  nodes: readonly Pick<FlowNode, 'type' | 'data' | 'position' | 'measured'>[],
  type: string,
  config: unknown,
  center: XYPosition,
): XYPosition {
  const size = nodeGeometry(type, config);
  const boxes = nodes.map((node) => {
    const estimate = nodeGeometry(node.type, node.data.config);
    return {
      x: node.position.x,
      y: node.position.y,
      width: node.measured?.width ?? estimate.width,
      height: node.measured?.height ?? estimate.height,
    };
  });
  const fits = (x: number, y: number) =>
    boxes.every(
      (box) =>
        x + size.width + GAP <= box.x ||
        box.x + box.width + GAP <= x ||
        y + size.height + GAP <= box.y ||
        box.y + box.height + GAP <= y,
    );
  const origin = { x: Math.round(center.x - size.width / 2), y: Math.round(center.y - size.height / 2) };
  for (let ring = 0; ring <= RINGS; ring++) {
    const candidates: XYPosition[] = [];
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        candidates.push({ x: origin.x + dx * STEP, y: origin.y + dy * STEP });
      }
    }
    candidates.sort(
      (a, b) => Math.hypot(a.x - origin.x, a.y - origin.y) - Math.hypot(b.x - origin.x, b.y - origin.y),
    );
    const free = candidates.find((point) => fits(point.x, point.y));
    if (free) return free;
  }
  return origin;
}
