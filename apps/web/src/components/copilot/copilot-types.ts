import type { CopilotEdit, Graph, GraphChange } from '@agentry/engine/graph';

/** Which copilot answers: the offline one (templates and catalog, no model) or a provider's model. */
export type CopilotBy =
  | { kind: 'offline'; label: string }
  | { kind: 'model'; provider: string; model: string; label: string };

/** A change the copilot proposes: the edits, the graph they make from the base, and its change list. */
export interface CopilotProposal {
  edits: CopilotEdit[];
  graph: Graph;
  changes: GraphChange[];
  /** The draft revision the canvas was based on when the change was asked for. */
  baseRevision: number;
  by: { kind: 'offline' | 'model'; label: string };
}

/** One stored turn of an agent's copilot conversation (`copilot.messages`, the stream's `message` line). */
export interface CopilotMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  status: 'proposed' | 'accepted' | 'rejected' | null;
  proposal: CopilotProposal | null;
  acceptedRevision: number | null;
  /** Who accepted it last (a name) and when (ISO); null until someone does. */
  acceptedBy: string | null;
  acceptedAt: string | null;
  createdAt: string;
}

/** Codes of the stream's `error` line. */
export type CopilotErrorCode =
  | 'provider_failed'
  | 'invalid_proposal'
  | 'too_many_edits'
  | 'aborted'
  | 'internal';

/** One line of `POST /api/v1/agents/:id/copilot` (NDJSON). */
export type CopilotLine =
  | { type: 'start'; userMessage: CopilotMessage; by: CopilotBy }
  | { type: 'text'; delta: string }
  | { type: 'edit'; edit: CopilotEdit; applied: true }
  | { type: 'edit'; edit: CopilotEdit; applied: false; problem: string }
  | { type: 'message'; message: CopilotMessage }
  | { type: 'error'; code: CopilotErrorCode; message: string };
