import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from 'quickjs-emscripten';

const PAGE_BYTES = 64 * 1024;
/** The QuickJS build's INITIAL_MEMORY: its static data, stack and the runtime itself live in it. */
const BASELINE_BYTES = 16 * 1024 * 1024;
/** Idle modules bigger than this are dropped: WebAssembly memory never shrinks. */
const IDLE_MODULE_MAX_BYTES = 64 * 1024 * 1024;
const MAX_IDLE_MODULES = 2;

/** The part of WebAssembly.Memory used here (the engine compiles without the DOM's WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
const { Memory } = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory };
  }
).WebAssembly;

/** A QuickJS WebAssembly instance whose memory cannot grow past `ceilingBytes`. */
export interface SandboxModule {
  quickjs: QuickJSWASMModule;
  memory: WasmMemory;
  ceilingBytes: number;
}

const idleModules: SandboxModule[] = [];
let peakBytes = 0;

/** The most WebAssembly memory a run with this memory limit may hold: the baseline plus the limit. */
export function sandboxMemoryCeiling(memoryLimitBytes: number): number {
  return BASELINE_BYTES + Math.ceil(memoryLimitBytes / PAGE_BYTES) * PAGE_BYTES;
}

/**
 * A module for one run, reused from an earlier run with the same ceiling when one is idle. Its memory is
 * created with a `maximum`, so an allocation past the ceiling fails inside QuickJS (out of memory) instead
 * of growing the process: QuickJS's own limit sees only single allocations in this build, and an
 * interrupt check would notice growth only after it happened. A module serves one run at a time.
 */
export async function acquireSandboxModule(memoryLimitBytes: number): Promise<SandboxModule> {
  const ceilingBytes = sandboxMemoryCeiling(memoryLimitBytes);
  const index = idleModules.findIndex((module) => module.ceilingBytes === ceilingBytes);
  if (index >= 0) return idleModules.splice(index, 1)[0]!;
  const memory = new Memory({
    initial: BASELINE_BYTES / PAGE_BYTES,
    maximum: ceilingBytes / PAGE_BYTES,
  });
  // Hosts that compile with the DOM's WebAssembly types (the web app) see the full Memory type there.
  const wasmMemory = memory as unknown as NonNullable<Parameters<typeof newVariant>[1]>['wasmMemory'];
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
  return { quickjs, memory, ceilingBytes };
}

/**
 * Gives a module back after its run. A poisoned one (a WebAssembly trap, or QuickJS's failed clean-up
 * after an out-of-memory error) is dropped, and so is one grown large, so an idle thread keeps little.
 */
export function releaseSandboxModule(module: SandboxModule, { poisoned }: { poisoned: boolean }): void {
  const bytes = module.memory.buffer.byteLength;
  peakBytes = Math.max(peakBytes, bytes);
  if (poisoned || bytes > IDLE_MODULE_MAX_BYTES) return;
  idleModules.push(module);
  if (idleModules.length > MAX_IDLE_MODULES) idleModules.shift();
}

/** Whether the module's memory has reached its ceiling (a failed allocation there is out of memory). */
export function atMemoryCeiling(module: SandboxModule): boolean {
  return module.memory.buffer.byteLength + PAGE_BYTES > module.ceilingBytes;
}

/** WebAssembly memory of the sandbox in this thread: held by idle modules, and the most any run reached. */
export function sandboxMemoryStats(): { idleBytes: number; peakMemoryBytes: number } {
  const idleBytes = idleModules.reduce((sum, module) => sum + module.memory.buffer.byteLength, 0);
  return { idleBytes, peakMemoryBytes: peakBytes };
}

/** Starts measuring the peak again (tests). */
export function resetSandboxMemoryPeak(): void {
  peakBytes = 0;
}
