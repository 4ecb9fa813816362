/** Rule matching for the Condition node, with limits that keep regexes from stalling a run. */

/** How a branch compares the incoming text with its value. */
export type RuleOperator = 'contains' | 'equals' | 'starts_with' | 'regex';

/** One rule as configured. */
export interface Rule {
  operator: RuleOperator;
  value: string;
  caseSensitive: boolean;
}

/** Longest regex pattern accepted. */
export const MAX_PATTERN_LENGTH = 200;
/** Only the first characters of the text are tested against a regex. */
export const MAX_REGEX_INPUT = 10_000;

// A quantified group that itself contains a quantifier, e.g. (a+)+ or (\w*)*: the classic catastrophic backtracking shape.
const NESTED_QUANTIFIER = /\([^)]*[+*}?][^)]*\)\s*[+*{]/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/** Why a regex pattern is refused, or undefined when it is acceptable. */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `Keep regular expressions under ${MAX_PATTERN_LENGTH} characters.`;
  if (NESTED_QUANTIFIER.test(pattern))
    return 'Nested repetition such as (a+)+ can take forever; simplify the pattern.';
  if (BACKREFERENCE.test(pattern)) return 'Back-references are not allowed in conditions.';
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    return `Not a valid regular expression: ${(error as Error).message}`;
  }
}

const compiled = new Map<string, RegExp>();

function regexFor(pattern: string, caseSensitive: boolean): RegExp {
  const key = `${caseSensitive ? 's' : 'i'}:${pattern}`;
  let regex = compiled.get(key);
  if (!regex) {
    regex = new RegExp(pattern, caseSensitive ? 'u' : 'iu');
    if (compiled.size > 1000) compiled.clear();
    compiled.set(key, regex);
  }
  return regex;
}

/** Whether the text satisfies a rule. */
export function matchesRule(text: string, rule: Rule): boolean {
  if (rule.operator === 'regex')
    return regexFor(rule.value, rule.caseSensitive).test(text.slice(0, MAX_REGEX_INPUT));
  const subject = rule.caseSensitive ? text : text.toLowerCase();
  const value = rule.caseSensitive ? rule.value : rule.value.toLowerCase();
  if (rule.operator === 'equals') return subject.trim() === value.trim();
  if (rule.operator === 'starts_with') return subject.trimStart().startsWith(value);
  return subject.includes(value);
}
