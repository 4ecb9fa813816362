import { Button } from '../ui';

/** The footer of a trigger's form: save (not when read-only), and cancel or close. */
export function TriggerFormActions({
  readOnly,
  saving,
  submitLabel,
  onCancel,
}: {
  readOnly: boolean;
  saving: boolean;
  submitLabel: string;
  onCancel: () => void;
}) {
  return (
    <div className="flex gap-2">
      {readOnly ? null : (
        <Button type="submit" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </Button>
      )}
      <Button variant="secondary" onClick={onCancel}>
        {readOnly ? 'Close' : 'Cancel'}
      </Button>
    </div>
  );
}
