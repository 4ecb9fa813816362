'use client';

import type { ApprovalRequest } from '@agentry/engine';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useFormat } from '../../i18n/format';
import { Button } from '../ui';

/** An answer to a run's question, as the resume routes take it (without the request id). */
export interface ApprovalAnswer {
  choice: string;
  form?: Record<string, unknown>;
  reason?: string;
}

/** How a question's answer form behaves. */
export interface AnswerFormProps {
  request: ApprovalRequest;
  /** Absent: shown read-only (a viewer, or a question for the visitor). */
  onAnswer?: (answer: ApprovalAnswer) => void | Promise<void>;
  /** Disables the buttons while an answer is on its way. */
  busy?: boolean;
  /** Why it cannot be answered here (shown instead of the buttons' effect). */
  readOnlyNote?: string;
}

/**
 * A run's question with its answer controls: for a Human approval, the message, its short form and a
 * button per choice; for a tool marked "ask before running", the call with its arguments and Approve /
 * Deny with an optional reason (the model reads it). Text is rendered as text, never as HTML.
 */
export function AnswerForm({ request, onAnswer, busy, readOnlyNote }: AnswerFormProps) {
  const t = useTranslations('approvals.form');
  const format = useFormat();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const readOnly = !onAnswer;
  const isTool = request.kind === 'tool';

  function pick(choice: string, event?: FormEvent) {
    event?.preventDefault();
    if (!onAnswer) return;
    const empty = (request.form ?? []).find(
      (field) => field.required && (values[field.name] === undefined || values[field.name] === ''),
    );
    if (empty && !isTool) {
      setMissing(t('required', { label: empty.label }));
      return;
    }
    setMissing(null);
    const answer: ApprovalAnswer = { choice };
    if (!isTool && request.form?.length) answer.form = values;
    if (reason.trim()) answer.reason = reason.trim();
    void onAnswer(answer);
  }

  return (
    <fieldset
      aria-label={isTool ? t('toolLabel') : t('label')}
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-slate-800"
      data-testid="approval"
    >
      {isTool && request.toolCall ? (
        <div>
          <p className="font-medium">
            {t.rich('runTool', {
              tool: request.toolCall.toolName,
              code: (chunks) => <code>{chunks}</code>,
            })}
          </p>
          <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-all rounded bg-white p-2 text-xs">
            {JSON.stringify(request.toolCall.input, null, 2)}
          </pre>
        </div>
      ) : (
        <p className="whitespace-pre-wrap">{request.message}</p>
      )}
      {!isTool
        ? (request.form ?? []).map((field) => {
            const id = `${request.id}-${field.name}`;
            return (
              <label key={field.name} htmlFor={id} className="block text-xs font-medium text-slate-700">
                {field.label}
                {field.required ? ' *' : ''}
                {field.type === 'boolean' ? (
                  <input
                    id={id}
                    type="checkbox"
                    className="ml-2 align-middle"
                    disabled={readOnly}
                    checked={values[field.name] === true}
                    onChange={(event) => setValues({ ...values, [field.name]: event.target.checked })}
                  />
                ) : (
                  <input
                    id={id}
                    type={field.type === 'number' ? 'number' : 'text'}
                    className="mt-1 block w-full rounded border border-slate-300 px-2 py-1 text-sm"
                    disabled={readOnly}
                    value={String(values[field.name] ?? '')}
                    onChange={(event) =>
                      setValues({
                        ...values,
                        [field.name]:
                          field.type === 'number' && event.target.value !== ''
                            ? Number(event.target.value)
                            : event.target.value,
                      })
                    }
                  />
                )}
              </label>
            );
          })
        : null}
      {isTool && !readOnly ? (
        <label className="block text-xs font-medium text-slate-700">
          {t('reason')}
          <input
            className="mt-1 block w-full rounded border border-slate-300 px-2 py-1 text-sm"
            value={reason}
            maxLength={2000}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
      ) : null}
      {missing ? (
        <p role="alert" className="text-xs text-red-700">
          {missing}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {request.choices.map((choice, index) => (
          <Button
            key={choice.id}
            variant={index === 0 ? 'primary' : 'secondary'}
            className="px-3 py-1 text-xs"
            disabled={readOnly || busy}
            onClick={() => pick(choice.id)}
          >
            {choice.label}
          </Button>
        ))}
      </div>
      {readOnlyNote ? <p className="text-xs text-slate-600">{readOnlyNote}</p> : null}
      {request.timeoutAt ? (
        <p className="text-xs text-slate-500">
          {t('timesOut', { when: format.dateTime(request.timeoutAt) })}
        </p>
      ) : null}
    </fieldset>
  );
}
