import type { Graph, NodeRegistry } from '@agentry/engine/graph';
import type { CopilotMessage } from './copilot-types';
import { planAcceptance, type StaleReason } from './proposal-plan';

/** What accepting needs of the builder and the server. */
export interface AcceptDependencies {
  /** The canvas now. */
  getGraph(): Graph;
  /** Replaces the canvas as one undo step. */
  replaceGraph(graph: Graph): void;
  /** Saves the draft now; rejects while a save conflict is open. */
  flushSave(): Promise<void>;
  /** The draft revision saved last. */
  getRevision(): number;
  /** Records the accept (`copilot.accept`); resolves to the updated message. */
  record(messageId: string, revision: number): Promise<unknown>;
  registry?: NodeRegistry;
}

/** How an accept ended. */
export type AcceptOutcome =
  /** Applied (`changed`: the canvas was replaced; false: it already held the change), saved and recorded. */
  | { kind: 'accepted'; message: unknown; revision: number; changed: boolean }
  /** The edits no longer apply to the canvas; nothing changed. */
  | { kind: 'stale'; reason: StaleReason }
  /** A step failed; `applied` says whether the canvas holds the change (so Undo may be wanted). */
  | { kind: 'failed'; failure: AcceptFailure; applied: boolean };

/** Which step of an accept failed, and the words of its cause. */
export type AcceptFailure =
  /** The answer has no proposal. */
  | { step: 'no_proposal' }
  /** The change is on the canvas, but the draft could not be saved. */
  | { step: 'save'; reason: string }
  /** The change is on the canvas and saved as `revision`, but recording the accept failed. */
  | { step: 'record'; revision: number; reason: string };

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Accepts a proposal in the browser: replays its edits on the canvas now as one undo step (the user's
 * edits since stay), saves the draft to learn its revision, then records the accept with that revision.
 * When the canvas already holds the change (Accept again after a redo, or a save that failed before),
 * only the save and the record are done.
 */
export async function acceptProposal(
  message: CopilotMessage,
  dependencies: AcceptDependencies,
): Promise<AcceptOutcome> {
  if (!message.proposal) return { kind: 'failed', failure: { step: 'no_proposal' }, applied: false };
  const plan = planAcceptance(dependencies.getGraph(), message.proposal, dependencies.registry);
  if (plan.kind === 'stale') return plan;
  if (plan.kind === 'apply') dependencies.replaceGraph(plan.graph);
  try {
    await dependencies.flushSave();
  } catch (error) {
    return { kind: 'failed', applied: true, failure: { step: 'save', reason: reason(error) } };
  }
  const revision = dependencies.getRevision();
  try {
    const updated = await dependencies.record(message.id, revision);
    return { kind: 'accepted', message: updated, revision, changed: plan.kind === 'apply' };
  } catch (error) {
    return { kind: 'failed', applied: true, failure: { step: 'record', revision, reason: reason(error) } };
  }
}
