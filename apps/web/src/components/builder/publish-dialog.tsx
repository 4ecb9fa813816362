'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { Button } from '../ui';
import { useBuilder } from './builder-context';
import { Dialog } from './dialog';
import { PublishTestsNote } from './publish-tests-note';
import { usePublishCheck } from './use-publish-check';

/**
 * Publishes the draft as the next numbered version, with an optional note. It shows how the draft's tests
 * did and, when the agent requires passing tests and they do not pass, why Publish is off (the server
 * refuses such a publish too).
 */
export function PublishDialog({
  problemCount,
  onPublish,
  onClose,
}: {
  problemCount: number;
  onPublish: (note: string) => Promise<void>;
  onClose: () => void;
}) {
  const t = useTranslations('builder.publish');
  const common = useTranslations('common');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { agentId, flushSave } = useBuilder();
  const check = usePublishCheck(agentId, flushSave);
  const blocked = check.data?.blocked === true;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onPublish(note.trim());
      onClose();
    } catch (publishError) {
      setError((publishError as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog title={t('title')} onClose={onClose}>
      <form onSubmit={submit} className="space-y-3 p-4 text-sm">
        <p className="text-slate-600">{t('intro')}</p>
        <label className="block space-y-1">
          <span className="text-xs font-medium text-slate-700">{t('note')}</span>
          <textarea
            className="block w-full rounded-md border border-slate-300 px-2 py-1.5"
            rows={2}
            maxLength={500}
            value={note}
            placeholder={t('notePlaceholder')}
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
        <PublishTestsNote
          agentId={agentId}
          check={check.data}
          pending={check.isPending}
          error={check.error}
        />
        {problemCount > 0 ? (
          <p role="alert" className="text-red-700">
            {t('fixProblems', { count: problemCount })}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {common('cancel')}
          </Button>
          <Button type="submit" disabled={busy || problemCount > 0 || blocked}>
            {busy ? t('publishing') : t('submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
