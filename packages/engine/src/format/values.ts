import type { LanguageModel, Schema } from 'ai';
import type { z } from 'zod';

/** One chat message as it flows between nodes and into memory. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Files sent with a user message (images, documents); a Model or Agent hands them to the model. */
  files?: ChatFile[];
}

/**
 * A file sent in a chat. The host stores the bytes and the engine asks for them through
 * `RunContext.files` when a model needs them; `data` carries them inline instead (tests, the CLI).
 */
export interface ChatFile {
  id: string;
  name: string;
  /** Checked from the bytes by the host, not taken from the sender's claim. */
  mediaType: string;
  /** Bytes. */
  size: number;
  data?: Uint8Array;
}

/** A piece of retrieved text (knowledge bases, loaders). */
export interface Document {
  id?: string;
  content: string;
  metadata?: Record<string, unknown>;
}

/** Call settings a Model node passes to the provider. */
export interface ModelCallSettings {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
}

/** The `model` resource: a ready language model plus its call settings. */
export interface ModelResource {
  readonly kind: 'model';
  readonly model: LanguageModel;
  readonly settings: ModelCallSettings;
  /** Provider id ("openai", "offline"...), to explain its errors. */
  readonly provider: string;
  /** "provider/model", for events and errors. */
  readonly label: string;
}

/** The `memory` resource: a conversation window persisted through the run's storage. */
export interface MemoryResource {
  readonly kind: 'memory';
  /** The last N messages of this conversation. */
  load(): Promise<ChatMessage[]>;
  /** Appends messages after a turn. */
  append(messages: ChatMessage[]): Promise<void>;
}

/** Options a tool's execute() receives. */
export interface ToolExecuteOptions {
  signal: AbortSignal;
  toolCallId: string;
}

/** The `tool` resource: something an Agent can call. */
export interface ToolResource {
  readonly kind: 'tool';
  readonly name: string;
  /** A person approves each call before it runs (the run waits meanwhile). */
  readonly askBeforeRunning?: boolean;
  readonly description: string;
  /** A zod schema (built-in tools) or a JSON Schema wrapped by the AI SDK's `jsonSchema()` (MCP tools). */
  readonly inputSchema: z.ZodType | Schema;
  execute(input: unknown, options: ToolExecuteOptions): Promise<unknown>;
}

/** A resource value provided by a Model, Memory or tool node. */
export type Resource = ModelResource | MemoryResource | ToolResource;
