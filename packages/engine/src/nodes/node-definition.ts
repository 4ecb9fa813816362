import type { z } from 'zod';
import type { ModelFileSupport } from '../providers/model-capabilities';
import type { Graph } from '../format/graph-schema';
import type { PortSpec } from '../format/port-types';
import type { GraphProblemCode, ProblemParams } from '../plan/problems';
import type { NodeId, PortId } from '../format/ids';
import type { CodeRunner, Credential, HttpFetcher, RunContext, RunInput } from '../runtime/context';
import type { LanguageModelRequest } from '../runtime/context';
import type { LanguageModel } from 'ai';
import type { AgentLoopState, ResumeAnswer } from '../runtime/checkpoint';
import type { McpConnections } from '../mcp/types';
import type { NodeInputs } from './node-inputs';

/** Palette groups on the canvas. */
export type NodeGroup =
  | 'Inputs/Outputs'
  | 'Prompts'
  | 'Models'
  | 'Agents'
  | 'Memory'
  | 'Tools'
  | 'Logic'
  | 'Knowledge';

/** What a resource-providing node provides. */
export type ResourceKind = 'model' | 'memory' | 'tool';

/** Output of a node: one value per output port id. Ports left out are "not produced" (a branch not taken). */
export type NodeOutputs = Record<string, unknown>;

/** Partial output a running node reports; the scheduler turns these into engine events. */
export type NodeEvent =
  | { type: 'text-delta'; text: string }
  /** The model's reasoning, when it streams it (kept out of the node's text and outputs). */
  | { type: 'reasoning-delta'; text: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: unknown }
  | {
      type: 'tool-result';
      toolCallId: string;
      toolName: string;
      output: unknown;
      isError: boolean;
      /** For a call that waited for a person: their answer. */
      approval?: 'approved' | 'denied';
    }
  | { type: 'usage'; inputTokens: number; outputTokens: number };

/** What run() may return: outputs now, later, or after streaming partial output. */
export type NodeRunResult = NodeOutputs | Promise<NodeOutputs> | AsyncGenerator<NodeEvent, NodeOutputs, void>;

/** What is left of the run's budget, so agents can plan within it. */
export interface BudgetView {
  remainingTokens(): number;
  remainingSteps(): number;
  remainingMs(): number;
}

/** Result of running another graph from inside a node (Agent-as-tool). */
export interface SubRunResult {
  answer: string;
  usage: { inputTokens: number; outputTokens: number };
}

/** Services of the run shared by all nodes. */
export interface NodeServices
  extends Omit<RunContext, 'signal' | 'languageModels' | 'httpFetch' | 'runCode' | 'mcp'> {
  /** Outbound HTTP under the host's network policy. */
  httpFetch: HttpFetcher;
  /** Runs sandboxed JavaScript. */
  runCode: CodeRunner;
  /** Creates the language model a Model node asks for. */
  createLanguageModel(request: LanguageModelRequest, credential?: Credential): LanguageModel;
  /** The run's MCP server connections under the host's policy (none: MCP Tools nodes cannot run). */
  mcpConnections?: McpConnections;
}

/** What run() receives besides its inputs. */
export interface NodeContext<Config> {
  readonly nodeId: NodeId;
  readonly config: Config;
  /** Aborted on cancel, node timeout, budget exhaustion or another node's failure. */
  readonly signal: AbortSignal;
  /** The chat message (and client history) that triggered the run. */
  readonly input: RunInput;
  readonly services: NodeServices;
  readonly budget: BudgetView;
  /** In a continued run: the answer a person gave to this node's question. */
  readonly answer?: ResumeAnswer;
  /** In a continued run: the tool loop state this node saved before the run stopped. */
  readonly loopState?: AgentLoopState;
  /** Saves a tool loop's state after a step and hands the host a checkpoint (agents call it). */
  saveLoopState?(state: AgentLoopState): void;
  /** Runs another graph as a sub-run (depth-limited, sharing this run's budget; `signal` cancels it). */
  runSubgraph(
    graph: Graph,
    input: RunInput,
    options?: { conversationId?: string; signal?: AbortSignal },
  ): Promise<SubRunResult>;
}

/** Which ports of a node have edges, for definition-specific validation. */
export interface NodeConnections {
  inputs: ReadonlySet<string>;
  outputs: ReadonlySet<string>;
}

/** A problem a definition reports about one node's configuration or wiring. */
export interface NodeProblem {
  code: GraphProblemCode;
  message: string;
  portId?: PortId;
  path?: (string | number)[];
  /** The values of the sentence (see GraphProblem.params); `reason` tells one sentence of a code from another. */
  params?: ProblemParams;
}

/**
 * A node type: one file exports one of these. The scheduler only reads these fields; it never
 * branches on `type`.
 */
export interface NodeDefinition<Config = unknown> {
  /** Stable id stored in graphs (`node.type`). */
  readonly type: string;
  readonly title: string;
  readonly group: NodeGroup;
  readonly description: string;
  /** Settings schema; the canvas generates the node's form from it (`.describe()`, `.meta({ ui })`). */
  readonly config: z.ZodType<Config>;
  /** Starts a run with the chat message (Chat Input). */
  readonly trigger?: boolean;
  /** Reports text as it is generated. */
  readonly streamsText?: boolean;
  /** Provides a resource to the node it is attached to. */
  readonly provides?: ResourceKind;
  /** Its `answer` output is the run's answer (Chat Output). */
  readonly collectsAnswer?: boolean;
  /** Sets exactly one output, the branch it took (Condition): node-end reports that branch. */
  readonly routes?: boolean;
  /** Input ports for a configuration (a Prompt's ports are its variables). */
  inputs(config: Config): readonly PortSpec[];
  /** Output ports for a configuration (a Condition's ports are its branches). */
  outputs(config: Config): readonly PortSpec[];
  /** Extra checks that need the wiring, run when the graph is compiled. */
  validate?(config: Config, connections: NodeConnections): NodeProblem[];
  /**
   * A node that is a model: which file kinds it reads, from its config. Validation refuses a model that
   * cannot read images where chat files reach it (see plan/check-file-models.ts).
   */
  fileSupport?(config: Config): { label: string; support: ModelFileSupport };
  /** Does the work. Return outputs, a promise of them, or an async generator of partial output. */
  run(inputs: NodeInputs, context: NodeContext<Config>): NodeRunResult;
}

/** A node definition with its config type erased, as kept in a registry. */
export type AnyNodeDefinition = NodeDefinition<unknown>;

/** Identity helper that infers the config type of a definition. */
export function defineNode<Config>(definition: NodeDefinition<Config>): NodeDefinition<Config> {
  return definition;
}
