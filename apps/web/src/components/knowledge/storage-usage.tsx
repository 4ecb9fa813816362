import { useTranslations } from 'next-intl';
import { type Format, useFormat } from '@/i18n/format';
import { ProgressBar } from './progress-bar';

/** "1.5 MB" for the page (the server's refusals use the same units). */
function megabytes(bytes: number, format: Format): string {
  if (bytes >= 1024 * 1024) return `${format.number(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
  return `${format.number(Math.round(bytes / 1024))} KB`;
}

/**
 * The workspace's knowledge storage against its quota (AGENTRY_STORAGE_QUOTA_MB), so an uploader sees
 * the limit before an upload is refused for it.
 */
export function StorageUsage({ usedBytes, quotaBytes }: { usedBytes: number; quotaBytes: number | null }) {
  const t = useTranslations('knowledge.storage');
  const format = useFormat();
  if (quotaBytes === null) {
    return (
      <p className="text-xs text-slate-500" data-testid="storage-usage">
        {t('noQuota', { used: megabytes(usedBytes, format) })}
      </p>
    );
  }
  const percent = quotaBytes > 0 ? (usedBytes / quotaBytes) * 100 : 100;
  return (
    <div className="space-y-1" data-testid="storage-usage">
      <p className={`text-xs ${percent >= 90 ? 'text-red-700' : 'text-slate-500'}`}>
        {t(percent >= 100 ? 'full' : 'used', {
          used: megabytes(usedBytes, format),
          quota: megabytes(quotaBytes, format),
        })}
      </p>
      <ProgressBar value={percent} label={t('label')} />
    </div>
  );
}
