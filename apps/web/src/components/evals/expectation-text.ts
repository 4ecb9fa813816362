import type { EvalCase, Expectation, JudgeModel } from '@agentry/engine/evals';
import type { EvalsT, EvalWords } from './words';

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
export function describeInput(input: EvalCase['input'], t: EvalsT): string {
  if (typeof input === 'string') return firstWords(input);
  return t('text.conversation', { count: input.length });
}

const quote = (text: string, maxChars = 40) => `“${firstWords(text, maxChars)}”`;
const quoteAll = (texts: string | readonly string[], t: EvalsT) =>
  (typeof texts === 'string' ? [texts] : texts).map((text) => quote(text)).join(t('text.separator'));
const plural = (texts: string | readonly string[]) => typeof texts !== 'string' && texts.length > 1;
const sensitive = (rule: string, caseSensitive: boolean | undefined, t: EvalsT) =>
  caseSensitive ? t('text.caseSensitive', { rule }) : rule;

/** A judge model as people name it: "openai gpt-5-mini". */
export function describeJudgeModel(model: JudgeModel): string {
  return model.model ? `${model.provider} ${model.model}` : model.provider;
}

/** One expectation as a short sentence for the cases table ("contains “refund”", "calls search_docs"). */
export function describeExpectation(e: Expectation, { t, format }: EvalWords): string {
  // Each kind has its own key, so `in` narrows the union to that kind.
  if ('contains' in e) {
    const texts = quoteAll(e.contains, t);
    const rule = plural(e.contains) ? t('text.containsAll', { texts }) : t('text.contains', { texts });
    return sensitive(rule, e.caseSensitive, t);
  }
  if ('notContains' in e) {
    const texts = quoteAll(e.notContains, t);
    const rule = plural(e.notContains) ? t('text.containsNone', { texts }) : t('text.notContains', { texts });
    return sensitive(rule, e.caseSensitive, t);
  }
  if ('equals' in e) return sensitive(t('text.equals', { text: quote(e.equals) }), e.caseSensitive, t);
  if ('regex' in e) return t('text.regex', { pattern: firstWords(e.regex, 40), flags: e.flags ?? '' });
  if ('jsonSchema' in e) {
    const required = e.jsonSchema.required;
    const names = Array.isArray(required) ? required.filter((item) => typeof item === 'string') : [];
    const shown = names.length > 4 ? [...names.slice(0, 4), '…'] : names;
    return names.length > 0
      ? t('text.jsonWith', { fields: shown.join(t('text.separator')) })
      : t('text.jsonValid');
  }
  if ('toolCalled' in e)
    return e.args && Object.keys(e.args).length > 0
      ? t('text.callsWith', { tool: e.toolCalled, args: firstWords(JSON.stringify(e.args), 40) })
      : t('text.calls', { tool: e.toolCalled });
  if ('toolNotCalled' in e) return t('text.notCalls', { tool: e.toolNotCalled });
  if ('branch' in e)
    return e.node
      ? t('text.branchAt', { branch: quote(e.branch), node: quote(e.node) })
      : t('text.branch', { branch: quote(e.branch) });
  if ('cites' in e) return e.cites === true ? t('text.citesAny') : t('text.cites', { text: quote(e.cites) });
  if ('maxLatencyMs' in e) return t('text.latency', { duration: format.duration(e.maxLatencyMs) });
  if ('maxTokens' in e) return t('text.tokens', { count: e.maxTokens });
  if ('maxCostUsd' in e) return t('text.cost', { cost: format.usd(e.maxCostUsd) });
  const rubric = firstWords(e.judge, 50);
  return e.model
    ? t('text.judgedBy', { rubric, model: describeJudgeModel(e.model) })
    : t('text.judged', { rubric });
}
