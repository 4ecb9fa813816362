import type { EvalsT } from '../words';

/** Why the run buttons are off, or null when they are on. */
export function runDisabledReason(canEdit: boolean, caseCount: number, t: EvalsT): string | null {
  if (!canEdit) return t('controls.viewer');
  if (caseCount === 0) return t('controls.noCases');
  return null;
}
