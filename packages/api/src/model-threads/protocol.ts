import type { Credential, EngineErrorCode, LanguageModelRequest, NetworkPolicy } from '@agentry/engine';
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';

/** A call's options as they cross to the thread: everything but the abort signal (sent as `abort`). */
export type ThreadCallOptions = Omit<LanguageModelV4CallOptions, 'abortSignal'>;

/** What the server's thread asks of a model thread. */
export type ToModelThread =
  | {
      kind: 'call';
      id: number;
      mode: 'stream' | 'generate';
      request: LanguageModelRequest;
      credential?: Credential;
      /** Which private hosts the call may reach (the thread builds its guarded fetch from it). */
      network: NetworkPolicy;
      options: ThreadCallOptions;
    }
  | { kind: 'abort'; id: number };

/** A provider failure, already explained by the engine (so the error classes need not cross threads). */
export interface ThreadFailure {
  code: EngineErrorCode;
  message: string;
  retryable: boolean;
}

/** What a model thread answers. Stream parts come in batches: those that arrived in one turn. */
export type FromModelThread =
  | { kind: 'started'; id: number; headers?: Record<string, string> }
  | { kind: 'parts'; id: number; parts: LanguageModelV4StreamPart[] }
  | { kind: 'end'; id: number }
  | { kind: 'generated'; id: number; result: Omit<LanguageModelV4GenerateResult, 'request'> }
  | { kind: 'failed'; id: number; failure: ThreadFailure };
