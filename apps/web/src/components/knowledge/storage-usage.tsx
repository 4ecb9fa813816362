import { ProgressBar } from './progress-bar';

/** "1.5 MB" for the page (the server's refusals use the same units). */
function megabytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

/**
 * The workspace's knowledge storage against its quota (AGENTRY_STORAGE_QUOTA_MB), so an uploader sees
 * the limit before an upload is refused for it.
 */
export function StorageUsage({ usedBytes, quotaBytes }: { usedBytes: number; quotaBytes: number | null }) {
  if (quotaBytes === null) {
    return (
      <p className="text-xs text-slate-500" data-testid="storage-usage">
        Storage: {megabytes(usedBytes)} of uploaded files in this workspace (no quota).
      </p>
    );
  }
  const percent = quotaBytes > 0 ? (usedBytes / quotaBytes) * 100 : 100;
  return (
    <div className="space-y-1" data-testid="storage-usage">
      <p className={`text-xs ${percent >= 90 ? 'text-red-700' : 'text-slate-500'}`}>
        Storage: {megabytes(usedBytes)} of {megabytes(quotaBytes)} used by this workspace's knowledge
        {percent >= 100 ? ' — full: remove documents to upload more.' : '.'}
      </p>
      <ProgressBar value={percent} label="Knowledge storage used" />
    </div>
  );
}
