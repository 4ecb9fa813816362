/** Why the run buttons are off, or null when they are on. */
export function runDisabledReason(canEdit: boolean, caseCount: number): string | null {
  if (!canEdit) return 'Running tests needs the editor role; you can read the results.';
  if (caseCount === 0)
    return 'Add a test case first: write one, import a file, or use “Save as test” in the preview.';
  return null;
}
