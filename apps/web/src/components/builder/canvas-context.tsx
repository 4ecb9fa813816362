'use client';

import type { GraphProblem } from '@agentry/engine/graph';
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { createKeyedStore, type KeyedStore } from './keyed-store';
import type { PortChoice, PortRef } from './port-choices';

/** Problems per canvas element, keyed `node:<id>` and `edge:<id>`. */
export type ProblemStore = KeyedStore<readonly GraphProblem[]>;

const NONE: readonly GraphProblem[] = Object.freeze([]);

/** A problem store where a node re-renders only when its own problems change. */
export function createProblemStore(): ProblemStore {
  return createKeyedStore<readonly GraphProblem[]>(
    NONE,
    (a, b) => a.length === b.length && a.every((problem, index) => problem.message === b[index]?.message),
  );
}

/** Sorts a validation's problems onto the nodes and edges they concern. */
export function problemsByElement(
  problems: readonly GraphProblem[],
  edgeTargets: ReadonlyMap<string, string>,
): Map<string, GraphProblem[]> {
  const byKey = new Map<string, GraphProblem[]>();
  const add = (key: string, problem: GraphProblem) => {
    const list = byKey.get(key);
    if (list) list.push(problem);
    else byKey.set(key, [problem]);
  };
  for (const problem of problems) {
    const nodes = new Set<string>(problem.nodeIds ?? []);
    if (problem.nodeId) nodes.add(problem.nodeId);
    if (problem.edgeId) {
      add(`edge:${problem.edgeId}`, problem);
      const target = edgeTargets.get(problem.edgeId);
      if (nodes.size === 0 && target) nodes.add(target);
    }
    for (const node of nodes) add(`node:${node}`, problem);
  }
  return byKey;
}

/** What the canvas's nodes and edges read besides their props. */
export interface CanvasContextValue {
  problems: ProblemStore;
  readOnly: boolean;
  /** Show preview run states (off for a read-only version view). */
  showRunState: boolean;
  deleteNode?: (nodeId: string) => void;
  /** The keyboard way to join ports (absent when read-only): what a port may join, and doing it. */
  ports?: PortKeyboardActions;
}

/** What a port's keyboard menu reads and does. */
export interface PortKeyboardActions {
  choices(from: PortRef): PortChoice[];
  /** Applies a choice and says what it did (for the live region). */
  pick(from: PortRef, choice: PortChoice): string;
}

const CanvasContext = createContext<CanvasContextValue | null>(null);

/** Provides the canvas context. */
export const CanvasContextProvider = CanvasContext.Provider;

/** The canvas context; only inside a canvas. */
export function useCanvas(): CanvasContextValue {
  const value = useContext(CanvasContext);
  if (!value) throw new Error('useCanvas() outside a canvas');
  return value;
}

/** The problems of one element (`node:<id>` or `edge:<id>`). */
export function useElementProblems(key: string): readonly GraphProblem[] {
  const { problems } = useCanvas();
  const subscribe = useCallback((listener: () => void) => problems.subscribe(key, listener), [problems, key]);
  const get = useCallback(() => problems.get(key), [problems, key]);
  return useSyncExternalStore(subscribe, get, get);
}
