'use client';

import { BaseEdge, type EdgeProps, getBezierPath, useStore } from '@xyflow/react';
import { memo } from 'react';
import { useCanvas, useElementProblems } from './canvas-context';
import { findPort } from './node-types';
import { portColor } from './port-colors';
import { useEdgeActive } from './run-state-store';

/** An edge coloured by the type of its source port; red when invalid; animated while data flows. */
export const TypedEdge = memo(function TypedEdge(props: EdgeProps) {
  const { id, source, target, sourceHandleId, selected, markerEnd } = props;
  const portType = useStore((state) => {
    const node = state.nodeLookup.get(source);
    return node ? findPort(node.type, node.data?.config, sourceHandleId, 'output')?.type : undefined;
  });
  const { showRunState } = useCanvas();
  const problems = useElementProblems(`edge:${id}`);
  const active = useEdgeActive(source, target) && showRunState;
  const [path] = getBezierPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
  });
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
