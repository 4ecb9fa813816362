'use client';

import type { Graph, GraphProblem } from '@agentry/engine/graph';
import { createContext, type ReactNode, useContext } from 'react';

/** A comparison the main canvas shows, read-only, in place of the editor until it is closed. */
export interface CanvasDiff {
  /** The graph before the change (its lost nodes and edges are drawn as ghosts). */
  before: Graph;
  /** The graph after the change (drawn, with added and changed nodes marked). */
  after: Graph;
  /** What is compared, shown in the bar above the canvas ("Proposed change: add memory"). */
  title: string;
  /** Buttons beside Close (the copilot's Accept / Reject); rendered inside the builder, so they may use its hooks. */
  actions?: ReactNode;
  /**
   * Called when the user closes the comparison (Close, Escape, or an edit that needs the editor such as
   * Auto layout or Import) or another comparison replaces it; not called by `clearDiff()`.
   */
  onClose?: () => void;
  /**
   * Optional identity: `showDiff` with the id of the comparison on show updates it in place (new graphs,
   * title or actions) without closing it or moving the focus.
   */
  id?: string;
}

/** What the builder shares with panels beside the canvas (the preview chat, the copilot). */
export interface BuilderContextValue {
  agentId: string;
  canEdit: boolean;
  /** The draft as validated last (debounced after edits): graph and its problems. */
  draft: { graph: Graph; problems: readonly GraphProblem[] };
  /** The graph on the canvas right now, including edits not validated yet. */
  getGraph(): Graph;
  /** The draft revision the canvas last saved or loaded. */
  getRevision(): number;
  /** Saves now if there are unsaved changes; rejects while a save conflict is unresolved. */
  flushSave(): Promise<void>;
  /** Selects a node and centres the view on it. */
  focusNode(nodeId: string): void;
  /** Opens the problems list. */
  openProblems(): void;
  /** Replaces the canvas document as one undo step (accepting a Copilot proposal). */
  replaceGraph(graph: Graph): void;
  /** Undoes the last canvas edit (the Undo of a toast). */
  undo(): void;
  /**
   * Shows a comparison on the main canvas (replacing any other): the editor stays as it was, hidden and
   * read-only, until the comparison is closed; the focus moves to the comparison's bar.
   */
  showDiff(diff: CanvasDiff): void;
  /** Closes the comparison on show, if any, without calling its `onClose`; the focus goes back to where it was. */
  clearDiff(): void;
  /** The comparison on show (the object given to `showDiff`), or null while the editor shows. */
  shownDiff: CanvasDiff | null;
}

const BuilderContext = createContext<BuilderContextValue | null>(null);

/** Provides the builder context (the builder does this). */
export const BuilderContextProvider = BuilderContext.Provider;

/** The builder around this component; throws outside one. */
export function useBuilder(): BuilderContextValue {
  const value = useContext(BuilderContext);
  if (!value) throw new Error('useBuilder() must be used inside the agent builder.');
  return value;
}

/** The canvas diff seam: show a comparison on the main canvas, close it, and read which one is on show. */
export function useCanvasDiff(): Pick<BuilderContextValue, 'showDiff' | 'clearDiff' | 'shownDiff'> {
  const { showDiff, clearDiff, shownDiff } = useBuilder();
  return { showDiff, clearDiff, shownDiff };
}
