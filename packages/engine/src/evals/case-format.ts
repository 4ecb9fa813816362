import { z } from 'zod';

/**
 * The test-case format of Agentry evals: one JSON object a line in a `.jsonl` file, the same objects the
 * Tests tab stores, exports and imports. An expectation is an object named by its kind
 * (`{ "contains": "refund" }`), so a case file reads like a list of assertions.
 */

/** Limits that keep one case file or one case from exhausting a server or a terminal. */
export const EVAL_LIMITS = {
  maxCases: 1_000,
  maxNameLength: 200,
  maxMessageLength: 20_000,
  maxMessages: 50,
  maxExpectations: 30,
  maxTextLength: 5_000,
  /** Cases of one eval run at the same time. */
  maxConcurrency: 10,
  /** A case file larger than this is refused before it is read. */
  maxFileBytes: 5 * 1024 * 1024,
} as const;

const text = z.string().max(EVAL_LIMITS.maxTextLength);
const texts = z.union([text, z.array(text).min(1).max(20)]);
const caseSensitive = z.boolean().optional().describe('Compare letter case too (default: ignore case).');

/** A message of a conversation input. */
export const evalMessageSchema = z.object({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string().max(EVAL_LIMITS.maxMessageLength),
});

/**
 * What the case sends: one message, or a short conversation whose last message is the user's turn the
 * agent answers (the earlier ones are its history).
 */
export const evalInputSchema = z.union([
  z.string().min(1).max(EVAL_LIMITS.maxMessageLength),
  z
    .array(evalMessageSchema)
    .min(1)
    .max(EVAL_LIMITS.maxMessages)
    .refine(
      (messages) => messages.at(-1)?.role === 'user',
      'The last message must be the user’s (role "user").',
    ),
]);

/** A model named for the judge: a provider, a model, and optionally a stored credential (by id). */
export const judgeModelSchema = z.object({
  provider: z.string().min(1).max(50),
  model: z.string().max(200).default(''),
  credentialId: z.string().max(200).optional(),
});

/** The expectation kinds; each is an object whose one required key names the kind. */
export const expectationSchemas = {
  contains: z
    .strictObject({ contains: texts, caseSensitive })
    .describe('The answer contains the text (each one, for a list).'),
  notContains: z
    .strictObject({ notContains: texts, caseSensitive })
    .describe('The answer contains none of the texts.'),
  equals: z
    .strictObject({ equals: text, caseSensitive })
    .describe('The answer, trimmed, is exactly the text.'),
  regex: z
    .strictObject({
      regex: z.string().min(1).max(1_000),
      flags: z
        .string()
        .regex(/^[imsu]*$/)
        .optional(),
    })
    .describe('The answer matches the regular expression (JavaScript syntax).'),
  jsonSchema: z
    .strictObject({ jsonSchema: z.record(z.string(), z.unknown()) })
    .describe('The answer is JSON (a ```json fence is allowed) valid for the JSON Schema.'),
  toolCalled: z
    .strictObject({
      toolCalled: z.string().min(1).max(200),
      args: z
        .record(z.string(), z.unknown())
        .optional()
        .describe(
          'Arguments the call must have: equal values, or for text, containing the text (ignoring case).',
        ),
    })
    .describe('An agent called this tool during the run.'),
  toolNotCalled: z
    .strictObject({ toolNotCalled: z.string().min(1).max(200) })
    .describe('No agent called this tool.'),
  branch: z
    .strictObject({
      branch: z.string().min(1).max(40),
      node: z
        .string()
        .max(200)
        .optional()
        .describe('The Condition node (id or label), when the graph has several.'),
    })
    .describe('A Condition node sent the run down this branch.'),
  cites: z
    .strictObject({
      cites: z.union([z.literal(true), text.min(1)]),
    })
    .describe(
      'The answer cites a knowledge source ([n]); with a text, a source whose document name contains it.',
    ),
  maxLatencyMs: z
    .strictObject({ maxLatencyMs: z.number().int().positive() })
    .describe('The run ends within N ms.'),
  maxTokens: z
    .strictObject({ maxTokens: z.number().int().positive() })
    .describe('The run uses at most N tokens (input + output).'),
  maxCostUsd: z
    .strictObject({ maxCostUsd: z.number().positive() })
    .describe('The run costs at most this many US dollars (known prices only).'),
  judge: z
    .strictObject({
      judge: z.string().min(1).max(EVAL_LIMITS.maxTextLength).describe('The rubric the answer must satisfy.'),
      model: judgeModelSchema
        .optional()
        .describe('Judge with this model; default: the eval run’s judge model.'),
    })
    .describe('A model judges the answer against the rubric: pass or fail, with its reason.'),
} as const;

/** The name of an expectation kind. */
export type ExpectationKind = keyof typeof expectationSchemas;
/** Every kind, in the order the editor offers them. */
export const EXPECTATION_KINDS = Object.keys(expectationSchemas) as ExpectationKind[];

/** One expectation; which kind it is, is the key it has. */
export const expectationSchema = z.union(
  Object.values(expectationSchemas) as unknown as readonly [
    (typeof expectationSchemas)[ExpectationKind],
    ...(typeof expectationSchemas)[ExpectationKind][],
  ],
);
/** One expectation, as parsed. */
export type Expectation = {
  [K in ExpectationKind]: z.output<(typeof expectationSchemas)[K]>;
}[ExpectationKind];

/** One test case: a name, an input, and what the answer must satisfy. */
export const evalCaseSchema = z
  .object({
    name: z.string().trim().min(1).max(EVAL_LIMITS.maxNameLength),
    input: evalInputSchema,
    expect: z.array(expectationSchema).max(EVAL_LIMITS.maxExpectations).default([]),
  })
  .meta({
    title: 'Agentry eval case',
    description: 'One test case of an Agentry agent: one JSON object a line in a .jsonl case file.',
  });
/** A case as written (expect may be omitted). */
export type EvalCaseInput = z.input<typeof evalCaseSchema>;
/** A case after parsing. */
export type EvalCase = z.output<typeof evalCaseSchema>;
/** A message of a conversation input. */
export type EvalMessage = z.output<typeof evalMessageSchema>;
/** A judge model reference. */
export type JudgeModel = z.output<typeof judgeModelSchema>;

/** The kind of an expectation: the key that names it. */
export function expectationKind(expectation: Expectation): ExpectationKind {
  for (const kind of EXPECTATION_KINDS) if (kind in expectation) return kind;
  throw new Error(`Not an expectation: ${JSON.stringify(expectation)}`);
}

/** The JSON Schema of one case (a line of a case file), served at `/api/v1/schema/eval-case.json`. */
export function evalCaseJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(evalCaseSchema, { io: 'input' }) as Record<string, unknown>;
}

/** The message the agent answers and the history before it. */
export function caseTurn(input: EvalCase['input']): { message: string; history: EvalMessage[] } {
  if (typeof input === 'string') return { message: input, history: [] };
  const last = input.at(-1);
  return { message: last?.content ?? '', history: input.slice(0, -1) };
}

/** What a run did, as the expectations read it (built from the engine's events). */
export interface CaseOutcome {
  status: 'done' | 'failed' | 'waiting';
  answer: string;
  /** Why it failed (run-error message), when it did. */
  error?: string;
  toolCalls: { toolName: string; input: unknown }[];
  /** Branches Condition nodes took: node id, its label, the branch id. */
  branches: { nodeId: string; label: string; branch: string }[];
  /** Knowledge sources the run retrieved (tool results and Knowledge nodes), numbered as the answer cites them. */
  sources: { index: number; documentName: string }[];
  latencyMs: number;
  tokens: { input: number; output: number };
  /** US dollars, when every model it used has a known price; undefined otherwise. */
  costUsd?: number;
}

/** How one expectation came out. */
export interface ExpectationResult {
  kind: ExpectationKind;
  passed: boolean;
  /** Why it passed or failed, in a sentence a person reads in the results table or a JUnit report. */
  message: string;
  /** For `judge`: the judge's own reason, and who judged (a model name, or the offline judge). */
  judge?: { reason: string; by: string; offline: boolean };
}

/** How one case came out. */
export interface CaseResult {
  name: string;
  passed: boolean;
  /** The case could not run at all (bad graph, provider error before any answer, …). */
  error?: string;
  expectations: ExpectationResult[];
  outcome: CaseOutcome;
  /** The run it produced, when the host records runs. */
  runId?: string;
}
