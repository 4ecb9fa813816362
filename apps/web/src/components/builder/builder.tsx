'use client';

import type { Graph, GraphProblem } from '@agentry/engine/graph';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { layeredLayout } from './auto-layout';
import { type BuilderContextValue, BuilderContextProvider } from './builder-context';
import { BuilderToolbar, type SidePanel as PanelName } from './builder-toolbar';
import { FlowCanvas, fitNodes } from './canvas';
import { createProblemStore } from './canvas-context';
import { ConfigPanel } from './config-panel';
import { ConflictBanner } from './conflict-banner';
import { createEditorStore, useEditorSelector } from './editor-store';
import { downloadGraph, useGraphImport } from './graph-file';
import { Palette } from './palette';
import { ProblemsPanel } from './problems-panel';
import { PublishDialog } from './publish-dialog';
import { SidePanel } from './side-panel';
import { ToastProvider, useNotify } from './toasts';
import { useDraftSaver } from './use-draft-saver';
import { useDraftValidation } from './use-draft-validation';
import { useShortcuts } from './use-shortcuts';
import { VersionViewer } from './version-viewer';
import { VersionsPanel } from './versions-panel';

/** What the builder needs of the agent it opens (the page loads it on the server, so no request waits). */
export interface BuilderAgent {
  id: string;
  name: string;
  slug: string;
  publishedVersionId: string | null;
  draftGraph: Graph;
  draftRevision: number;
}

/** Props of the builder page. */
export interface BuilderProps {
  agent: BuilderAgent;
  canEdit: boolean;
  /** The preview chat, shown in the right-hand slot when toggled (issue 5). */
  preview?: ReactNode;
}

/** The agent builder: the canvas with its palette, panels and toolbar, around the agent's draft. */
export function Builder({ agent, canEdit, preview }: BuilderProps) {
  return (
    <ToastProvider>
      <ReactFlowProvider>
        <Workspace agent={agent} canEdit={canEdit} preview={preview} />
      </ReactFlowProvider>
    </ToastProvider>
  );
}

function Workspace({
  agent,
  canEdit,
  preview,
}: {
  agent: BuilderAgent;
  canEdit: boolean;
  preview?: ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const flow = useReactFlow();
  const [store] = useState(() => createEditorStore(agent.draftGraph));
  const [problemStore] = useState(createProblemStore);
  const { saver, state: save } = useDraftSaver(store, agent, canEdit);
  const [panel, setPanel] = useState<PanelName | null>('settings');
  const [previewOpen, setPreviewOpen] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const [published, setPublished] = useState(agent.publishedVersionId);
  const canvasBox = useRef<HTMLDivElement>(null);
  const publish = useMutation(trpc.agents.publish.mutationOptions());
  const restore = useMutation(trpc.agents.restore.mutationOptions());

  const draft = useDraftValidation(store, problemStore);

  const selectedId = useEditorSelector(store, (state) => {
    const selected = state.nodes.filter((node) => node.selected);
    return selected.length === 1 ? selected[0]!.id : null;
  });
  const canUndo = useEditorSelector(store, (state) => state.canUndo);
  const canRedo = useEditorSelector(store, (state) => state.canRedo);
  const nodeCount = useEditorSelector(store, (state) => state.nodes.length);

  // The version diff against the draft reads the saved draft: refresh it after each save.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the saved revision changes
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.agents.diff.queryKey() });
  }, [save.revision]);

  const fit = useCallback(
    (ids?: readonly string[], options?: { maxZoom?: number; padding?: number }) => {
      const nodes = store.getState().nodes;
      const wanted = ids ? new Set(ids) : undefined;
      if (canvasBox.current) {
        fitNodes(
          flow,
          wanted ? nodes.filter((node) => wanted.has(node.id)) : nodes,
          canvasBox.current,
          options,
        );
      }
    },
    [flow, store],
  );
  const focusNode = useCallback(
    (nodeId: string) => {
      store.select([nodeId]);
      fit([nodeId], { maxZoom: 1.2, padding: 0.6 });
    },
    [fit, store],
  );
  const selectProblem = useCallback(
    (problem: GraphProblem) => {
      const nodeId = problem.nodeId ?? problem.nodeIds?.[0];
      if (nodeId) return focusNode(nodeId);
      const edge = store.getState().edges.find((item) => item.id === problem.edgeId);
      if (edge) {
        store.select([], [edge.id]);
        fit([edge.source, edge.target], { maxZoom: 1.2 });
      }
    },
    [fit, focusNode, store],
  );
  const flushSave = useCallback(() => (canEdit ? saver.flush() : Promise.resolve()), [canEdit, saver]);
  const saveNow = useCallback(() => {
    flushSave().then(
      () => notify('Saved.', 'success'),
      (error: Error) => notify(error.message, 'error'),
    );
  }, [flushSave, notify]);

  const addNode = useCallback(
    (type: string) => {
      const box = canvasBox.current?.getBoundingClientRect();
      const jitter = (nodeCount % 5) * 24;
      const center = flow.screenToFlowPosition({
        x: (box ? box.left + box.width / 2 : window.innerWidth / 2) + jitter,
        y: (box ? box.top + box.height / 2 : window.innerHeight / 2) + jitter,
      });
      store.addNode(type, { x: center.x - 120, y: center.y - 40 });
      setPanel('settings');
    },
    [flow, nodeCount, store],
  );

  const layout = useCallback(() => {
    const { nodes, edges } = store.getState();
    store.moveNodes(
      layeredLayout(
        nodes.map((node) => ({ id: node.id, width: node.measured?.width, height: node.measured?.height })),
        edges,
      ),
    );
    requestAnimationFrame(() => fit());
  }, [fit, store]);

  const imports = useGraphImport(
    useCallback(
      (graph: Graph, problems: GraphProblem[]) => {
        store.replaceGraph(graph);
        notify(
          `Imported ${graph.nodes.length} nodes${problems.length ? ` with ${problems.length} problem(s) to fix` : ''}. Undo brings the previous draft back.`,
          problems.length ? 'info' : 'success',
        );
        requestAnimationFrame(() => fit());
      },
      [fit, notify, store],
    ),
  );

  const restoreVersion = useCallback(
    async (version: number) => {
      try {
        await saver.flush();
        const result = await restore.mutateAsync({
          id: agent.id,
          version,
          baseRevision: saver.getState().revision,
        });
        const restored = await queryClient.fetchQuery(
          trpc.agents.version.queryOptions({ id: agent.id, version }),
        );
        store.replaceGraph(restored.graph);
        saver.adopt(result.revision);
        setViewing(null);
        notify(
          `Restored version ${version} into the draft. Undo brings your previous draft back.`,
          'success',
        );
        requestAnimationFrame(() => fit());
      } catch (error) {
        notify(`Could not restore version ${version}: ${errorMessage(error)}`, 'error');
      }
    },
    [agent.id, fit, notify, queryClient, restore, saver, store, trpc],
  );

  const doPublish = useCallback(
    async (note: string) => {
      await saver.flush();
      const version = await publish
        .mutateAsync({ id: agent.id, note: note || undefined })
        .catch((error: unknown) => {
          throw new Error(errorMessage(error));
        });
      setPublished(version.id);
      await queryClient.invalidateQueries({ queryKey: trpc.agents.versions.queryKey({ id: agent.id }) });
      await queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey() });
      notify(`Published version ${version.version}.`, 'success');
    },
    [agent.id, notify, publish, queryClient, saver, trpc],
  );

  useShortcuts(
    {
      undo: store.undo,
      redo: store.redo,
      save: saveNow,
      copy: () => {
        const copied = store.copySelection();
        if (copied > 0) notify(`Copied ${copied} node${copied === 1 ? '' : 's'}.`);
        return copied > 0;
      },
      paste: store.paste,
      selectAll: store.selectAll,
    },
    canEdit,
  );

  const context = useMemo<BuilderContextValue>(
    () => ({
      agentId: agent.id,
      canEdit,
      draft,
      getGraph: store.getGraph,
      getRevision: () => saver.getState().revision,
      flushSave,
      focusNode,
      openProblems: () => setPanel('problems'),
    }),
    [agent.id, canEdit, draft, flushSave, focusNode, saver, store],
  );

  return (
    <BuilderContextProvider value={context}>
      <div className="-m-8 flex h-screen flex-col" data-testid="builder">
        <BuilderToolbar
          name={agent.name}
          agentId={agent.id}
          canEdit={canEdit}
          save={save}
          canUndo={canUndo}
          canRedo={canRedo}
          problemCount={draft.problems.length}
          panel={panel}
          previewAvailable={preview !== undefined}
          previewOpen={previewOpen}
          onUndo={store.undo}
          onRedo={store.redo}
          onSaveNow={saveNow}
          onLayout={layout}
          onFitView={() => fit()}
          onImport={(file) => void imports.start(file)}
          onExport={() => downloadGraph(store.getGraph(), `${agent.slug}.agentry.json`)}
          onPanel={(next) => setPanel((current) => (current === next ? null : next))}
          onPreview={() => {
            // Beside the preview there is room for the canvas or the side panel, not both.
            if (!previewOpen) setPanel(null);
            setPreviewOpen(!previewOpen);
          }}
          onPublish={() => setPublishing(true)}
        />
        {save.status === 'conflict' ? (
          <ConflictBanner
            agentId={agent.id}
            theirRevision={save.conflictRevision}
            getMine={store.getGraph}
            onReloadTheirs={(graph, revision) => {
              store.replaceGraph(graph);
              saver.adopt(revision);
              notify('Loaded their draft. Undo brings yours back.', 'info');
            }}
            onKeepMine={async () => {
              await saver.saveOver();
              if (saver.getState().status === 'saved') notify('Saved your draft over theirs.', 'success');
            }}
          />
        ) : null}
        <div className="flex min-h-0 flex-1">
          {canEdit ? <Palette onAdd={addNode} /> : null}
          <div ref={canvasBox} className="relative min-w-0 flex-1 bg-slate-50" data-testid="canvas">
            <FlowCanvas
              store={store}
              problems={problemStore}
              readOnly={!canEdit}
              onNodeClick={() => setPanel('settings')}
            />
          </div>
          {panel ? (
            <SidePanel
              panel={panel}
              onPanel={setPanel}
              problemCount={draft.problems.length}
              settings={
                selectedId ? (
                  <ConfigPanel
                    store={store}
                    nodeId={selectedId}
                    problems={draft.problems}
                    readOnly={!canEdit}
                  />
                ) : (
                  <p className="p-4 text-sm text-slate-500">
                    Select a node to edit its settings.{' '}
                    {canEdit
                      ? 'Drag nodes in from the palette, and connect an output (right) to an input (left).'
                      : ''}
                  </p>
                )
              }
              problems={<ProblemsPanel problems={draft.problems} onSelect={selectProblem} />}
              history={
                <VersionsPanel
                  agentId={agent.id}
                  publishedVersionId={published}
                  canEdit={canEdit}
                  onView={setViewing}
                  onRestore={(version) => void restoreVersion(version)}
                />
              }
            />
          ) : null}
          {preview !== undefined && previewOpen ? (
            <aside className="w-96 shrink-0 border-l border-slate-200 bg-white" aria-label="Preview panel">
              {preview}
            </aside>
          ) : null}
        </div>
      </div>
      {publishing ? (
        <PublishDialog
          problemCount={draft.problems.length}
          onPublish={doPublish}
          onClose={() => setPublishing(false)}
        />
      ) : null}
      {viewing !== null ? (
        <VersionViewer
          agentId={agent.id}
          version={viewing}
          canRestore={canEdit}
          onRestore={(version) => void restoreVersion(version)}
          onClose={() => setViewing(null)}
        />
      ) : null}
      {imports.dialog}
    </BuilderContextProvider>
  );
}
