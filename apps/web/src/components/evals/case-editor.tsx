'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Dialog } from '../builder/dialog';
import { Button, ErrorNote, Field, Input } from '../ui';
import { type CaseDraft, caseToDraft, draftToCase, type StoredCase } from './case-draft';
import { CaseInputEditor } from './case-input-editor';
import { ExpectationsEditor } from './expectations-editor';
import { useEvalWords } from './words';

/** Errors without those of one area (the fields a change touched), so fixed fields stop showing theirs. */
function without(errors: Record<string, string>, prefixes: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).filter(
      ([key]) => !prefixes.some((prefix) => key === prefix || key.startsWith(`${prefix}.`)),
    ),
  );
}

/**
 * Writes or changes one test case in a dialog: name, input, expectations. The case is checked with the
 * format's schema before it is sent, each problem shown at its field. Viewers see it read-only.
 */
export function CaseEditor({
  agentId,
  stored,
  readOnly,
  onClose,
  onSaved,
}: {
  agentId: string;
  /** The case to change; none: a new case. */
  stored?: StoredCase;
  readOnly: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals.editor');
  const common = useTranslations('common');
  const words = useEvalWords();
  const save = useMutation(trpc.evals.saveCase.mutationOptions());
  const [draft, setDraft] = useState<CaseDraft>(() => caseToDraft(stored));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  const change = (next: CaseDraft, touched: readonly string[]) => {
    setDraft(next);
    setErrors((current) => without(current, touched));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (readOnly) return;
    const result = draftToCase(draft, words);
    if (result.errors) {
      setErrors(result.errors);
      // Bring the first problem into view: in a long case it may be far below the button.
      requestAnimationFrame(() =>
        form.current
          ?.querySelector('[role="alert"]')
          ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
      );
      return;
    }
    try {
      await save.mutateAsync({ agentId, ...(stored ? { id: stored.id } : {}), ...result.value });
      onSaved();
    } catch {
      // Shown below the form.
    }
  }

  const title = stored
    ? readOnly
      ? t('viewTitle', { name: stored.name })
      : t('editTitle', { name: stored.name })
    : t('newTitle');
  return (
    <Dialog title={title} onClose={onClose} wide>
      <form ref={form} onSubmit={submit} noValidate aria-label={title} className="space-y-6 p-4">
        <fieldset disabled={readOnly} className="space-y-6">
          <Field label={t('name')} error={errors.name}>
            <Input
              value={draft.name}
              maxLength={200}
              placeholder={t('namePlaceholder')}
              onChange={(event) => change({ ...draft, name: event.target.value }, ['name'])}
            />
          </Field>
          <CaseInputEditor
            draft={draft}
            errors={errors}
            readOnly={readOnly}
            onChange={(next) => change(next, ['input', 'messages'])}
          />
          <ExpectationsEditor
            value={draft.expectations}
            errors={errors}
            readOnly={readOnly}
            onChange={(expectations, changedIndex) =>
              // A removal shifts the indexes after it, so its errors are all dropped.
              change(
                { ...draft, expectations },
                changedIndex === undefined ? ['expect'] : [`expect.${changedIndex}`],
              )
            }
          />
        </fieldset>
        {errors.form ? <ErrorNote message={errors.form} /> : null}
        <ErrorNote message={save.error ? errorMessage(save.error) : null} />
        <div className="flex gap-2 border-t border-slate-200 pt-4">
          {readOnly ? null : (
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? common('saving') : stored ? t('saveCase') : t('addCase')}
            </Button>
          )}
          <Button variant="secondary" onClick={onClose}>
            {readOnly ? common('close') : common('cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
