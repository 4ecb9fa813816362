'use client';

import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/format';
import { type Attachment, type ChatFilePart, FILE_URL_PREFIX, formatSize } from './attachments';
import { useUploadProblemText } from './preview-words';

/** Media types the download route shows inline (`?inline=1`); anything else is a download. */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

/** The composer's files: name, size and state, each with a remove button. */
export function AttachmentChips({
  files,
  onRemove,
}: {
  files: readonly Attachment[];
  onRemove: (key: string) => void;
}) {
  const t = useTranslations('preview.files');
  const format = useFormat();
  const problemText = useUploadProblemText();
  if (files.length === 0) return null;
  return (
    <ul aria-label={t('attached')} className="mb-2 flex flex-wrap gap-1.5">
      {files.map((file) => (
        <li
          key={file.key}
          data-status={file.status}
          className={`flex max-w-full items-center gap-1 rounded-md border px-2 py-1 text-xs ${
            file.status === 'failed'
              ? 'border-red-200 bg-red-50 text-red-800'
              : 'border-slate-200 bg-slate-50 text-slate-700'
          }`}
        >
          <span className="truncate font-medium">{file.name}</span>
          <span className="shrink-0 text-slate-500">{formatSize(file.size, format)}</span>
          {file.status === 'uploading' ? (
            <span role="status" className="shrink-0 text-slate-500">
              {t('uploading')}
            </span>
          ) : null}
          {file.status === 'failed' ? (
            <span role="alert">{t('refused', { reason: problemText(file.error) })}</span>
          ) : null}
          <button
            type="button"
            className="ml-1 shrink-0 rounded px-1 text-slate-500 hover:bg-slate-200"
            aria-label={t('remove', { name: file.name })}
            onClick={() => onRemove(file.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * A file the user sent: an image as a thumbnail, anything else as a chip with a download link, both
 * through the members-only download route (which never serves a file as a page).
 */
export function SentFile({ agentId, part }: { agentId: string; part: ChatFilePart }) {
  const t = useTranslations('preview.files');
  const format = useFormat();
  const id = part.url.startsWith(FILE_URL_PREFIX) ? part.url.slice(FILE_URL_PREFIX.length) : undefined;
  const href = id
    ? `/api/v1/agents/${encodeURIComponent(agentId)}/files/${encodeURIComponent(id)}`
    : undefined;
  const label =
    part.size !== undefined
      ? t('withSize', { name: part.filename, size: formatSize(part.size, format) })
      : part.filename;
  if (href && INLINE_IMAGES.has(part.mediaType))
    return (
      <a href={`${href}?inline=1`} target="_blank" rel="noreferrer" className="block">
        {/* biome-ignore lint/performance/noImgElement: a member-only file, not a static asset */}
        <img src={`${href}?inline=1`} alt={label} className="max-h-40 max-w-full rounded-md" />
      </a>
    );
  return href ? (
    <a href={href} download={part.filename} className="block text-xs underline">
      {`📎 ${label}`}
    </a>
  ) : (
    <span className="block text-xs">{`📎 ${label}`}</span>
  );
}
