import type { EvalCase, Expectation, JudgeModel } from '@agentry/engine/evals';

/** The first words of a text on one line, cut with an ellipsis, for tables. */
export function firstWords(text: string, maxChars = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= maxChars) return line;
  const cut = line.slice(0, maxChars);
  // A cut that ends right before a space already ends on a whole word.
  const space = line[maxChars] === ' ' ? maxChars : cut.lastIndexOf(' ');
  // Cut at a word boundary unless the first word alone is longer than the room.
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What a case sends, in a few words: the message's start, or "conversation of N messages". */
export function describeInput(input: EvalCase['input']): string {
  if (typeof input === 'string') return firstWords(input);
  return `conversation of ${input.length} message${input.length === 1 ? '' : 's'}`;
}

const quote = (text: string, maxChars = 40) => `“${firstWords(text, maxChars)}”`;
const quoteAll = (texts: string | readonly string[]) =>
  (typeof texts === 'string' ? [texts] : texts).map((text) => quote(text)).join(', ');
const plural = (texts: string | readonly string[]) => typeof texts !== 'string' && texts.length > 1;
const sensitive = (caseSensitive: boolean | undefined) => (caseSensitive ? ' (case-sensitive)' : '');

/** A judge model as people name it: "openai gpt-5-mini". */
export function describeJudgeModel(model: JudgeModel): string {
  return model.model ? `${model.provider} ${model.model}` : model.provider;
}

/** A duration in ms as "800 ms" or "2.5 s". */
function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(2))} s`;
}

/** One expectation as a short sentence for the cases table ("contains “refund”", "calls search_docs"). */
export function describeExpectation(e: Expectation): string {
  // Each kind has its own key, so `in` narrows the union to that kind.
  if ('contains' in e)
    return `contains ${plural(e.contains) ? 'all of ' : ''}${quoteAll(e.contains)}${sensitive(e.caseSensitive)}`;
  if ('notContains' in e)
    return `${plural(e.notContains) ? 'contains none of' : 'does not contain'} ${quoteAll(e.notContains)}${sensitive(e.caseSensitive)}`;
  if ('equals' in e) return `equals ${quote(e.equals)}${sensitive(e.caseSensitive)}`;
  if ('regex' in e) return `matches /${firstWords(e.regex, 40)}/${e.flags ?? ''}`;
  if ('jsonSchema' in e) {
    const required = e.jsonSchema.required;
    const fields = Array.isArray(required) ? required.filter((item) => typeof item === 'string') : [];
    return fields.length > 0
      ? `is JSON with ${fields.slice(0, 4).join(', ')}${fields.length > 4 ? ', …' : ''}`
      : 'is JSON valid for the schema';
  }
  if ('toolCalled' in e)
    return e.args && Object.keys(e.args).length > 0
      ? `calls ${e.toolCalled} with ${firstWords(JSON.stringify(e.args), 40)}`
      : `calls ${e.toolCalled}`;
  if ('toolNotCalled' in e) return `does not call ${e.toolNotCalled}`;
  if ('branch' in e) return `takes branch ${quote(e.branch)}${e.node ? ` at ${quote(e.node)}` : ''}`;
  if ('cites' in e) return e.cites === true ? 'cites a source' : `cites ${quote(e.cites)}`;
  if ('maxLatencyMs' in e) return `answers within ${duration(e.maxLatencyMs)}`;
  if ('maxTokens' in e) return `uses at most ${e.maxTokens.toLocaleString('en-US')} tokens`;
  if ('maxCostUsd' in e) return `costs at most $${e.maxCostUsd}`;
  return `judged: ${firstWords(e.judge, 50)}${e.model ? ` (by ${describeJudgeModel(e.model)})` : ''}`;
}
