import type { CopilotMessage } from '@agentry/api';
import type { CopilotEdit } from '@agentry/engine/graph';

// A stored turn and its proposal are the api's types (`copilot.messages` and the stream's `message`
// line send them); the stream's lines are described here, where they are read.
export type { CopilotMessage, CopilotProposal } from '@agentry/api';

/** Which copilot answers: the offline one (templates and catalog, no model) or a provider's model. */
export type CopilotBy =
  | { kind: 'offline'; label: string }
  | { kind: 'model'; provider: string; model: string; label: string };

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
