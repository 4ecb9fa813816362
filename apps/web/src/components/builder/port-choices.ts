import type { PortSpec, PortType } from '@agentry/engine/graph';
import type { Handle } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useEngineWords } from '../../i18n/engine-words';
import type { FlowEdge, FlowNode } from './flow-graph';
import { catalogEntry, connectionRefusal, findPort, type PortRefusal, portsOf } from './node-types';

type NodeLike = Pick<FlowNode, 'id' | 'type' | 'data'>;

/** Why a connection is refused, as data: the sentence comes from `PortWords.refusal`. */
export type Refusal =
  | { kind: 'same-side' }
  | { kind: 'self' }
  | (PortRefusal & { sourceNodeType?: string; targetNodeType?: string });

/** The words of connecting ports: English by default, `usePortWords()` in the page's language. */
export interface PortWords {
  /** A node's name: its label, else its type's title. */
  nodeName(node: NodeLike): string;
  /** Why a connection is refused. */
  refusal(refusal: Refusal): string;
  /** The announcement of a new edge: "Connected Writer.text to Prompt.message". */
  connected(source: string, target: string): string;
  /** A connect choice: "Writer.prompt (messages)". */
  connectChoice(node: string, portId: string, type: PortType): string;
  /** A disconnect choice: "Disconnect Prompt.message". */
  disconnectChoice(name: string): string;
  /** The accessible name of a port handle: "Model, input prompt (messages), required". */
  handleName(nodeLabel: string, port: PortSpec, side: 'input' | 'output'): string;
}

/** The English words (the engine's titles), for code without a page around it. */
export const ENGLISH_PORT_WORDS: PortWords = {
  nodeName: (node) => node.data.label || catalogEntry(node.type)?.title || node.type || node.id,
  refusal(refusal) {
    if (refusal.kind === 'same-side') return 'Connect an output (right side) to an input (left side).';
    if (refusal.kind === 'self') return 'A node cannot feed itself.';
    if (refusal.kind === 'not-a-port') return 'That handle is not a port of this node.';
    const { source, target } = refusal;
    const hint = refusal.resource
      ? `A ${source.type} connects only to a ${source.type} input.`
      : `It can feed ${refusal.accepts.join(', ')} inputs.`;
    return `A ${source.type} output (${source.label}) cannot feed a ${target.type} input (${target.label}). ${hint}`;
  },
  connected: (source, target) => `Connected ${source} to ${target}`,
  connectChoice: (node, portId, type) => `${node}.${portId} (${type})`,
  disconnectChoice: (name) => `Disconnect ${name}`,
  handleName: (nodeLabel, port, side) =>
    `${nodeLabel}, ${side} ${port.id} (${port.type})${port.required ? ', required' : ''}`,
};

/** The words of connecting ports in the page's language. */
export function usePortWords(): PortWords {
  const t = useTranslations('nodeCard');
  const engine = useEngineWords();
  return useMemo(() => {
    const typeName = (type: PortType) => engine.portTypeName(type);
    const yes = (value: boolean | undefined) => (value ? 'yes' : 'no');
    return {
      nodeName: (node) =>
        node.type
          ? engine.nodeLabel(node.type, catalogEntry(node.type)?.title, node.data.label)
          : node.data.label || node.id,
      refusal(refusal) {
        if (refusal.kind === 'same-side') return t('refusedSameSide');
        if (refusal.kind === 'self') return t('refusedSelf');
        if (refusal.kind === 'not-a-port') return t('refusedNotAPort');
        const { source, target } = refusal;
        const label = (type: string | undefined, port: PortSpec) =>
          type ? engine.portLabel(type, port.id, port.label) : port.label;
        return t('refusedTypes', {
          sourceType: typeName(source.type),
          sourcePort: label(refusal.sourceNodeType, source),
          targetType: typeName(target.type),
          targetPort: label(refusal.targetNodeType, target),
          resource: yes(refusal.resource),
          accepts: refusal.accepts.map(typeName).join(t('listSeparator')),
        });
      },
      connected: (source, target) => t('connected', { source, target }),
      connectChoice: (node, portId, type) => t('connectChoice', { node, port: portId, type: typeName(type) }),
      disconnectChoice: (name) => t('disconnectChoice', { name }),
      handleName: (nodeLabel, port, side) =>
        t('handleName', {
          node: nodeLabel,
          side,
          port: port.id,
          type: typeName(port.type),
          required: yes(port.required),
        }),
    };
  }, [t, engine]);
}

/** Why a connection between these two handles is refused (either drag direction), or undefined. */
export function refusalBetween(
  from: { node: NodeLike; handle: Pick<Handle, 'id' | 'type'> },
  to: { node: NodeLike; handle: Pick<Handle, 'id' | 'type'> },
  words: PortWords = ENGLISH_PORT_WORDS,
): string | undefined {
  const refusal = refusalOf(from, to);
  return refusal && words.refusal(refusal);
}

/** Why a connection between these two handles is refused, as data; undefined when it is not. */
export function refusalOf(
  from: { node: NodeLike; handle: Pick<Handle, 'id' | 'type'> },
  to: { node: NodeLike; handle: Pick<Handle, 'id' | 'type'> },
): Refusal | undefined {
  if (from.handle.type === to.handle.type) return { kind: 'same-side' };
  const [source, target] = from.handle.type === 'source' ? [from, to] : [to, from];
  if (source.node.id === target.node.id) return { kind: 'self' };
  const refusal = connectionRefusal(
    findPort(source.node.type, source.node.data.config, source.handle.id, 'output'),
    findPort(target.node.type, target.node.data.config, target.handle.id, 'input'),
  );
  return refusal && { ...refusal, sourceNodeType: source.node.type, targetNodeType: target.node.type };
}

/** A port of a node, as the keyboard connection list names it. */
export interface PortRef {
  nodeId: string;
  portId: string;
  side: 'input' | 'output';
}

/** One entry of a port's keyboard menu: join it to another port, or remove one of its edges. */
export type PortChoice =
  | {
      kind: 'connect';
      key: string;
      label: string;
      other: PortRef;
      replaces: boolean;
      /** The node and port it joins, so a list can name them in its own words. */
      node: NodeLike;
      port: PortSpec;
    }
  | {
      kind: 'disconnect';
      key: string;
      label: string;
      edgeId: string;
      /** The node at the edge's other end (undefined when it is gone) and its port id. */
      node: NodeLike | undefined;
      nodeId: string;
      portId: string;
    };

/** A choice's words: what the keyboard list shows for it. */
export function choiceLabel(choice: PortChoice, words: PortWords = ENGLISH_PORT_WORDS): string {
  if (choice.kind === 'connect')
    return words.connectChoice(words.nodeName(choice.node), choice.port.id, choice.port.type);
  return words.disconnectChoice(
    choice.node ? portName(choice.node, undefined, choice.portId, words) : choice.nodeId,
  );
}

/** The name a node goes by in lists and announcements: its label, else its type's title. */
export function nodeName(node: NodeLike, words: PortWords = ENGLISH_PORT_WORDS): string {
  return words.nodeName(node);
}

/** "Model.prompt": a node's name and one of its ports, as the announcements and lists say it. */
export function portName(
  node: NodeLike,
  port: PortSpec | undefined,
  portId: string,
  words: PortWords = ENGLISH_PORT_WORDS,
): string {
  return `${words.nodeName(node)}.${port?.id ?? portId}`;
}

/** The accessible name of a port handle: "Model, input prompt (messages), required". */
export function portAccessibleName(
  nodeLabel: string,
  port: PortSpec,
  side: 'input' | 'output',
  words: PortWords = ENGLISH_PORT_WORDS,
): string {
  return words.handleName(nodeLabel, port, side);
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
  words: PortWords = ENGLISH_PORT_WORDS,
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
      const refused = refusalOf(
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
        label: words.connectChoice(words.nodeName(node), port.id, port.type),
        other: { nodeId: node.id, portId: port.id, side: otherSide },
        replaces: !inputPort?.multiple && takenInputs.has(inputKey),
        node,
        port,
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
      label: words.disconnectChoice(other ? portName(other, undefined, otherPort, words) : otherId),
      edgeId: edge.id,
      node: other,
      nodeId: otherId,
      portId: otherPort,
    });
  }
  return choices;
}

/** The connection a `connect` choice makes, source first, and the sentence announcing it. */
export function choiceConnection(
  nodes: readonly FlowNode[],
  from: PortRef,
  other: PortRef,
  words: PortWords = ENGLISH_PORT_WORDS,
): { source: string; sourceHandle: string; target: string; targetHandle: string; sentence: string } {
  const [source, target] = from.side === 'output' ? [from, other] : [other, from];
  const name = (ref: PortRef) => {
    const node = nodes.find((item) => item.id === ref.nodeId);
    return node ? portName(node, undefined, ref.portId, words) : `${ref.nodeId}.${ref.portId}`;
  };
  return {
    source: source.nodeId,
    sourceHandle: source.portId,
    target: target.nodeId,
    targetHandle: target.portId,
    sentence: words.connected(name(source), name(target)),
  };
}
