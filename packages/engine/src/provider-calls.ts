// The part of the engine a model thread needs: building provider clients and explaining their failures.
// A thread that imports only this loads the AI SDK providers, not the graph runtime, nodes and tools.
export { streamCompatibleChat } from './providers/compatible-stream';
export { createLanguageModel } from './providers/create-language-model';
export { appendToLast } from './providers/merge-deltas';
export type { ProviderId } from './providers/provider-catalog';
export { createProviderFetch, type NetworkPolicy } from './runtime/http-fetcher';
export { toProviderFailure } from './runtime/provider-failure';
