'use client';

import { useBuilder } from '@/components/builder/builder-context';
import { runStateStore } from '@/components/builder/run-state-store';
import { PreviewPanel } from '@/components/preview/preview-panel';

/** The preview chat wired to the builder: the draft, saving before a run, and node states on the canvas. */
export function PreviewSlot({ agentId }: { agentId: string }) {
  const builder = useBuilder();
  return (
    <PreviewPanel
      agentId={agentId}
      graph={builder.draft.graph}
      problems={builder.draft.problems}
      flushSave={builder.flushSave}
      onRunStart={(nodeIds) => runStateStore.reset(nodeIds)}
      onNodeState={(nodeId, state) => runStateStore.update(nodeId, state)}
      onOpenProblems={builder.openProblems}
      onFocusNode={builder.focusNode}
      canEdit={builder.canEdit}
    />
  );
}
