'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type DragEvent, type FormEvent, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Field, Input } from '../ui';

interface Refusal {
  name: string;
  reason: string;
}

/** Adds documents: files (picked or dropped, sent as one multipart upload) or pasted text. */
export function UploadPanel({
  knowledgeBaseId,
  extensions,
  maxFileSize,
  onAdded,
}: {
  knowledgeBaseId: string;
  extensions: readonly string[];
  maxFileSize: string;
  onAdded: () => void;
}) {
  const t = useTranslations('knowledge.upload');
  const tCommon = useTranslations('common');
  const trpc = useTRPC();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [refused, setRefused] = useState<Refusal[]>([]);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [pasting, setPasting] = useState(false);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const addText = useMutation(trpc.knowledge.addText.mutationOptions({ onSuccess: onAdded }));

  async function upload(files: FileList | File[]) {
    const list = [...files];
    if (list.length === 0) return;
    setUploading(true);
    setRefused([]);
    setUploadError(null);
    const form = new FormData();
    for (const file of list) form.append('file', file, file.name);
    try {
      const response = await fetch(`/api/knowledge/${knowledgeBaseId}/documents`, {
        method: 'POST',
        body: form,
      });
      const body = (await response.json().catch(() => ({}))) as {
        refused?: Refusal[];
        error?: { message: string };
      };
      setRefused(body.refused ?? []);
      if (!response.ok && !body.refused?.length)
        setUploadError(body.error?.message ?? t('failedStatus', { status: response.status }));
      onAdded();
    } catch (error) {
      setUploadError(error instanceof Error ? error.message : t('failed'));
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void upload(event.dataTransfer.files);
  }

  async function submitText(event: FormEvent) {
    event.preventDefault();
    try {
      await addText.mutateAsync({ id: knowledgeBaseId, name: title || undefined, text });
      setText('');
      setTitle('');
      setPasting(false);
    } catch {
      // Shown below.
    }
  }

  return (
    <Card className="p-4">
      <section
        aria-label={t('label')}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`rounded-md border-2 border-dashed px-4 py-6 text-center ${dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300'}`}
      >
        <p className="text-sm text-slate-700">
          {t.rich('drop', {
            choose: (chunks) => (
              <label className="cursor-pointer font-medium text-brand-700 underline">
                {chunks}
                <input
                  ref={input}
                  type="file"
                  multiple
                  accept={extensions.join(',')}
                  className="sr-only"
                  aria-label={t('uploadLabel')}
                  onChange={(event) => event.target.files && void upload(event.target.files)}
                />
              </label>
            ),
          })}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {t('limits', { extensions: extensions.join(', '), size: maxFileSize })}
        </p>
        {uploading ? (
          <p className="mt-2 text-sm text-slate-600" aria-live="polite">
            {t('uploading')}
          </p>
        ) : null}
      </section>
      <div className="mt-3 space-y-2">
        <ErrorNote message={uploadError} />
        {refused.length > 0 ? (
          <ul
            role="alert"
            className="space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            {refused.map((file) => (
              <li key={`${file.name}:${file.reason}`}>
                {t.rich('refused', {
                  name: file.name,
                  reason: file.reason,
                  b: (chunks) => <strong>{chunks}</strong>,
                })}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {pasting ? (
        <form onSubmit={submitText} className="mt-4 space-y-3" aria-label={t('pasteLabel')}>
          <Field label={t('title')}>
            <Input
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              placeholder={t('titlePlaceholder')}
            />
          </Field>
          <Field label={t('text')} hint={t('textHint')}>
            <textarea
              value={text}
              onChange={(event) => setText(event.target.value)}
              rows={8}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
            />
          </Field>
          <ErrorNote message={addText.error ? errorMessage(addText.error) : null} />
          <div className="flex gap-2">
            <Button type="submit" disabled={addText.isPending || !text.trim()}>
              {t('addText')}
            </Button>
            <Button variant="ghost" onClick={() => setPasting(false)}>
              {tCommon('cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" className="mt-3" onClick={() => setPasting(true)}>
          {t('paste')}
        </Button>
      )}
    </Card>
  );
}
