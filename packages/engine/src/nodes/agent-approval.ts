import type { ModelMessage } from 'ai';
import type { ToolResource } from '../format/values';
import type { AgentLoopState, ResumeAnswer } from '../runtime/checkpoint';
import { WaitForAnswer } from '../runtime/wait';
import type { NodeEvent } from './node-definition';

/** The choices of a tool approval. */
export const TOOL_APPROVAL_CHOICES = [
  { id: 'approve', label: 'Approve' },
  { id: 'deny', label: 'Deny' },
];

/**
 * Stops an agent's tool loop at a call of a tool marked "ask before running": the loop's signal is
 * aborted with a WaitForAnswer, so the model call ends and the scheduler makes the run wait.
 */
export class ToolApprovalGate {
  private readonly controller = new AbortController();
  /** The call that waits, once one does. */
  pending: AgentLoopState['pending'];
  /** The loop's signal: the node's own, or this gate stopping it. */
  readonly signal: AbortSignal;

  constructor(nodeSignal: AbortSignal) {
    this.signal = AbortSignal.any([nodeSignal, this.controller.signal]);
  }

  /** Called instead of a guarded tool's execute(): never resolves, the loop stops. */
  ask(resource: ToolResource, input: unknown, toolCallId: string): Promise<never> {
    if (!this.pending) {
      this.pending = { toolCallId, toolName: resource.name, input };
      this.controller.abort(toolQuestion(this.pending));
    }
    return new Promise<never>(() => {});
  }
}

/** The question a waiting tool call asks: "Run tool X with {…}?". */
export function toolQuestion(pending: NonNullable<AgentLoopState['pending']>): WaitForAnswer {
  const { toolCallId, toolName, input } = pending;
  const shown = JSON.stringify(input) ?? 'null';
  return new WaitForAnswer({
    kind: 'tool',
    message: `Run tool ${toolName} with ${shown.length > 500 ? `${shown.slice(0, 500)}…` : shown}?`,
    choices: TOOL_APPROVAL_CHOICES,
    toolCall: { toolCallId, toolName, input },
    audience: 'operator',
  });
}

/**
 * Settles the call a continued loop waited on: runs the tool when approved, or tells the model it was
 * denied (with the person's reason). Returns the tool-result event and the tool message for the loop.
 */
export async function settlePendingCall(
  pending: NonNullable<AgentLoopState['pending']>,
  answer: ResumeAnswer,
  resources: readonly ToolResource[],
  signal: AbortSignal,
): Promise<{ event: NodeEvent; message: ModelMessage; failed: boolean }> {
  const { toolCallId, toolName, input } = pending;
  let output: unknown;
  let failed = false;
  const approved = !('timedOut' in answer) && answer.choice === 'approve';
  if ('timedOut' in answer) {
    output = { error: 'Nobody approved this call in time; it did not run.' };
    failed = true;
  } else if (answer.choice !== 'approve') {
    output = { error: `A person denied this call${answer.reason ? `: ${answer.reason}` : '.'}` };
    failed = true;
  } else {
    const resource = resources.find((candidate) => candidate.name === toolName);
    try {
      if (!resource) throw new Error(`The tool "${toolName}" is no longer attached to this agent.`);
      output = await resource.execute(input, { signal, toolCallId });
    } catch (error) {
      output = { error: error instanceof Error ? error.message : String(error) };
      failed = true;
    }
  }
  return {
    event: {
      type: 'tool-result',
      toolCallId,
      toolName,
      output,
      isError: failed,
      approval: approved ? 'approved' : 'denied',
    },
    message: {
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId, toolName, output: { type: 'json', value: output as never } },
      ],
    },
    failed,
  };
}
