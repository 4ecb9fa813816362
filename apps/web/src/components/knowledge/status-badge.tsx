import { useTranslations } from 'next-intl';

const STYLES: Record<string, string> = {
  queued: 'bg-slate-100 text-slate-700',
  processing: 'bg-amber-100 text-amber-800',
  ready: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-red-100 text-red-700',
};

/** A document's state: queued, processing, ready or failed. */
export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations('knowledge.documents');
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status] ?? STYLES.queued}`}>
      {t('status', { status })}
    </span>
  );
}
