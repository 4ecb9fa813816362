import type { PortSpec } from '@agentry/engine/graph';
import type { Handle } from '@xyflow/react';
import type { FlowEdge, FlowNode } from './flow-graph';
import { catalogEntry, connectionRefusal, findPort, portsOf } from './node-types';

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

/** A port of a node, as the keyboard connection list names it. */
export interface PortRef {
  nodeId: string;
  portId: string;
  side: 'input' | 'output';
}

/** One entry of a port's keyboard menu: join it to another port, or remove one of its edges. */
export type PortChoice =
  | { kind: 'connect'; key: string; label: string; other: PortRef; replaces: boolean }
  | { kind: 'disconnect'; key: string; label: string; edgeId: string };

/** The name a node goes by in lists and announcements: its label, else its type's title. */
export function nodeName(node: NodeLike): string {
  return node.data.label || catalogEntry(node.type)?.title || node.type || node.id;
}

/** "Model.prompt": a node's name and one of its ports, as the announcements and lists say it. */
export function portName(node: NodeLike, port: PortSpec | undefined, portId: string): string {
  return `${nodeName(node)}.${port?.id ?? portId}`;
}

/** The accessible name of a port handle: "Model, input prompt (messages), required". */
export function portAccessibleName(nodeLabel: string, port: PortSpec, side: 'input' | 'output'): string {
  return `${nodeLabel}, ${side} ${port.id} (${port.type})${port.required ? ', required' : ''}`;
}

/**
 * What a port's keyboard menu offers: every port of another node it may join (the same check as a
 * drag, so nothing offered is refused), then its existing edges to remove. An input that takes one edge
 * and already has one says the new edge replaces it.
 */
export function portChoices(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  from: PortRef,
): PortChoice[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const self = byId.get(from.nodeId);
  if (!self) return [];
  const fromType = from.side === 'output' ? 'source' : 'target';
  const otherSide = from.side === 'output' ? 'input' : 'output';
  const touches = (edge: FlowEdge) =>
    from.side === 'output'
      ? edge.source === from.nodeId && (edge.sourceHandle ?? null) === from.portId
      : edge.target === from.nodeId && (edge.targetHandle ?? null) === from.portId;
  const mine = edges.filter(touches);
  const joined = new Set(
    mine.map((edge) =>
      from.side === 'output'
        ? `${edge.target}\u0000${edge.targetHandle ?? ''}`
        : `${edge.source}\u0000${edge.sourceHandle ?? ''}`,
    ),
  );
  const takenInputs = new Set(edges.map((edge) => `${edge.target}\u0000${edge.targetHandle ?? ''}`));
  const choices: PortChoice[] = [];
  for (const node of nodes) {
    if (node.id === from.nodeId) continue;
    const ports = portsOf(node.type, node.data.config)[otherSide === 'input' ? 'inputs' : 'outputs'];
    for (const port of ports) {
      const key = `${node.id}\u0000${port.id}`;
      if (joined.has(key)) continue;
      const refused = refusalBetween(
        { node: self, handle: { id: from.portId, type: fromType } },
        { node, handle: { id: port.id, type: fromType === 'source' ? 'target' : 'source' } },
      );
      if (refused) continue;
      const inputKey = from.side === 'output' ? key : `${from.nodeId}\u0000${from.portId}`;
      const inputPort =
        from.side === 'output' ? port : findPort(self.type, self.data.config, from.portId, 'input');
      choices.push({
        kind: 'connect',
        key: `connect:${key}`,
        label: `${portName(node, port, port.id)} (${port.type})`,
        other: { nodeId: node.id, portId: port.id, side: otherSide },
        replaces: !inputPort?.multiple && takenInputs.has(inputKey),
      });
    }
  }
  for (const edge of mine) {
    const otherId = from.side === 'output' ? edge.target : edge.source;
    const otherPort = (from.side === 'output' ? edge.targetHandle : edge.sourceHandle) ?? '';
    const other = byId.get(otherId);
    choices.push({
      kind: 'disconnect',
      key: `disconnect:${edge.id}`,
      label: `Disconnect ${other ? portName(other, undefined, otherPort) : otherId}`,
      edgeId: edge.id,
    });
  }
  return choices;
}

/** The connection a `connect` choice makes, source first, and the sentence announcing it. */
export function choiceConnection(
  nodes: readonly FlowNode[],
  from: PortRef,
  other: PortRef,
): { source: string; sourceHandle: string; target: string; targetHandle: string; sentence: string } {
  const [source, target] = from.side === 'output' ? [from, other] : [other, from];
  const name = (ref: PortRef) => {
    const node = nodes.find((item) => item.id === ref.nodeId);
    return node ? portName(node, undefined, ref.portId) : `${ref.nodeId}.${ref.portId}`;
  };
  return {
    source: source.nodeId,
    sourceHandle: source.portId,
    target: target.nodeId,
    targetHandle: target.portId,
    sentence: `Connected ${name(source)} to ${name(target)}`,
  };
}
