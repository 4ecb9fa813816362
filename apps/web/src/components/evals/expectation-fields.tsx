'use client';

import { useTranslations } from 'next-intl';
import { Button, Field, Input } from '../ui';
import { type ExpectationDraft, jsonObjectProblem, regexProblem } from './expectation-draft';
import { JudgeModelFields } from './judge-model-fields';
import { Textarea } from './textarea';

/** A draft narrowed to one kind. */
type Of<K extends ExpectationDraft['kind']> = Extract<ExpectationDraft, { kind: K }>;

/** Props every kind's fields get: the draft, its errors keyed by field, and the change. */
interface FieldsProps<D> {
  draft: D;
  errors: Record<string, string>;
  onChange: (next: D) => void;
}

function CaseSensitive({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const t = useTranslations('evals.fields');
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {t('caseSensitive')}
    </label>
  );
}

function TextsFields({ draft, errors, onChange }: FieldsProps<Of<'contains' | 'notContains'>>) {
  const t = useTranslations('evals.fields');
  const set = (texts: string[]) => onChange({ ...draft, texts });
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">
        {draft.kind === 'contains' ? t('textsContain') : t('textsNotContain')}
      </legend>
      {draft.texts.map((text, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: texts are plain strings edited in place
        <div key={index} className="flex gap-2">
          <Input
            aria-label={t('text', { index: index + 1 })}
            value={text}
            maxLength={5000}
            onChange={(event) =>
              set(draft.texts.map((item, at) => (at === index ? event.target.value : item)))
            }
          />
          {draft.texts.length > 1 ? (
            <Button
              variant="ghost"
              className="px-2 py-1 text-xs"
              aria-label={t('removeText', { index: index + 1 })}
              onClick={() => set(draft.texts.filter((_, at) => at !== index))}
            >
              {t('remove')}
            </Button>
          ) : null}
        </div>
      ))}
      {errors.texts ? (
        <p role="alert" className="text-xs text-red-600">
          {errors.texts}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-4">
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          disabled={draft.texts.length >= 20}
          onClick={() => set([...draft.texts, ''])}
        >
          {t('addText')}
        </Button>
        <CaseSensitive
          checked={draft.caseSensitive}
          onChange={(caseSensitive) => onChange({ ...draft, caseSensitive })}
        />
      </div>
    </fieldset>
  );
}

function NumberField({
  draft,
  errors,
  onChange,
}: FieldsProps<Of<'maxLatencyMs' | 'maxTokens' | 'maxCostUsd'>>) {
  const t = useTranslations('evals.fields');
  const label =
    draft.kind === 'maxLatencyMs'
      ? t('maxLatency')
      : draft.kind === 'maxTokens'
        ? t('maxTokens')
        : t('maxCost');
  return (
    <Field label={label} error={errors.limit} hint={draft.kind === 'maxCostUsd' ? t('costHint') : undefined}>
      <Input
        type="number"
        inputMode="decimal"
        min={0}
        step={draft.kind === 'maxCostUsd' ? 'any' : 1}
        value={draft.limit}
        onChange={(event) => onChange({ ...draft, limit: event.target.value })}
      />
    </Field>
  );
}

/** The fields of one expectation, by kind; errors from the last save, JSON and patterns checked as typed. */
export function ExpectationFields({ draft, errors, onChange }: FieldsProps<ExpectationDraft>) {
  const t = useTranslations('evals');
  const change = onChange as (next: ExpectationDraft) => void;
  switch (draft.kind) {
    case 'contains':
    case 'notContains':
      return <TextsFields draft={draft} errors={errors} onChange={change} />;
    case 'equals':
      return (
        <div className="space-y-2">
          <Field label={t('fields.exact')} error={errors.text}>
            <Textarea
              rows={3}
              value={draft.text}
              onChange={(event) => change({ ...draft, text: event.target.value })}
            />
          </Field>
          <CaseSensitive
            checked={draft.caseSensitive}
            onChange={(caseSensitive) => change({ ...draft, caseSensitive })}
          />
        </div>
      );
    case 'regex': {
      // Checked as typed: bad flags are reported at the flags, a pattern that does not compile at the pattern.
      const flagsProblem = /^[imsu]*$/.test(draft.flags) ? undefined : t('draft.flags');
      const patternProblem =
        draft.pattern && !flagsProblem ? regexProblem(draft.pattern, draft.flags, t) : null;
      return (
        <div className="grid gap-3 sm:grid-cols-[1fr_8rem]">
          <Field label={t('fields.regex')} error={errors.pattern ?? patternProblem ?? undefined}>
            <Input
              className="font-mono"
              value={draft.pattern}
              placeholder="order #\d+"
              onChange={(event) => change({ ...draft, pattern: event.target.value })}
            />
          </Field>
          <Field label={t('fields.flags')} hint="i, m, s, u" error={errors.flags ?? flagsProblem}>
            <Input
              className="font-mono"
              value={draft.flags}
              maxLength={4}
              onChange={(event) => change({ ...draft, flags: event.target.value })}
            />
          </Field>
        </div>
      );
    }
    case 'jsonSchema':
      return (
        <Field
          label={t('fields.schema')}
          error={errors.schema ?? jsonObjectProblem(draft.schema, t) ?? undefined}
          hint={t('fields.schemaHint')}
        >
          <Textarea
            mono
            rows={6}
            value={draft.schema}
            onChange={(event) => change({ ...draft, schema: event.target.value })}
          />
        </Field>
      );
    case 'toolCalled':
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('fields.tool')} error={errors.tool}>
            <Input
              value={draft.tool}
              placeholder="search_docs"
              onChange={(event) => change({ ...draft, tool: event.target.value })}
            />
          </Field>
          <Field
            label={t('fields.args')}
            error={
              errors.args ?? (draft.args.trim() ? (jsonObjectProblem(draft.args, t) ?? undefined) : undefined)
            }
            hint={t('fields.argsHint')}
          >
            <Textarea
              mono
              rows={3}
              value={draft.args}
              placeholder='{ "query": "refund" }'
              onChange={(event) => change({ ...draft, args: event.target.value })}
            />
          </Field>
        </div>
      );
    case 'toolNotCalled':
      return (
        <Field label={t('fields.tool')} error={errors.tool}>
          <Input value={draft.tool} onChange={(event) => change({ ...draft, tool: event.target.value })} />
        </Field>
      );
    case 'branch':
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('fields.branch')} error={errors.branch}>
            <Input
              value={draft.branch}
              maxLength={40}
              onChange={(event) => change({ ...draft, branch: event.target.value })}
            />
          </Field>
          <Field label={t('fields.node')} error={errors.node} hint={t('fields.nodeHint')}>
            <Input
              value={draft.node}
              maxLength={200}
              onChange={(event) => change({ ...draft, node: event.target.value })}
            />
          </Field>
        </div>
      );
    case 'cites':
      return (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t('fields.whichSource')}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              checked={draft.anySource}
              onChange={() => change({ ...draft, anySource: true })}
            />
            {t('fields.anySource')}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              checked={!draft.anySource}
              onChange={() => change({ ...draft, anySource: false })}
            />
            {t('fields.documentContains')}
          </label>
          {!draft.anySource ? (
            <Field label={t('fields.documentName')} error={errors.text}>
              <Input
                value={draft.text}
                onChange={(event) => change({ ...draft, text: event.target.value })}
              />
            </Field>
          ) : null}
        </fieldset>
      );
    case 'maxLatencyMs':
    case 'maxTokens':
    case 'maxCostUsd':
      return <NumberField draft={draft} errors={errors} onChange={change} />;
    case 'judge':
      return (
        <div className="space-y-3">
          <Field label={t('fields.rubric')} error={errors.rubric}>
            <Textarea
              rows={3}
              value={draft.rubric}
              placeholder={t('fields.rubricPlaceholder')}
              onChange={(event) => change({ ...draft, rubric: event.target.value })}
            />
          </Field>
          <JudgeModelFields
            label={t('fields.judge')}
            value={draft.model}
            noneLabel={t('fields.runJudge')}
            offerOffline
            error={errors.model}
            onChange={(model) => change({ ...draft, model })}
          />
        </div>
      );
  }
}
