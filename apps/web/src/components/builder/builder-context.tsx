'use client';

import type { Graph, GraphProblem } from '@agentry/engine/graph';
import { createContext, useContext } from 'react';

/** What the builder shares with panels beside the canvas (the preview chat). */
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
