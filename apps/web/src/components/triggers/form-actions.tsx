import { useTranslations } from 'next-intl';
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
  const t = useTranslations('common');
  return (
    <div className="flex gap-2">
      {readOnly ? null : (
        <Button type="submit" disabled={saving}>
          {saving ? t('saving') : submitLabel}
        </Button>
      )}
      <Button variant="secondary" onClick={onCancel}>
        {readOnly ? t('close') : t('cancel')}
      </Button>
    </div>
  );
}
