'use client';

import { BaseEdge, type EdgeProps, getBezierPath, useStore } from '@xyflow/react';
import { memo } from 'react';
import { diffStatusOf } from '../graph-diff/merge-for-diff';
import { useCanvas, useElementProblems } from './canvas-context';
import { findPort } from './node-types';
import { portColor } from './port-colors';
import { useEdgeActive } from './run-state-store';

// On a diff canvas an edge's colour says added or removed; the mark at its middle and the dashes of a
// removed one say it without colour.
const diffLook = (stroke: string, mark: string) => ({
  stroke,
  mark,
  labelStyle: { fontSize: 14, fontWeight: 700, fill: stroke },
});
const DIFF_EDGE = {
  added: diffLook('#059669', '+'),
  removed: diffLook('#dc2626', '−'),
  changed: diffLook('#d97706', '~'),
};
const DIFF_LABEL_BG = { fill: 'white', stroke: '#cbd5e1' } as const;

/** An edge coloured by the type of its source port; red when invalid; animated while data flows; diff status on a diff canvas. */
export const TypedEdge = memo(function TypedEdge(props: EdgeProps) {
  const { id, source, target, sourceHandleId, selected, markerEnd } = props;
  const portType = useStore((state) => {
    const node = state.nodeLookup.get(source);
    return node ? findPort(node.type, node.data?.config, sourceHandleId, 'output')?.type : undefined;
  });
  const { showRunState } = useCanvas();
  const problems = useElementProblems(`edge:${id}`);
  const active = useEdgeActive(source, target) && showRunState;
  const [path, labelX, labelY] = getBezierPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
  });
  const diff = diffStatusOf(props.data);
  if (diff) {
    const look = DIFF_EDGE[diff];
    return (
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={16}
        label={look.mark}
        labelX={labelX}
        labelY={labelY}
        labelStyle={look.labelStyle}
        labelBgStyle={DIFF_LABEL_BG}
        labelBgPadding={[4, 1]}
        labelBgBorderRadius={4}
        style={{
          stroke: look.stroke,
          strokeWidth: 3,
          strokeDasharray: diff === 'removed' ? '6 4' : undefined,
          opacity: diff === 'removed' ? 0.7 : undefined,
        }}
      />
    );
  }
  const broken = problems.length > 0;
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      interactionWidth={16}
      style={{
        stroke: broken ? '#dc2626' : portColor(portType),
        strokeWidth: selected ? 3.5 : 2,
        strokeDasharray: active || broken ? '6 4' : undefined,
        animation: active ? 'dashdraw 0.5s linear infinite' : undefined,
      }}
    />
  );
});
