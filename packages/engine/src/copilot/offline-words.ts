/** Reading a request without a model: words, a small synonym table, and the requests it recognises. */

const STOP_WORDS = new Set(
  'a an the and or but that which who whom this these those it its it’s is are be been was were to of in on at by for from with without into onto our my your their me we you i he she they them us can could should would will shall may might do does did please just also then than so as any some every each all before after about when while if make build create add want need like one'.split(
    ' ',
  ),
);

/** Capabilities a request or a template can have; each is a node type, or a kind of graph. */
export type Concept =
  | 'memory'
  | 'knowledge'
  | 'human-approval'
  | 'condition'
  | 'translator'
  | 'autonomous'
  | 'http-request-tool'
  | 'calculator-tool'
  | 'current-time-tool'
  | 'code-tool'
  | 'mcp-tools'
  | 'agent-tool';

/** Concepts that are tool node types. */
export const TOOL_CONCEPTS: ReadonlySet<Concept> = new Set<Concept>([
  'http-request-tool',
  'calculator-tool',
  'current-time-tool',
  'code-tool',
  'mcp-tools',
  'agent-tool',
  'knowledge',
]);

/** Concepts that are node types: a template or a graph has them when it holds such a node. */
export const NODE_CONCEPTS: ReadonlySet<Concept> = new Set<Concept>([
  ...TOOL_CONCEPTS,
  'memory',
  'human-approval',
  'condition',
]);

/** Capabilities the offline copilot can add to any graph later, so a template lacking them loses less. */
export const EASY_TO_ADD: ReadonlySet<Concept> = new Set<Concept>([
  'memory',
  'calculator-tool',
  'http-request-tool',
  'current-time-tool',
  'code-tool',
]);

/** Words (already stemmed) that name a concept. */
const SYNONYMS: Record<string, Concept> = {
  remember: 'memory',
  memory: 'memory',
  history: 'memory',
  recall: 'memory',
  doc: 'knowledge',
  document: 'knowledge',
  knowledge: 'knowledge',
  faq: 'knowledge',
  manual: 'knowledge',
  handbook: 'knowledge',
  wiki: 'knowledge',
  pdf: 'knowledge',
  approve: 'human-approval',
  approval: 'human-approval',
  person: 'human-approval',
  human: 'human-approval',
  operator: 'human-approval',
  refund: 'human-approval',
  review: 'human-approval',
  translate: 'translator',
  translator: 'translator',
  translation: 'translator',
  route: 'condition',
  router: 'condition',
  routing: 'condition',
  classify: 'condition',
  branch: 'condition',
  triage: 'condition',
  autonomous: 'autonomous',
  goal: 'autonomous',
  api: 'http-request-tool',
  http: 'http-request-tool',
  web: 'http-request-tool',
  fetch: 'http-request-tool',
  url: 'http-request-tool',
  website: 'http-request-tool',
  calculator: 'calculator-tool',
  calculate: 'calculator-tool',
  math: 'calculator-tool',
  arithmetic: 'calculator-tool',
  time: 'current-time-tool',
  date: 'current-time-tool',
  clock: 'current-time-tool',
  today: 'current-time-tool',
  code: 'code-tool',
  javascript: 'code-tool',
  script: 'code-tool',
  mcp: 'mcp-tools',
  delegate: 'agent-tool',
};

/** Phrases that name a concept where single words would not. */
const PHRASES: [RegExp, Concept][] = [
  [/\banswers? (?:questions? )?(?:from|using|based on)\b/, 'knowledge'],
  [/\bknowledge ?base\b/, 'knowledge'],
  [/\b(?:another|other) agents?\b|\bagent as (?:a )?tool\b/, 'agent-tool'],
  [/\bmodel context protocol\b/, 'mcp-tools'],
  [/\b(?:current|local) time\b/, 'current-time-tool'],
];

/** A word reduced to a stem that ignores plural and verb endings: "remembers" → "remember". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith('ed'))
    return word.slice(0, -1).endsWith('e') ? word.slice(0, -1) : word.slice(0, -2);
  return word;
}

/** The meaningful words of a text, lowercased and stemmed. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}

/** The concepts a text names. */
export function conceptsIn(text: string): Set<Concept> {
  const lower = text.toLowerCase();
  const found = new Set<Concept>();
  const words = contentWords(lower);
  for (const word of words) {
    const concept = SYNONYMS[word];
    if (concept) found.add(concept);
  }
  for (const [pattern, concept] of PHRASES) if (pattern.test(lower)) found.add(concept);
  // "tools" alone means the general-purpose one; "a calculator tool" means the calculator only.
  if (words.includes('tool') && ![...found].some((concept) => TOOL_CONCEPTS.has(concept))) {
    found.add('http-request-tool');
  }
  return found;
}

const LANGUAGES: Record<string, string> = {
  arabic: 'Arabic',
  chinese: 'Chinese',
  mandarin: 'Chinese',
  czech: 'Czech',
  danish: 'Danish',
  dutch: 'Dutch',
  english: 'English',
  finnish: 'Finnish',
  french: 'French',
  german: 'German',
  greek: 'Greek',
  hebrew: 'Hebrew',
  hindi: 'Hindi',
  indonesian: 'Indonesian',
  italian: 'Italian',
  japanese: 'Japanese',
  korean: 'Korean',
  norwegian: 'Norwegian',
  polish: 'Polish',
  portuguese: 'Portuguese',
  russian: 'Russian',
  spanish: 'Spanish',
  swedish: 'Swedish',
  thai: 'Thai',
  turkish: 'Turkish',
  ukrainian: 'Ukrainian',
  vietnamese: 'Vietnamese',
  中文: 'Chinese',
};

/** The language a request asks answers in ("make it answer in Chinese", "reply in French"), if any. */
export function requestedLanguage(text: string): string | undefined {
  const lower = text.toLowerCase();
  const asked = /\b(?:answer|respond|reply|speak|write|talk|chat)\w*\b[^.?!]*?\bin ([\p{L}]+)/u.exec(lower);
  const name = asked?.[1] ?? /(?:^|\s)(?:in )?(中文)/u.exec(lower)?.[1];
  return name ? LANGUAGES[name] : undefined;
}

/** What a request asks of the offline copilot, in the order it is checked. */
export type OfflineIntent = 'explain' | 'fix' | 'remove' | 'change' | 'build' | 'unknown';

const EXPLAIN =
  /\b(?:explain|describe|walk me through|what does (?:this|it|the \w+) do|how does (?:this|it|the \w+) work|why (?:does|did|is|do) (?:this|it|the \w+)\b[^?]*\b(?:fail|work|break|error|wrong)|what(?:'s| is) wrong)/;
const FIX = /\b(?:fix|repair|resolve)\b/;
const REMOVE = /\b(?:remove|delete|drop|get rid of)\b/;
const BUILD = /\b(?:build|create|make|bot|chatbot|assistant|agent|app)\b/;

/** Whether a request asks for an agent in general words ("build an assistant", "a bot"). */
export function asksToBuild(text: string): boolean {
  return BUILD.test(text.toLowerCase());
}

/** Sorts a request into what the offline copilot can do with it. */
export function offlineIntent(text: string, blankCanvas: boolean): OfflineIntent {
  const lower = text.toLowerCase();
  if (EXPLAIN.test(lower)) return 'explain';
  if (FIX.test(lower)) return 'fix';
  if (blankCanvas) return 'build';
  if (REMOVE.test(lower)) return 'remove';
  if (conceptsIn(lower).size > 0 || requestedLanguage(lower)) return 'change';
  return 'unknown';
}
