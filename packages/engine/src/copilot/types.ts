import type { Graph } from '../format/graph-schema';
import type { NodeRegistry } from '../nodes/registry';
import type { CopilotEdit } from './edit-schema';

/** How the offline copilot names itself, at the start of every answer (and wherever its turns are shown). */
export const OFFLINE_COPILOT_LABEL = 'Offline copilot (no model)';

/** What the workspace holds that a graph may point at: ids and names only, never a secret. */
export interface CopilotWorkspace {
  knowledgeBases: { id: string; name: string }[];
  agents: { id: string; name: string }[];
  credentials: { id: string; name: string; provider: string }[];
  mcpServers: { url: string; name: string }[];
}

/** A ready-made graph the offline copilot builds from. */
export interface CopilotTemplate {
  id: string;
  name: string;
  description: string;
  graph: Graph;
}

/** One Copilot turn: the request, the conversation so far and the canvas it is about. */
export interface CopilotTurnInput {
  message: string;
  /** Earlier turns, oldest first. */
  history: { role: 'user' | 'assistant'; content: string }[];
  /** The canvas now. */
  graph: Graph;
  registry: NodeRegistry;
  workspace: CopilotWorkspace;
  signal?: AbortSignal;
  onEvent?: (event: CopilotEvent) => void;
}

/** What a turn reports while it works: explanation text as it streams, and each edit tried. */
export type CopilotEvent =
  | { type: 'text'; delta: string }
  | { type: 'edit'; edit: CopilotEdit; applied: true }
  | { type: 'edit'; edit: CopilotEdit; applied: false; problem: string };

/** What a turn ends with. */
export interface CopilotOutcome {
  /** The explanation shown to the user. */
  content: string;
  /** The applied edits, in order (empty: no change proposed). */
  edits: CopilotEdit[];
  /** The proposed graph (no validation problems), or null when no change is proposed. */
  graph: Graph | null;
}

/** Why a turn failed; `code` is stable for clients. */
export type CopilotErrorCode = 'provider_failed' | 'invalid_proposal' | 'too_many_edits' | 'aborted';

/** A Copilot turn that could not end with an answer or a valid proposal. */
export class CopilotError extends Error {
  readonly code: CopilotErrorCode;

  constructor(code: CopilotErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CopilotError';
    this.code = code;
  }
}
