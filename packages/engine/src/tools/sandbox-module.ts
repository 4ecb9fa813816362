import { newQuickJSWASMModule, type QuickJSWASMModule } from 'quickjs-emscripten';

let currentModule: Promise<QuickJSWASMModule> | undefined;
const poisonedModules = new WeakSet<QuickJSWASMModule>();

/**
 * The WebAssembly module runs are created in. Shared between runs (each gets its own runtime and
 * context) and replaced once a run has left it unusable.
 */
export async function sandboxModule(): Promise<QuickJSWASMModule> {
  for (;;) {
    const pending = currentModule ?? newQuickJSWASMModule();
    currentModule = pending;
    let module: QuickJSWASMModule;
    try {
      module = await pending;
    } catch (error) {
      if (currentModule === pending) currentModule = undefined;
      throw error;
    }
    if (!poisonedModules.has(module)) return module;
    if (currentModule === pending) currentModule = undefined;
  }
}

/** Marks a module unusable, after a WebAssembly trap or a run that grew its memory too far. */
export function discardModule(module: QuickJSWASMModule): void {
  poisonedModules.add(module);
}

/** Bytes of WebAssembly memory the current sandbox module holds (for health checks and leak tests). */
export async function sandboxMemoryBytes(): Promise<number> {
  return (await sandboxModule()).getWasmMemory().buffer.byteLength;
}
