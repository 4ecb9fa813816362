import { useTranslations } from 'next-intl';

/** The trigger that started a run, as the run history gets it. */
export interface RunTrigger {
  id: string;
  name: string;
  kind: string;
}

/** Where a run came from: the source, and for a triggered run the trigger's kind and name. */
export function RunSource({ source, trigger }: { source: string; trigger?: RunTrigger | null }) {
  const t = useTranslations('runs');
  if (!trigger) return <span className="text-xs text-slate-500">{t('source', { source })}</span>;
  return (
    <span className="text-xs text-slate-500" data-testid="run-trigger">
      {t.rich('trigger', {
        kind: trigger.kind,
        name: trigger.name,
        b: (chunks) => <span className="font-medium text-slate-700">{chunks}</span>,
      })}
    </span>
  );
}
