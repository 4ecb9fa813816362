'use client';

import { EVAL_LIMITS, type EvalMessage } from '@agentry/engine/evals';
import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { Button, Field, Select } from '../ui';
import { type CaseDraft, switchInputMode } from './case-draft';
import { Textarea } from './textarea';

/** The roles a message of a conversation may have (their names are in `evals.input.roles`). */
const ROLES: readonly EvalMessage['role'][] = ['user', 'assistant', 'system'];

/** What a case sends: one message, or a conversation (rows of role and text) whose last row is the user’s. */
export function CaseInputEditor({
  draft,
  errors,
  readOnly,
  onChange,
}: {
  draft: CaseDraft;
  /** Errors keyed `input` and `messages.<index>.content`. */
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (next: CaseDraft) => void;
}) {
  const t = useTranslations('evals.input');
  const id = useId();
  const setMessage = (index: number, patch: Partial<EvalMessage>) =>
    onChange({
      ...draft,
      messages: draft.messages.map((message, at) => (at === index ? { ...message, ...patch } : message)),
    });
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">{t('legend')}</legend>
      <div className="flex gap-4 text-sm" role="radiogroup" aria-label={t('form')}>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={draft.mode === 'message'}
            onChange={() => onChange(switchInputMode(draft, 'message'))}
          />
          {t('oneMessage')}
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={draft.mode === 'conversation'}
            onChange={() => onChange(switchInputMode(draft, 'conversation'))}
          />
          {t('conversation')}
        </label>
      </div>
      {draft.mode === 'message' ? (
        <Field label={t('message')} error={errors.input}>
          <Textarea
            rows={3}
            value={draft.message}
            maxLength={EVAL_LIMITS.maxMessageLength}
            onChange={(event) => onChange({ ...draft, message: event.target.value })}
          />
        </Field>
      ) : (
        <div className="space-y-2">
          <ol className="space-y-2">
            {draft.messages.map((message, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and only appended or removed
              <li key={index} className="grid gap-2 sm:grid-cols-[8rem_1fr_auto]">
                <Select
                  aria-label={t('role', { index: index + 1 })}
                  value={message.role}
                  onChange={(event) => setMessage(index, { role: event.target.value as EvalMessage['role'] })}
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {t(`roles.${role}`)}
                    </option>
                  ))}
                </Select>
                <div>
                  <Textarea
                    aria-label={t('text', { index: index + 1 })}
                    aria-invalid={errors[`messages.${index}.content`] ? true : undefined}
                    rows={2}
                    value={message.content}
                    maxLength={EVAL_LIMITS.maxMessageLength}
                    onChange={(event) => setMessage(index, { content: event.target.value })}
                  />
                  {errors[`messages.${index}.content`] ? (
                    <span role="alert" className="block text-xs text-red-600">
                      {errors[`messages.${index}.content`]}
                    </span>
                  ) : null}
                </div>
                {readOnly ? null : (
                  <Button
                    variant="ghost"
                    className="self-start px-2 py-1 text-xs"
                    aria-label={t('remove', { index: index + 1 })}
                    onClick={() =>
                      onChange({ ...draft, messages: draft.messages.filter((_, at) => at !== index) })
                    }
                  >
                    {t('removeShort')}
                  </Button>
                )}
              </li>
            ))}
          </ol>
          {errors.input ? (
            <p role="alert" className="text-xs text-red-600">
              {errors.input}
            </p>
          ) : null}
          {readOnly ? null : (
            <Button
              variant="secondary"
              className="px-2 py-1 text-xs"
              disabled={draft.messages.length >= EVAL_LIMITS.maxMessages}
              onClick={() => {
                // Alternate roles by default: a reply follows the user, a user turn follows a reply.
                const role = draft.messages.at(-1)?.role === 'user' ? 'assistant' : 'user';
                onChange({ ...draft, messages: [...draft.messages, { role, content: '' }] });
              }}
            >
              {t('add')}
            </Button>
          )}
        </div>
      )}
    </fieldset>
  );
}
