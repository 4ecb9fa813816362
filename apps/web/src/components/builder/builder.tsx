'use client';

import type { Graph, GraphProblem } from '@agentry/engine/graph';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useEngineWords } from '@/i18n/engine-words';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { useBesidePanel } from '../copilot/copilot-dock';
import { DiffOverlay } from '../graph-diff/diff-overlay';
import { useDiffSession } from '../graph-diff/use-diff-session';
import { Announcer, announce } from './announcer';
import { layeredLayout } from './auto-layout';
import { type BuilderContextValue, BuilderContextProvider } from './builder-context';
import { BuilderToolbar, type SidePanel as PanelName } from './builder-toolbar';
import { FlowCanvas, fitNodes } from './canvas';
import { createProblemStore } from './canvas-context';
import { ConfigPanel } from './config-panel';
import { ConflictBanner } from './conflict-banner';
import { createEditorStore, useEditorSelector } from './editor-store';
import { freeSpot } from './free-spot';
import { downloadGraph, useGraphImport } from './graph-file';
import { catalogEntry } from './node-types';
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
  /** The Copilot panel, in the same slot as the preview (one of the two at a time; issue 20). */
  copilot?: ReactNode;
}

/** The agent builder: the canvas with its palette, panels and toolbar, around the agent's draft. */
export function Builder({ agent, canEdit, preview, copilot }: BuilderProps) {
  return (
    <ToastProvider>
      <ReactFlowProvider>
        <Workspace agent={agent} canEdit={canEdit} preview={preview} copilot={copilot} />
      </ReactFlowProvider>
    </ToastProvider>
  );
}

function Workspace({
  agent,
  canEdit,
  preview,
  copilot,
}: {
  agent: BuilderAgent;
  canEdit: boolean;
  preview?: ReactNode;
  copilot?: ReactNode;
}) {
  const t = useTranslations('builder');
  const { nodeTitle } = useEngineWords();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const flow = useReactFlow();
  const [store] = useState(() => createEditorStore(agent.draftGraph));
  const [problemStore] = useState(createProblemStore);
  const { saver, state: save } = useDraftSaver(store, agent, canEdit);
  const [panel, setPanel] = useState<PanelName | null>('settings');
  // The preview or the Copilot beside the canvas (the Copilot is remembered open per agent).
  const [beside, setBeside] = useBesidePanel(agent.id);
  // Beside a chat there is room for the canvas or the side panel, not both.
  useEffect(() => {
    if (beside) setPanel(null);
  }, [beside]);
  const [publishing, setPublishing] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const [published, setPublished] = useState(agent.publishedVersionId);
  const canvasBox = useRef<HTMLDivElement>(null);
  // A comparison (a version diff, a copilot proposal) shows in place of the editor, which stays as it
  // was underneath, read-only, until the comparison closes.
  const diffs = useDiffSession(canvasBox);
  const { closeDiff } = diffs;
  const shownDiff = diffs.state.diff;
  const editable = canEdit && shownDiff === null;
  const publish = useMutation(trpc.agents.publish.mutationOptions());
  const restore = useMutation(trpc.agents.restore.mutationOptions());

  const draft = useDraftValidation(store, problemStore);

  const selectedId = useEditorSelector(store, (state) => {
    const selected = state.nodes.filter((node) => node.selected);
    return selected.length === 1 ? selected[0]!.id : null;
  });
  const canUndo = useEditorSelector(store, (state) => state.canUndo);
  const canRedo = useEditorSelector(store, (state) => state.canRedo);

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
      closeDiff();
      const nodeId = problem.nodeId ?? problem.nodeIds?.[0];
      if (nodeId) return focusNode(nodeId);
      const edge = store.getState().edges.find((item) => item.id === problem.edgeId);
      if (edge) {
        store.select([], [edge.id]);
        fit([edge.source, edge.target], { maxZoom: 1.2 });
      }
    },
    [closeDiff, fit, focusNode, store],
  );
  const flushSave = useCallback(() => (canEdit ? saver.flush() : Promise.resolve()), [canEdit, saver]);
  const saveNow = useCallback(() => {
    flushSave().then(
      () => notify(t('toast.saved'), 'success'),
      (error: Error) => notify(error.message, 'error'),
    );
  }, [flushSave, notify, t]);

  // Moves the focus to a node once React Flow has drawn it (the keyboard's next keys act on it).
  const focusNodeElement = useCallback((nodeId: string) => {
    let tries = 0;
    const attempt = () => {
      const element = canvasBox.current?.querySelector<HTMLElement>(
        `.react-flow__node[data-id="${CSS.escape(nodeId)}"]`,
      );
      // React Flow hides a new node until it has measured it, and a hidden node takes no focus.
      element?.focus();
      if (element && document.activeElement === element) return;
      if (++tries < 30) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  }, []);

  const addNode = useCallback(
    (type: string) => {
      const box = canvasBox.current?.getBoundingClientRect();
      const center = flow.screenToFlowPosition({
        x: box ? box.left + box.width / 2 : window.innerWidth / 2,
        y: box ? box.top + box.height / 2 : window.innerHeight / 2,
      });
      const entry = catalogEntry(type);
      const id = store.addNode(
        type,
        freeSpot(store.getState().nodes, type, entry?.defaultConfig ?? {}, center),
      );
      setPanel('settings');
      announce(t('announce.added', { node: nodeTitle(type, entry?.title ?? type) }));
      focusNodeElement(id);
    },
    [flow, focusNodeElement, nodeTitle, store, t],
  );

  // Enter on a node: its settings, with the focus on their first field.
  const openSettings = useCallback(
    (nodeId: string) => {
      store.select([nodeId]);
      setPanel('settings');
      let tries = 0;
      const attempt = () => {
        const field = document.querySelector<HTMLElement>(
          '[data-side-panel="settings"] :is(input, textarea, select, button, [tabindex="0"])',
        );
        if (field) field.focus();
        else if (++tries < 20) requestAnimationFrame(attempt);
      };
      requestAnimationFrame(attempt);
    },
    [store],
  );

  const layout = useCallback(() => {
    closeDiff();
    const { nodes, edges } = store.getState();
    store.moveNodes(
      layeredLayout(
        nodes.map((node) => ({ id: node.id, width: node.measured?.width, height: node.measured?.height })),
        edges,
      ),
    );
    requestAnimationFrame(() => fit());
  }, [closeDiff, fit, store]);

  const imports = useGraphImport(
    useCallback(
      (graph: Graph, problems: GraphProblem[]) => {
        closeDiff();
        store.replaceGraph(graph);
        notify(
          t('toast.imported', { nodes: graph.nodes.length, problems: problems.length }),
          problems.length ? 'info' : 'success',
        );
        requestAnimationFrame(() => fit());
      },
      [closeDiff, fit, notify, store, t],
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
        closeDiff();
        store.replaceGraph(restored.graph);
        saver.adopt(result.revision);
        setViewing(null);
        notify(t('toast.restored', { version }), 'success');
        requestAnimationFrame(() => fit());
      } catch (error) {
        notify(t('toast.restoreFailed', { version, error: errorMessage(error) }), 'error');
      }
    },
    [agent.id, closeDiff, fit, notify, queryClient, restore, saver, store, t, trpc],
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
      notify(t('toast.published', { version: version.version }), 'success');
    },
    [agent.id, notify, publish, queryClient, saver, t, trpc],
  );

  useShortcuts(
    {
      undo: store.undo,
      redo: store.redo,
      save: saveNow,
      copy: () => {
        const copied = store.copySelection();
        if (copied > 0) notify(t('toast.copied', { count: copied }));
        return copied > 0;
      },
      paste: () => {
        const pasted = store.paste();
        if (pasted === 0) return;
        announce(t('announce.pasted', { count: pasted }));
        const first = store.getState().nodes.find((node) => node.selected);
        if (first) focusNodeElement(first.id);
      },
      selectAll: store.selectAll,
    },
    editable,
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
      showDiff: diffs.showDiff,
      clearDiff: diffs.clearDiff,
      shownDiff,
      replaceGraph: (graph: Graph) => store.replaceGraph(graph),
      undo: store.undo,
    }),
    [
      agent.id,
      canEdit,
      diffs.clearDiff,
      diffs.showDiff,
      draft,
      flushSave,
      focusNode,
      saver,
      shownDiff,
      store,
    ],
  );

  return (
    <BuilderContextProvider value={context}>
      <div className="-m-8 flex h-screen flex-col" data-testid="builder">
        <BuilderToolbar
          name={agent.name}
          agentId={agent.id}
          canEdit={canEdit}
          save={save}
          canUndo={canUndo && shownDiff === null}
          canRedo={canRedo && shownDiff === null}
          problemCount={draft.problems.length}
          panel={panel}
          previewAvailable={preview !== undefined}
          previewOpen={beside === 'preview'}
          copilotAvailable={copilot !== undefined}
          copilotOpen={beside === 'copilot'}
          onCopilot={() => setBeside(beside === 'copilot' ? null : 'copilot')}
          onUndo={store.undo}
          onRedo={store.redo}
          onSaveNow={saveNow}
          onLayout={layout}
          onFitView={() => (shownDiff ? diffs.canvasRef.current?.fit() : fit())}
          onImport={(file) => void imports.start(file)}
          onExport={() => downloadGraph(store.getGraph(), `${agent.slug}.agentry.json`)}
          onPanel={(next) => setPanel((current) => (current === next ? null : next))}
          onPreview={() => {
            setBeside(beside === 'preview' ? null : 'preview');
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
              notify(t('toast.loadedTheirs'), 'info');
            }}
            onKeepMine={async () => {
              await saver.saveOver();
              if (saver.getState().status === 'saved') notify(t('toast.savedOver'), 'success');
            }}
          />
        ) : null}
        <div className="flex min-h-0 flex-1">
          {canEdit ? (
            <div inert={!editable} className={`flex shrink-0 ${editable ? '' : 'opacity-50'}`}>
              <Palette onAdd={addNode} />
            </div>
          ) : null}
          <div
            ref={canvasBox}
            tabIndex={-1}
            className="relative min-w-0 flex-1 bg-slate-50 outline-none"
            data-testid="canvas"
          >
            <div className="h-full w-full" inert={shownDiff !== null}>
              <FlowCanvas
                store={store}
                problems={problemStore}
                readOnly={!editable}
                onNodeClick={() => setPanel('settings')}
                onOpenSettings={openSettings}
              />
            </div>
            {shownDiff ? (
              <DiffOverlay
                key={diffs.state.serial}
                ref={diffs.overlayRef}
                canvasRef={diffs.canvasRef}
                diff={shownDiff}
                canvasSerial={diffs.state.canvasSerial}
                onClose={closeDiff}
              />
            ) : null}
          </div>
          {panel ? (
            <SidePanel
              panel={panel}
              onPanel={setPanel}
              onLeaveSettings={() => {
                if (selectedId) focusNodeElement(selectedId);
              }}
              problemCount={draft.problems.length}
              settings={
                selectedId ? (
                  <ConfigPanel
                    store={store}
                    nodeId={selectedId}
                    problems={draft.problems}
                    readOnly={!editable}
                  />
                ) : (
                  <p className="p-4 text-sm text-slate-500">
                    {canEdit ? t('selectNodeToEdit') : t('selectNode')}
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
          {preview !== undefined && beside === 'preview' ? (
            <aside
              className="w-96 shrink-0 border-l border-slate-200 bg-white"
              aria-label={t('previewPanel')}
            >
              {preview}
            </aside>
          ) : null}
          {copilot !== undefined && beside === 'copilot' ? (
            <aside
              className="w-96 shrink-0 border-l border-slate-200 bg-white"
              aria-label={t('copilotPanel')}
            >
              {copilot}
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
      <Announcer />
    </BuilderContextProvider>
  );
}
