/**
 * A store of values by key where each subscriber listens to one key, so a change to one node's state
 * re-renders that node only (the canvas may hold hundreds). Framework-free; hooks wrap it.
 */
export interface KeyedStore<T> {
  get(key: string): T;
  set(key: string, value: T): void;
  /** Replaces every value at once; keys left out fall back to the default. Notifies changed keys only. */
  replace(values: ReadonlyMap<string, T>): void;
  subscribe(key: string, listener: () => void): () => void;
  /** Listens to every change (for derived views such as edge activity or a summary). */
  subscribeAll(listener: () => void): () => void;
  keys(): string[];
}

/** Creates a keyed store; `equals` decides whether a new value is a change worth notifying. */
export function createKeyedStore<T>(fallback: T, equals: (a: T, b: T) => boolean = Object.is): KeyedStore<T> {
  let values = new Map<string, T>();
  const listeners = new Map<string, Set<() => void>>();
  const allListeners = new Set<() => void>();

  const notify = (changed: Iterable<string>) => {
    for (const key of changed) for (const listener of listeners.get(key) ?? []) listener();
    for (const listener of allListeners) listener();
  };

  return {
    get: (key) => values.get(key) ?? fallback,
    set(key, value) {
      if (equals(values.get(key) ?? fallback, value)) return;
      values.set(key, value);
      notify([key]);
    },
    replace(next) {
      const changed: string[] = [];
      for (const key of new Set([...values.keys(), ...next.keys()])) {
        if (!equals(values.get(key) ?? fallback, next.get(key) ?? fallback)) changed.push(key);
      }
      values = new Map(next);
      if (changed.length > 0) notify(changed);
    },
    subscribe(key, listener) {
      const set = listeners.get(key) ?? new Set();
      listeners.set(key, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
    subscribeAll(listener) {
      allListeners.add(listener);
      return () => allListeners.delete(listener);
    },
    keys: () => [...values.keys()],
  };
}
