import { EXPECTATION_KINDS, type ExpectationKind, expectationSchemas } from '@agentry/engine/evals';

/** The name of each kind in the editor (a record, so a kind added to the format fails the typecheck here). */
const LABELS: Record<ExpectationKind, string> = {
  contains: 'Contains',
  notContains: 'Does not contain',
  equals: 'Equals',
  regex: 'Matches a regular expression',
  jsonSchema: 'Is JSON matching a schema',
  toolCalled: 'Calls a tool',
  toolNotCalled: 'Does not call a tool',
  branch: 'Takes a branch',
  cites: 'Cites a source',
  maxLatencyMs: 'Answers in time',
  maxTokens: 'Uses few tokens',
  maxCostUsd: 'Costs little',
  judge: 'Judged by a model',
};

/** A kind as the "Add expectation" menu lists it: its name and what it checks (the format's own words). */
export interface ExpectationKindInfo {
  kind: ExpectationKind;
  label: string;
  description: string;
}

/** Every kind, in the format's order, with its name and description. */
export const EXPECTATION_KIND_INFO: readonly ExpectationKindInfo[] = EXPECTATION_KINDS.map((kind) => ({
  kind,
  label: LABELS[kind],
  description: expectationSchemas[kind].description ?? '',
}));

/** The name of a kind in the editor. */
export function kindLabel(kind: ExpectationKind): string {
  return LABELS[kind];
}
