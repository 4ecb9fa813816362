import { EXPECTATION_KINDS, type ExpectationKind } from '@agentry/engine/evals';
import type { EvalsT } from './words';

/** A kind as the "Add expectation" menu lists it: its name and what it checks. */
export interface ExpectationKindInfo {
  kind: ExpectationKind;
  label: string;
  description: string;
}

/**
 * Every kind, in the format's order, with its name and description from the catalog (`evals.kinds.<kind>`;
 * a kind added to the format without words there fails the typecheck here). The English descriptions are
 * the format's own (the schemas' `describe`).
 */
export function expectationKindInfo(t: EvalsT): ExpectationKindInfo[] {
  return EXPECTATION_KINDS.map((kind) => ({
    kind,
    label: kindLabel(kind, t),
    description: t(`kinds.${kind}.description`),
  }));
}

/** The name of a kind in the editor ("Contains"); the kind itself (`contains`) is the case file's word. */
export function kindLabel(kind: ExpectationKind, t: EvalsT): string {
  return t(`kinds.${kind}.label`);
}
