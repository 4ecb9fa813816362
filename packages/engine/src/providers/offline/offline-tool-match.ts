import type { LanguageModelV4FunctionTool } from '@ai-sdk/provider';
import { evaluateExpression } from '../../tools/calculator';

type JsonSchema = LanguageModelV4FunctionTool['inputSchema'];

/** What the offline model found in the user's words that a tool could act on. */
export interface RequestFacts {
  text: string;
  words: ReadonlySet<string>;
  expression: string | undefined;
  url: string | undefined;
  asksTime: boolean;
  /** A question ("…?", or starting with what/how/why/…): worth looking up in a knowledge base. */
  isQuestion: boolean;
}

const TIME_WORDS = ['time', 'date', 'today', 'clock'];
const STOP_WORDS = new Set([
  'about',
  'after',
  'also',
  'from',
  'have',
  'into',
  'that',
  'their',
  'them',
  'then',
  'there',
  'these',
  'this',
  'tool',
  'what',
  'when',
  'where',
  'which',
  'with',
  'your',
  'given',
  'returns',
  'return',
  'using',
]);
const QUESTION_START = /^\s*(what|how|why|when|where|who|which|does|do|is|are|can|should|tell me)\b/i;
const FINISH_NAMES = new Set([
  'finish',
  'final_answer',
  'done',
  'complete',
  'submit',
  'finish_task',
  'task_complete',
]);

/** Reads the facts the tool matchers need from a user message (one pass over its words, no regex per token). */
export function readRequestFacts(text: string): RequestFacts {
  const words = new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9_]+/)
      .filter(Boolean),
  );
  return {
    text,
    words,
    expression: findArithmetic(text),
    url: findUrl(text),
    asksTime: TIME_WORDS.some((word) => words.has(word)),
    isQuestion: text.includes('?') || QUESTION_START.test(text),
  };
}

/** Whether a tool is the "I am done" tool of an autonomous agent. */
export function isFinishTool(tool: LanguageModelV4FunctionTool): boolean {
  return FINISH_NAMES.has(tool.name.toLowerCase());
}

/**
 * The offered tools that fit the request, best first. Calculator-, clock- and HTTP-like tools are picked
 * only when their trigger is present (an expression, a time question, a URL); a search or knowledge
 * tool is picked for a question none of those answer; any other tool when its name appears in the
 * message or at least two keywords of its description do.
 */
export function matchTools(
  tools: readonly LanguageModelV4FunctionTool[],
  facts: RequestFacts,
): LanguageModelV4FunctionTool[] {
  const matches: LanguageModelV4FunctionTool[] = [];
  const searches: LanguageModelV4FunctionTool[] = [];
  for (const tool of tools) {
    if (isFinishTool(tool)) continue;
    const kind = toolKind(tool);
    if (kind === 'calculator') {
      if (facts.expression !== undefined) matches.push(tool);
    } else if (kind === 'clock') {
      if (facts.asksTime) matches.push(tool);
    } else if (kind === 'http') {
      if (facts.url !== undefined) matches.push(tool);
    } else if (mentionsTool(tool, facts)) {
      matches.push(tool);
    } else if (kind === 'search' && facts.isQuestion) {
      searches.push(tool);
    }
  }
  return matches.length > 0 ? matches : searches;
}

function toolKind(tool: LanguageModelV4FunctionTool): 'calculator' | 'clock' | 'http' | 'search' | 'other' {
  const parts = tool.name.toLowerCase().split(/[^a-z0-9]+/);
  const has = (...names: string[]) => names.some((name) => parts.includes(name));
  if (has('calculator', 'calc', 'calculate', 'math')) return 'calculator';
  if (has('time', 'clock', 'date', 'now')) return 'clock';
  if (has('http', 'fetch', 'url')) return 'http';
  if (has('search', 'knowledge', 'retrieve', 'lookup', 'docs', 'documents', 'kb')) return 'search';
  return 'other';
}

function mentionsTool(tool: LanguageModelV4FunctionTool, facts: RequestFacts): boolean {
  const lowerText = facts.text.toLowerCase();
  const name = tool.name.toLowerCase();
  if (lowerText.includes(name) || lowerText.includes(name.replaceAll('_', ' ').replaceAll('-', ' ')))
    return true;
  let hits = 0;
  const seen = new Set<string>();
  for (const word of (tool.description ?? '').toLowerCase().split(/[^a-z0-9]+/)) {
    if (word.length < 4 || STOP_WORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    if (facts.words.has(word) && ++hits >= 2) return true;
  }
  return false;
}

/** Fills a tool's input from its JSON schema with what the request offers; `answer` fills text fields of a finish tool. */
export function buildToolInput(
  tool: LanguageModelV4FunctionTool,
  facts: RequestFacts,
  answer?: string,
): Record<string, unknown> {
  const schema = tool.inputSchema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema | boolean>;
  const required = new Set(schema.required ?? []);
  const input: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    const value = valueFor(key.toLowerCase(), typeof property === 'object' ? property : {}, facts, answer);
    if (value !== undefined && (required.has(key) || value.natural)) input[key] = value.value;
    else if (required.has(key))
      input[key] = fallbackValue(typeof property === 'object' ? property : {}, facts);
  }
  return input;
}

function valueFor(
  key: string,
  property: JsonSchema,
  facts: RequestFacts,
  answer: string | undefined,
): { value: unknown; natural: boolean } | undefined {
  if (property.type !== undefined && property.type !== 'string') return undefined;
  if (['expression', 'expr', 'formula', 'equation'].includes(key)) {
    return { value: facts.expression ?? facts.text, natural: true };
  }
  if (key.includes('url') || key === 'uri' || key === 'href' || key === 'link') {
    return facts.url === undefined ? undefined : { value: facts.url, natural: true };
  }
  if (key === 'method') return { value: 'GET', natural: false };
  if (answer !== undefined) return { value: answer, natural: true };
  if (
    ['query', 'question', 'q', 'search', 'text', 'input', 'prompt', 'message', 'topic', 'keywords'].includes(
      key,
    )
  ) {
    return { value: facts.text, natural: true };
  }
  return undefined;
}

function fallbackValue(property: JsonSchema, facts: RequestFacts): unknown {
  if (property.default !== undefined) return property.default;
  if (Array.isArray(property.enum) && property.enum.length > 0) return property.enum[0];
  switch (property.type) {
    case 'number':
    case 'integer':
      return property.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return facts.text;
  }
}

const EXPRESSION_CHARACTERS = new Set('0123456789.+-*/%^(),×÷ \t');
const EXPRESSION_WORDS = new Set([
  'sqrt',
  'abs',
  'round',
  'floor',
  'ceil',
  'min',
  'max',
  'pow',
  'log',
  'ln',
  'exp',
  'sin',
  'cos',
  'tan',
  'pi',
  'e',
]);

/**
 * The longest run of the message that the calculator accepts and that contains an operator or a
 * function call ("What is 12 * (3 + 4)?" gives "12 * (3 + 4)"). Dates like 2024-05-01 are skipped.
 */
export function findArithmetic(text: string): string | undefined {
  let best: string | undefined;
  let start = -1;
  const flush = (end: number) => {
    if (start < 0) return;
    const candidate = text
      .slice(start, end)
      .trim()
      .replace(/^[,).]+|[,(.]+$/g, '');
    start = -1;
    if (candidate.length <= (best?.length ?? 0) || !looksLikeArithmetic(candidate)) return;
    try {
      evaluateExpression(candidate);
      best = candidate;
    } catch {
      // Not an expression the calculator understands; keep looking.
    }
  };
  let index = 0;
  while (index < text.length) {
    const character = text[index]!;
    if (isLetter(character)) {
      let end = index;
      while (end < text.length && isLetter(text[end]!)) end++;
      if (EXPRESSION_WORDS.has(text.slice(index, end).toLowerCase())) {
        if (start < 0) start = index;
      } else {
        flush(index);
      }
      index = end;
      continue;
    }
    if (EXPRESSION_CHARACTERS.has(character)) {
      if (start < 0 && character !== ' ' && character !== '\t') start = index;
    } else {
      flush(index);
    }
    index++;
  }
  flush(text.length);
  return best;
}

function looksLikeArithmetic(candidate: string): boolean {
  if (!/\d/.test(candidate) || /^\d{4}-\d{2}-\d{2}$/.test(candidate)) return false;
  if (/[a-z]{2,}\s*\(/i.test(candidate)) return true;
  return /[\d)]\s*[-+*/%^×÷]\s*[-+(\d.a-z]/i.test(candidate);
}

function isLetter(character: string): boolean {
  const code = character.charCodeAt(0) | 0x20;
  return code >= 97 && code <= 122;
}

function findUrl(text: string): string | undefined {
  const start = text.search(/https?:\/\//i);
  if (start < 0) return undefined;
  let end = start;
  while (end < text.length && !/[\s"'<>`]/.test(text[end]!)) end++;
  return text.slice(start, end).replace(/[.,;:!?)\]]+$/, '');
}
