import type { CaseOutcome, Expectation } from './case-format';
import { sourcesListedIn } from './outcome';
import { quote, type Verdict } from './text-checks';

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/** At most this many calls are named in a failure message. */
const CALLS_SHOWN = 10;

function json(value: unknown, limit = 120): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** One expected argument: text is found inside the value (ignoring case), anything else is equal. */
function argumentMatches(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string') {
    if (typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean') return false;
    return String(actual).toLowerCase().includes(expected.toLowerCase());
  }
  return deepEqual(expected, actual);
}

function callsMade(outcome: CaseOutcome): string {
  if (outcome.toolCalls.length === 0) return 'no tools were called';
  const shown = outcome.toolCalls
    .slice(0, CALLS_SHOWN)
    .map((call) => `${call.toolName}(${json(call.input)})`);
  const more =
    outcome.toolCalls.length > CALLS_SHOWN ? ` and ${outcome.toolCalls.length - CALLS_SHOWN} more` : '';
  return `calls made: ${shown.join(', ')}${more}`;
}

/** `toolCalled`: some call of the tool had every given argument. */
export function checkToolCalled(expectation: Of<'toolCalled'>, outcome: CaseOutcome): Verdict {
  const calls = outcome.toolCalls.filter((call) => call.toolName === expectation.toolCalled);
  const { args } = expectation;
  const matching = args
    ? calls.filter((call) => {
        const input = (call.input ?? {}) as Record<string, unknown>;
        return Object.entries(args).every(([key, value]) => argumentMatches(value, input[key]));
      })
    : calls;
  const wanted = args ? `"${expectation.toolCalled}" with ${json(args)}` : `"${expectation.toolCalled}"`;
  if (matching.length > 0) return { passed: true, message: `Called ${wanted}.` };
  return { passed: false, message: `No call of ${wanted}; ${callsMade(outcome)}.` };
}

/** `toolNotCalled`: no call of the tool. */
export function checkToolNotCalled(expectation: Of<'toolNotCalled'>, outcome: CaseOutcome): Verdict {
  const count = outcome.toolCalls.filter((call) => call.toolName === expectation.toolNotCalled).length;
  if (count === 0) return { passed: true, message: `Did not call "${expectation.toolNotCalled}".` };
  return {
    passed: false,
    message: `Called "${expectation.toolNotCalled}" ${count === 1 ? 'once' : `${count} times`}, which it must not; ${callsMade(outcome)}.`,
  };
}

/** `branch`: a Condition node (any, or the one named by id or label) took the branch. */
export function checkBranch(expectation: Of<'branch'>, outcome: CaseOutcome): Verdict {
  const { node } = expectation;
  const taken = node
    ? outcome.branches.filter(
        (entry) => entry.nodeId === node || entry.label.toLowerCase() === node.toLowerCase(),
      )
    : outcome.branches;
  if (taken.some((entry) => entry.branch === expectation.branch)) {
    return { passed: true, message: `Took branch "${expectation.branch}"${node ? ` at "${node}"` : ''}.` };
  }
  if (taken.length === 0) {
    const which = node ? `No Condition node "${node}" ran` : 'No Condition node ran';
    return { passed: false, message: `${which}, so branch "${expectation.branch}" was not taken.` };
  }
  const seen = taken.map((entry) => `"${entry.branch}" at ${entry.label || entry.nodeId}`).join(', ');
  return { passed: false, message: `Expected branch "${expectation.branch}"; took ${seen}.` };
}

/** `[n]` markers of the answer outside its own source list. */
function citedNumbers(answer: string): number[] {
  const prose = answer
    .split('\n')
    .filter((line) => sourcesListedIn(line).length === 0)
    .join('\n');
  return [...new Set([...prose.matchAll(/\[(\d{1,4})\]/g)].map((match) => Number(match[1])))];
}

/** `cites`: the answer cites a source the run retrieved; with text, one whose document name contains it. */
export function checkCites(expectation: Of<'cites'>, outcome: CaseOutcome): Verdict {
  const sources = [...outcome.sources];
  for (const listed of sourcesListedIn(outcome.answer)) {
    if (!sources.some((s) => s.index === listed.index && s.documentName === listed.documentName))
      sources.push(listed);
  }
  const numbers = citedNumbers(outcome.answer);
  if (numbers.length === 0) return { passed: false, message: 'The answer cites no source (no [n] marker).' };
  const known = sources.map((source) => `[${source.index}] ${source.documentName}`).join(', ') || 'none';
  const cited = sources.filter((source) => numbers.includes(source.index));
  if (cited.length === 0) {
    return {
      passed: false,
      message: `The answer cites ${numbers.map((n) => `[${n}]`).join(', ')}, but the run retrieved no such source (sources: ${known}).`,
    };
  }
  const names = cited.map((source) => `[${source.index}] ${source.documentName}`).join(', ');
  if (expectation.cites === true) return { passed: true, message: `Cites ${names}.` };
  const wanted = expectation.cites.toLowerCase();
  if (cited.some((source) => source.documentName.toLowerCase().includes(wanted))) {
    return { passed: true, message: `Cites ${names}, matching ${quote(expectation.cites)}.` };
  }
  return {
    passed: false,
    message: `No cited source's document name contains ${quote(expectation.cites)} (cited: ${names}).`,
  };
}

/** `maxLatencyMs`: the run ended in time. */
export function checkLatency(expectation: Of<'maxLatencyMs'>, outcome: CaseOutcome): Verdict {
  const took = Math.round(outcome.latencyMs);
  const passed = outcome.latencyMs <= expectation.maxLatencyMs;
  return { passed, message: `Took ${took} ms (limit ${expectation.maxLatencyMs} ms).` };
}

/** `maxTokens`: input plus output tokens within the limit. */
export function checkTokens(expectation: Of<'maxTokens'>, outcome: CaseOutcome): Verdict {
  const total = outcome.tokens.input + outcome.tokens.output;
  return {
    passed: total <= expectation.maxTokens,
    message: `Used ${total} tokens (${outcome.tokens.input} in + ${outcome.tokens.output} out; limit ${expectation.maxTokens}).`,
  };
}

/** `maxCostUsd`: the run's known cost within the limit; an unknown cost fails. */
export function checkCost(expectation: Of<'maxCostUsd'>, outcome: CaseOutcome): Verdict {
  if (outcome.costUsd === undefined) {
    return {
      passed: false,
      message: `Cost unknown (a model without a known price), so it cannot be held under $${expectation.maxCostUsd}.`,
    };
  }
  return {
    passed: outcome.costUsd <= expectation.maxCostUsd,
    message: `Cost $${outcome.costUsd.toFixed(6)} (limit $${expectation.maxCostUsd}).`,
  };
}
