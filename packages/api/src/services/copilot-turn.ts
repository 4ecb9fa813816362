import {
  COPILOT_LIMITS,
  CopilotError,
  type CopilotEvent,
  type CopilotOutcome,
  type CopilotTurnInput,
  defaultNodeRegistry,
  diffGraphs,
  EngineError,
  type Graph,
  type LanguageModelFactory,
  OFFLINE_COPILOT_LABEL,
  ProviderConfigError,
  runModelCopilot,
  runOfflineCopilot,
} from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import { formatCount } from '../format-count';
import { sharedWindowLimiter } from '../rate-limit';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';
import {
  type CopilotAuthor,
  type CopilotMessage,
  type CopilotProposal,
  recentCopilotTurns,
  storeCopilotMessage,
} from './copilot-messages';
import { type CopilotModelSettings, copilotLabel, readCopilotSettings } from './copilot-settings';
import { copilotWorkspace } from './copilot-workspace';
import { createEngineContext } from './engine-context';
import { checkGraph, MAX_GRAPH_BYTES } from './graph-files';
import { agentTemplates } from './templates';

/** Turns one member may ask for per minute: a conversation's pace, too few to run up a provider bill. */
export const COPILOT_TURNS_PER_MINUTE = 20;
/** Earlier turns the model is given (the canvas itself always goes whole). */
export const COPILOT_HISTORY_TURNS = 20;
/** Largest turn body: a whole graph file and the message. Refused (413) before it is parsed. */
export const MAX_COPILOT_BODY_BYTES = MAX_GRAPH_BYTES + 64 * 1024;

/** Body of a Copilot turn: the request, the canvas now, and the draft revision the canvas is based on. */
export const copilotTurnBody = z.object({
  message: z
    .string({ error: 'Write what the Copilot should do (message).' })
    .trim()
    .min(1, 'Write what the Copilot should do.')
    .max(
      COPILOT_LIMITS.maxMessageChars,
      `Keep the message to at most ${formatCount(COPILOT_LIMITS.maxMessageChars)} characters.`,
    ),
  graph: z.custom<unknown>((value) => value !== undefined, 'Send the canvas graph the request is about.'),
  revision: z.number().int().min(1),
});

/** Who answers a turn, as the `start` line names it. */
export type CopilotBy =
  | { kind: 'offline'; label: string }
  | { kind: 'model'; provider: string; model: string; label: string };

/** Why a turn ended without an answer, as the `error` line says it. */
export type CopilotFailureCode = CopilotError['code'] | 'internal';

/** One line of the turn's NDJSON stream. */
export type CopilotStreamLine =
  | { type: 'start'; userMessage: CopilotMessage; by: CopilotBy }
  | CopilotEvent
  | { type: 'message'; message: CopilotMessage }
  | { type: 'error'; code: CopilotFailureCode; message: string };

/** A turn whose request is checked and stored; `run` answers it, sending every line but `start`. */
export interface CopilotTurn {
  userMessage: CopilotMessage;
  by: CopilotBy;
  /** Runs the Copilot, stores its answer, and sends the lines; never throws. */
  run(send: (line: CopilotStreamLine) => void, signal: AbortSignal): Promise<void>;
}

/** Per-user turn counts: in Redis when the runtime shares state through it, else in this process. */
const turnLimiter = (runtime: Runtime) =>
  sharedWindowLimiter(runtime, { name: 'copilot-turns', windowSeconds: 60 });

/**
 * Starts a Copilot turn for an agent of the actor's workspace (editors): checks the body (message, the
 * canvas graph through the same checks as a saved draft, the revision), counts the turn against the
 * member's limit and stores the user's message. Nothing is stored or counted for a refused request.
 */
export async function startCopilotTurn(
  runtime: Runtime,
  actor: Actor,
  agentIdOrSlug: string,
  body: unknown,
): Promise<CopilotTurn> {
  requireRole(actor, 'editor');
  const agent = await getAgent(runtime, actor.workspaceId, agentIdOrSlug);
  const input = copilotTurnBody.parse(body);
  const { graph } = checkGraph(input.graph);
  if (input.revision > agent.draftRevision)
    throw new AppError(
      'bad_request',
      `revision: the draft is at revision ${agent.draftRevision}, so the canvas cannot be based on ${input.revision}.`,
      { field: 'revision' },
    );
  const limit = await (await turnLimiter(runtime)).hit(`user:${actor.user.id}`, COPILOT_TURNS_PER_MINUTE);
  if (!limit.ok)
    throw new AppError(
      'rate_limited',
      `The Copilot takes at most ${COPILOT_TURNS_PER_MINUTE} requests a minute; try again in ${limit.retryAfterSeconds} s.`,
      { retryAfterSeconds: limit.retryAfterSeconds },
    );
  const settings = await readCopilotSettings(runtime, actor.workspaceId);
  const history = await recentCopilotTurns(runtime, agent.id, COPILOT_HISTORY_TURNS);
  const userMessage = await storeCopilotMessage(runtime, {
    workspaceId: actor.workspaceId,
    agentId: agent.id,
    role: 'user',
    content: input.message,
    createdBy: actor.user.id,
  });
  const by: CopilotBy = settings
    ? { kind: 'model', provider: settings.provider, model: settings.model, label: copilotLabel(settings) }
    : { kind: 'offline', label: OFFLINE_COPILOT_LABEL };
  const turn = {
    runtime,
    actor,
    agentId: agent.id,
    message: input.message,
    graph,
    revision: input.revision,
    settings,
    history,
    author: { kind: by.kind, label: by.label },
  };
  return { userMessage, by, run: (send, signal) => answerTurn(turn, send, signal) };
}

/** What answering a turn needs, gathered when it started. */
interface TurnState {
  runtime: Runtime;
  actor: Actor;
  agentId: string;
  message: string;
  graph: Graph;
  revision: number;
  settings: CopilotModelSettings | null;
  history: CopilotMessage[];
  author: CopilotAuthor;
}

interface TurnFailure {
  code: CopilotFailureCode;
  message: string;
}

async function answerTurn(
  turn: TurnState,
  send: (line: CopilotStreamLine) => void,
  signal: AbortSignal,
): Promise<void> {
  const { runtime, actor } = turn;
  let content = '';
  let proposal: CopilotProposal | null = null;
  let failure: TurnFailure | undefined;
  try {
    const outcome = await runCopilot(turn, send, signal);
    content = outcome.content;
    proposal = proposalOf(turn, outcome);
  } catch (error) {
    failure = turnFailure(runtime, error, signal);
    content = failure.message;
  }
  let stored: CopilotMessage;
  try {
    stored = await storeCopilotMessage(runtime, {
      workspaceId: actor.workspaceId,
      agentId: turn.agentId,
      role: 'assistant',
      content,
      proposal,
      createdBy: actor.user.id,
    });
  } catch (error) {
    runtime.logger.error({ err: error, agentId: turn.agentId }, 'Storing a Copilot answer failed');
    send({ type: 'error', code: 'internal', message: 'The answer could not be saved. Ask again.' });
    return;
  }
  send({ type: 'message', message: stored });
  if (failure) send({ type: 'error', ...failure });
}

/** Runs the model the workspace chose, or the offline copilot over the built-in templates. */
async function runCopilot(
  turn: TurnState,
  send: (line: CopilotStreamLine) => void,
  signal: AbortSignal,
): Promise<CopilotOutcome> {
  const input: CopilotTurnInput = {
    message: turn.message,
    history: turn.history.map(historyEntry),
    graph: turn.graph,
    registry: defaultNodeRegistry,
    workspace: await copilotWorkspace(turn.runtime, turn.actor.workspaceId, turn.agentId),
    signal,
    onEvent: send,
  };
  if (!turn.settings) {
    const templates = agentTemplates().map(({ id, name, description, graph }) => ({
      id,
      name,
      description,
      graph,
    }));
    return runOfflineCopilot({ ...input, templates });
  }
  const model = await copilotModel(turn.runtime, turn.actor.workspaceId, turn.settings, signal);
  return runModelCopilot(model, input);
}

/**
 * The Copilot's model, built as a Model node's is (and an eval judge's): through an engine context of the
 * workspace, so the credential is decrypted there, the environment's key is the fallback, base URLs go
 * through the admin's network policy, and calls run on the model threads when they are on.
 */
async function copilotModel(
  runtime: Runtime,
  workspaceId: string,
  settings: CopilotModelSettings,
  signal: AbortSignal,
): Promise<ReturnType<LanguageModelFactory>> {
  const context = createEngineContext(runtime, { workspaceId, conversationId: 'copilot', signal });
  const credential = settings.credentialId ? await context.secrets.resolve(settings.credentialId) : undefined;
  if (settings.credentialId && !credential)
    throw new CopilotError(
      'provider_failed',
      `The Copilot's credential (${settings.credentialId}) does not exist anymore. Pick another in Settings → Copilot.`,
    );
  // createEngineContext always sets the factory; the type leaves it optional for callers that pass none.
  return context.languageModels!({ provider: settings.provider, model: settings.model }, credential);
}

/** An earlier turn as the model reads it: an answer says whether its proposal was taken. */
function historyEntry(message: CopilotMessage): { role: 'user' | 'assistant'; content: string } {
  const note =
    message.status === 'accepted'
      ? '\n\n[The user accepted this change.]'
      : message.status === 'rejected'
        ? '\n\n[The user rejected this change.]'
        : '';
  return { role: message.role, content: `${message.content}${note}` };
}

/**
 * The stored proposal of an outcome, or null when it changes nothing. The graph goes through the same
 * checks as a saved draft once more: the model writes config values, and one shaped like a key must not
 * be stored (or offered to the canvas) any more than a user could save it.
 */
function proposalOf(turn: TurnState, outcome: CopilotOutcome): CopilotProposal | null {
  if (!outcome.graph || outcome.edits.length === 0) return null;
  let graph: Graph;
  try {
    graph = checkGraph(outcome.graph).graph;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new CopilotError('invalid_proposal', `The proposed change was refused: ${error.message}`);
  }
  return {
    edits: outcome.edits,
    graph,
    changes: diffGraphs(turn.graph, graph),
    baseRevision: turn.revision,
    by: turn.author,
  };
}

/** What the user is told when a turn fails; unexpected errors are logged and named only as internal. */
function turnFailure(runtime: Runtime, error: unknown, signal: AbortSignal): TurnFailure {
  if (error instanceof CopilotError) return { code: error.code, message: error.message };
  if (signal.aborted)
    return { code: 'aborted', message: 'The request was stopped before the answer finished.' };
  if (error instanceof ProviderConfigError) {
    const message =
      error.code === 'missing_credential'
        ? `The Copilot's model (${error.provider}) needs an API key: choose a credential in Settings → Copilot.`
        : error.message;
    return { code: 'provider_failed', message };
  }
  // A credential that exists but does not open (engine-context turns it into an EngineError).
  if (error instanceof EngineError && error.code === 'credential_not_found')
    return { code: 'provider_failed', message: error.message };
  runtime.logger.error({ err: error }, 'A Copilot turn failed unexpectedly');
  return { code: 'internal', message: 'Something went wrong on the server. Ask again.' };
}
