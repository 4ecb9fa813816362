import { isStepCount, type LanguageModel, type ModelMessage, streamText, type ToolSet, tool } from 'ai';
import type { z } from 'zod';
import type { Graph } from '../format/graph-schema';
import { describeProviderError } from '../providers/provider-errors';
import { summarizeChanges } from './change-summary';
import { copilotSystemPrompt, repairRequest } from './copilot-prompt';
import { describeProblems, graphProblems } from './describe';
import {
  addNodeEditSchema,
  COPILOT_LIMITS,
  type CopilotEdit,
  connectEditSchema,
  disconnectEditSchema,
  moveNodeEditSchema,
  removeNodeEditSchema,
  setConfigEditSchema,
} from './edit-schema';
import { listPorts, shapeOfNode } from './edit-support';
import { applyCopilotEdit } from './edits';
import { CopilotError, type CopilotOutcome, type CopilotTurnInput } from './types';

/** What a tool call answers the model. */
type ToolAnswer = { ok: true; inputs?: string; outputs?: string } | { ok: false; problem: string };

const TOOLS: Record<CopilotEdit['op'], { description: string; schema: z.ZodObject }> = {
  addNode: {
    description:
      'Add a node of a catalog type. Settings you leave out take their defaults. Answers its ports.',
    schema: addNodeEditSchema,
  },
  connect: {
    description: 'Connect an output port of one node to an input port of another, by the port ids listed.',
    schema: connectEditSchema,
  },
  disconnect: {
    description:
      'Remove the edges from one node to another (only those between the given ports, when given).',
    schema: disconnectEditSchema,
  },
  setConfig: {
    description:
      'Change settings of a node (merged into its current ones; null removes a setting so its default applies) and/or its label. Answers its ports.',
    schema: setConfigEditSchema,
  },
  removeNode: { description: 'Remove a node and every edge touching it.', schema: removeNodeEditSchema },
  moveNode: { description: 'Move a node on the canvas.', schema: moveNodeEditSchema },
};

/** One turn's working state: the graph as edited so far and the edits that went through. */
class WorkingGraph {
  graph: Graph;
  readonly applied: CopilotEdit[] = [];
  tooMany = false;

  constructor(
    private readonly input: CopilotTurnInput,
    private readonly stop: AbortController,
  ) {
    this.graph = input.graph;
  }

  apply(edit: CopilotEdit): ToolAnswer {
    if (this.applied.length >= COPILOT_LIMITS.maxEditsPerTurn) {
      // Past the limit the turn is over: a change this large is better asked for in parts.
      this.tooMany = true;
      this.stop.abort();
      return { ok: false, problem: `Stop: at most ${COPILOT_LIMITS.maxEditsPerTurn} edits per turn.` };
    }
    const result = applyCopilotEdit(this.graph, edit, this.input.registry);
    if (!result.ok) {
      this.input.onEvent?.({ type: 'edit', edit, applied: false, problem: result.problem });
      return { ok: false, problem: result.problem };
    }
    this.graph = result.graph;
    this.applied.push(edit);
    this.input.onEvent?.({ type: 'edit', edit, applied: true });
    if (edit.op !== 'addNode' && edit.op !== 'setConfig') return { ok: true };
    const node = this.graph.nodes.find(
      (candidate) => candidate.id === (edit.op === 'addNode' ? edit.id : edit.nodeId),
    );
    const shape = node ? shapeOfNode(node, this.input.registry) : undefined;
    if (!shape?.ok) return { ok: true };
    return { ok: true, inputs: listPorts(shape.shape.inputs), outputs: listPorts(shape.shape.outputs) };
  }

  tools(): ToolSet {
    const tools: ToolSet = {};
    for (const [op, { description, schema }] of Object.entries(TOOLS)) {
      tools[op] = tool({
        description,
        inputSchema: schema.omit({ op: true }),
        execute: async (input: Record<string, unknown>) => this.apply({ ...input, op } as CopilotEdit),
      });
    }
    return tools;
  }
}

/**
 * A Copilot turn with a language model: the model edits a working copy of the graph through typed tools
 * (refused edits go back to it with the problem), then the result is validated; while it has problems the
 * model gets them back, up to `maxRepairRounds` times. The answer is the model's explanation, the applied
 * edits and the proposed graph (null when it only answered).
 */
export async function runModelCopilot(
  model: LanguageModel,
  input: CopilotTurnInput,
): Promise<CopilotOutcome> {
  if (input.signal?.aborted) throw new CopilotError('aborted', 'The Copilot turn was cancelled.');
  const stop = new AbortController();
  const cancel = () => stop.abort();
  input.signal?.addEventListener('abort', cancel, { once: true });
  const working = new WorkingGraph(input, stop);
  const tools = working.tools();
  const instructions = copilotSystemPrompt(
    input.graph,
    graphProblems(input.graph, input.registry),
    input.registry,
    input.workspace,
  );
  const messages: ModelMessage[] = [
    ...input.history.map((turn) => ({ role: turn.role, content: turn.content })),
    { role: 'user', content: input.message },
  ];
  let content = '';
  try {
    for (let round = 0; ; round++) {
      const result = streamText({
        model,
        instructions,
        messages,
        tools,
        stopWhen: isStepCount(COPILOT_LIMITS.maxSteps),
        temperature: 0,
        // A failed turn is cheap to ask again; retrying here would only keep the person waiting.
        maxRetries: 0,
        toolCallConcurrency: 1, // edits apply in the order the model made them
        abortSignal: stop.signal,
        onError: () => {}, // errors arrive as stream parts below
      });
      let stepHasText = false;
      for await (const part of result.stream) {
        if (part.type === 'start-step') stepHasText = false;
        else if (part.type === 'text-delta' && part.text.length > 0) {
          // The text of each step (and round) reads as its own paragraph.
          const delta = !stepHasText && content.length > 0 ? `\n\n${part.text}` : part.text;
          stepHasText = true;
          content += delta;
          input.onEvent?.({ type: 'text', delta });
        } else if (part.type === 'error') throw part.error;
      }
      if (stop.signal.aborted) break;
      messages.push(...(await result.responseMessages));
      if (working.applied.length === 0) break;
      const problems = graphProblems(working.graph, input.registry);
      if (problems.length === 0) break;
      if (round >= COPILOT_LIMITS.maxRepairRounds) {
        throw new CopilotError(
          'invalid_proposal',
          `The proposed change still has problems after ${COPILOT_LIMITS.maxRepairRounds} attempts to fix them, so nothing is proposed:\n${describeProblems(problems)}`,
        );
      }
      messages.push({ role: 'user', content: repairRequest(working.graph, problems, input.registry) });
    }
  } catch (error) {
    throw turnFailure(error, input.signal, working.tooMany) ?? error;
  } finally {
    input.signal?.removeEventListener('abort', cancel);
  }
  const failure = turnFailure(undefined, input.signal, working.tooMany);
  if (failure) throw failure;
  if (working.applied.length === 0) return { content: content.trim(), edits: [], graph: null };
  return {
    content: content.trim() || summarizeChanges(input.graph, working.graph),
    edits: working.applied,
    graph: working.graph,
  };
}

/** The CopilotError a turn ends with: a cancel, too many edits, or the provider's failure explained. */
function turnFailure(
  error: unknown,
  signal: AbortSignal | undefined,
  tooMany: boolean,
): CopilotError | undefined {
  if (signal?.aborted)
    return new CopilotError('aborted', 'The Copilot turn was cancelled.', { cause: error });
  if (tooMany) {
    return new CopilotError(
      'too_many_edits',
      `The model tried to make more than ${COPILOT_LIMITS.maxEditsPerTurn} edits in one turn, so nothing is proposed. Ask for a smaller change.`,
    );
  }
  if (error === undefined) return undefined;
  if (error instanceof CopilotError) return error;
  return new CopilotError('provider_failed', describeProviderError(error).message, { cause: error });
}
