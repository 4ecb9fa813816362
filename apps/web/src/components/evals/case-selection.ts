'use client';

import { useSyncExternalStore } from 'react';

/**
 * Which cases of the Tests tab are ticked. The cases table writes it and the eval-runs panel reads it
 * (run only these), without either one holding the other's state. It belongs to one agent: opening
 * another agent's Tests tab starts empty. An empty selection means "no choice made": run every case.
 */
export interface CaseSelectionStore {
  /** The ticked case ids, in the order they were ticked. */
  get(): readonly string[];
  subscribe(listener: () => void): () => void;
  /** Starts the selection for an agent (a no-op when it is already that agent's). */
  forAgent(agentId: string): void;
  toggle(caseId: string, selected: boolean): void;
  /** Replaces the selection (select all, or none). */
  set(caseIds: readonly string[]): void;
  /** Drops ids that are no longer cases (after a delete or a reload of the list). */
  retain(existingIds: readonly string[]): void;
}

/** A selection store; the app uses the one `caseSelection`, tests make their own. */
export function createCaseSelectionStore(): CaseSelectionStore {
  let agentId: string | null = null;
  let ids: readonly string[] = [];
  const listeners = new Set<() => void>();
  const update = (next: readonly string[]) => {
    if (next.length === ids.length && next.every((id, index) => id === ids[index])) return;
    ids = next;
    for (const listener of listeners) listener();
  };
  return {
    get: () => ids,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    forAgent(next) {
      if (next === agentId) return;
      agentId = next;
      update([]);
    },
    toggle(caseId, selected) {
      if (selected === ids.includes(caseId)) return;
      update(selected ? [...ids, caseId] : ids.filter((id) => id !== caseId));
    },
    set(caseIds) {
      update([...new Set(caseIds)]);
    },
    retain(existingIds) {
      const existing = new Set(existingIds);
      update(ids.filter((id) => existing.has(id)));
    },
  };
}

/** The Tests tab's selection, shared by the cases table and the eval-runs panel. */
export const caseSelection = createCaseSelectionStore();

const none: readonly string[] = [];

/** The ids of the ticked cases (empty: none ticked, so a run takes every case). */
export function useSelectedCaseIds(): readonly string[] {
  return useSyncExternalStore(caseSelection.subscribe, caseSelection.get, () => none);
}
