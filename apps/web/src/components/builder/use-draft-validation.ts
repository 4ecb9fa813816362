'use client';

import { defaultNodeRegistry, type Graph, type GraphProblem, validateGraph } from '@agentry/engine/graph';
import { useEffect, useState } from 'react';
import { type ProblemStore, problemsByElement } from './canvas-context';
import { type EditorStore, useEditorSelector } from './editor-store';

/** A graph and what `validateGraph` says about it. */
export interface ValidatedDraft {
  graph: Graph;
  problems: GraphProblem[];
}

function validate(graph: Graph): ValidatedDraft {
  const result = validateGraph(graph, defaultNodeRegistry);
  return { graph, problems: result.ok ? [] : result.problems };
}

/**
 * Validates the draft in the browser, debounced after edits that can change the result (moving nodes
 * cannot), and sorts the problems onto the canvas's nodes and edges.
 */
export function useDraftValidation(store: EditorStore, problemStore: ProblemStore): ValidatedDraft {
  const structureVersion = useEditorSelector(store, (state) => state.structureVersion);
  const [draft, setDraft] = useState(() => validate(store.getGraph()));
  useEffect(() => {
    if (structureVersion === 0) return;
    const timer = setTimeout(() => setDraft(validate(store.getGraph())), 120);
    return () => clearTimeout(timer);
  }, [store, structureVersion]);
  useEffect(() => {
    const targets = new Map(draft.graph.edges.map((edge) => [edge.id, edge.target]));
    problemStore.replace(problemsByElement(draft.problems, targets));
  }, [draft, problemStore]);
  return draft;
}
