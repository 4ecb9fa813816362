import type { Runtime } from './runtime';

/**
 * State a service keeps per runtime (caches, registries of live runs, limiters), stored on the runtime
 * object under a process-wide symbol rather than in a module's own WeakMap. Next bundles this package
 * more than once in one server (the instrumentation hook and the app's routes are compiled in separate
 * layers, each with its own copy of every module), and the runtime is the one object they all share:
 * a run started by one copy (the hot routes served before Next, a recovered run) must be found, and a
 * cache entry dropped, by every other. `get`/`set` mirror a WeakMap keyed by the runtime.
 */
export class RuntimeSlot<V> {
  private readonly key: symbol;

  /** `name` is unique per kind of state: every copy of the module asks for the same name. */
  constructor(name: string) {
    this.key = Symbol.for(`agentry.runtime-slot.${name}`);
  }

  get(runtime: Runtime): V | undefined {
    return (runtime as unknown as Record<symbol, V | undefined>)[this.key];
  }

  set(runtime: Runtime, value: V): this {
    Object.defineProperty(runtime, this.key, {
      value,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    return this;
  }

  delete(runtime: Runtime): void {
    delete (runtime as unknown as Record<symbol, V | undefined>)[this.key];
  }
}
