import type { EngineEvent } from '../runtime/events';
import type { CaseOutcome } from './case-format';

/** At most this many sources are read from one tool result (a runaway tool cannot flood the outcome). */
const MAX_SOURCES_PER_RESULT = 50;

/** A source line an answer lists itself: `[1] handbook.md — Refunds: …` or `- [1] handbook.md`. */
const SOURCE_LINE = /^[ \t]*(?:[-*][ \t]+)?\[(\d{1,4})\][ \t]+(\S[^\n]*)$/gm;

/** The document name of a listed source line: the text before " — " or ": " (the heading or excerpt). */
function listedName(rest: string): string {
  const cut = rest.search(/ — |: /);
  return (cut > 0 ? rest.slice(0, cut) : rest).trim();
}

/**
 * Sources the answer lists on lines of their own, as a Knowledge node's formatted sources read when it
 * feeds a Prompt: the answer shows them to the reader, so they count as retrieved.
 */
export function sourcesListedIn(answer: string): CaseOutcome['sources'] {
  const sources: CaseOutcome['sources'] = [];
  for (const match of answer.matchAll(SOURCE_LINE)) {
    sources.push({ index: Number(match[1]), documentName: listedName(match[2] ?? '') });
  }
  return sources;
}

/** The numbered sources of a knowledge tool's result (`{ sources: [{ index, documentName }] }`). */
function sourcesOfToolOutput(output: unknown): CaseOutcome['sources'] {
  const list = (output as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(list)) return [];
  const sources: CaseOutcome['sources'] = [];
  for (const item of list.slice(0, MAX_SOURCES_PER_RESULT)) {
    const source = item as Record<string, unknown> | null;
    if (typeof source?.documentName !== 'string' || typeof source.index !== 'number') continue;
    sources.push({ index: source.index, documentName: source.documentName });
  }
  return sources;
}

/** Adds sources not seen yet (same number and document). */
function addSources(into: CaseOutcome['sources'], sources: CaseOutcome['sources']): void {
  for (const source of sources) {
    const seen = into.some(
      (known) => known.index === source.index && known.documentName === source.documentName,
    );
    if (!seen) into.push(source);
  }
}

/**
 * What a run did, as the expectations read it: its answer, tool calls, branches, sources and usage,
 * from the engine's events. `latencyMs` is measured by the host (it knows when it started the run);
 * `costUsd` too, when it knows the prices of every model used.
 */
export function outcomeFromEvents(
  events: readonly EngineEvent[],
  options: { latencyMs: number; costUsd?: number },
): CaseOutcome {
  const outcome: CaseOutcome = {
    status: 'failed',
    answer: '',
    toolCalls: [],
    branches: [],
    sources: [],
    latencyMs: options.latencyMs,
    tokens: { input: 0, output: 0 },
    costUsd: options.costUsd,
  };
  const labels = new Map<string, string>();
  let ended = false;
  for (const event of events) {
    switch (event.type) {
      case 'node-start':
        labels.set(event.nodeId, event.label);
        break;
      case 'node-end':
        if (event.branch !== undefined) {
          const label = labels.get(event.nodeId) ?? event.nodeId;
          outcome.branches.push({ nodeId: event.nodeId, label, branch: event.branch });
        }
        break;
      case 'tool-call':
        outcome.toolCalls.push({ toolName: event.toolName, input: event.input });
        break;
      case 'tool-result':
        if (!event.isError) addSources(outcome.sources, sourcesOfToolOutput(event.output));
        break;
      case 'run-end':
        ended = true;
        outcome.status = 'done';
        outcome.answer = event.answer;
        outcome.tokens = { input: event.usage.inputTokens, output: event.usage.outputTokens };
        break;
      case 'run-error':
        ended = true;
        outcome.status = 'failed';
        outcome.answer = event.partialAnswer;
        outcome.error = event.message;
        outcome.tokens = { input: event.usage.inputTokens, output: event.usage.outputTokens };
        break;
      case 'run-waiting':
        ended = true;
        outcome.status = 'waiting';
        outcome.error = `The run is waiting for a person: ${event.request.message}`;
        outcome.tokens = { input: event.usage.inputTokens, output: event.usage.outputTokens };
        break;
      default:
        break;
    }
  }
  if (!ended) outcome.error = 'The run ended without an answer, an error or a question.';
  addSources(outcome.sources, sourcesListedIn(outcome.answer));
  return outcome;
}
