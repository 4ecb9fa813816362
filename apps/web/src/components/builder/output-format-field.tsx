'use client';

import { DEFAULT_OUTPUT_SCHEMA, orderedSchema, outputSchemaProblem } from '@agentry/engine/graph';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { CONTROL } from './config-schema';
import {
  FIELD_TYPES,
  type FieldType,
  type FieldsProblem,
  fieldsFromSchema,
  fieldsProblemOf,
  type OutputField,
  schemaFromFields,
} from './output-schema-fields';

/** A node's output format as its config holds it. */
interface FormatValue {
  type?: 'text' | 'json';
  name?: string;
  schema?: Record<string, unknown>;
}

const SMALL = `${CONTROL} py-1 text-xs`;

/**
 * The output format of a Model or Agent node: text, or JSON fitting a schema, built field by field or
 * written as JSON. A field list with a problem (a name twice, an enum without values) is shown with the
 * problem and not saved until it is fixed, so the node never holds a half-built schema.
 */
export function OutputFormatField({
  value,
  onChange,
  disabled,
  description,
  error,
}: {
  value: unknown;
  onChange: (value: unknown) => void;
  disabled: boolean;
  description?: string;
  error?: string;
}) {
  const id = useId();
  const t = useTranslations('outputFormat');
  const format = (typeof value === 'object' && value !== null ? value : {}) as FormatValue;
  const json = format.type === 'json';
  const buildable = json ? fieldsFromSchema(format.schema) : undefined;
  const [mode, setMode] = useState<'fields' | 'json'>(buildable || !format.schema ? 'fields' : 'json');
  const set = (next: Partial<FormatValue>) => onChange({ ...format, ...next });

  return (
    <fieldset className="space-y-2" data-testid="output-format">
      <legend className="text-xs font-medium text-slate-700">{t('label')}</legend>
      <select
        id={id}
        aria-label={t('label')}
        className={CONTROL}
        value={json ? 'json' : 'text'}
        disabled={disabled}
        onChange={(event) =>
          event.target.value === 'json'
            ? set({ type: 'json', schema: format.schema ?? structuredClone(DEFAULT_OUTPUT_SCHEMA) })
            : set({ type: 'text' })
        }
      >
        <option value="text">{t('text')}</option>
        <option value="json">{t('json')}</option>
      </select>
      {json ? (
        <>
          <div className="flex gap-1 text-xs" role="tablist" aria-label={t('editor')}>
            {(['fields', 'json'] as const).map((tab) => (
              <button
                key={tab}
                type="button"
                role="tab"
                aria-selected={mode === tab}
                disabled={tab === 'fields' && !buildable && Boolean(format.schema)}
                title={tab === 'fields' && !buildable ? t('tooRich') : undefined}
                className={`rounded px-2 py-0.5 ${mode === tab ? 'bg-slate-800 text-white' : 'bg-slate-100 text-slate-700'} disabled:opacity-50`}
                onClick={() => setMode(tab)}
              >
                {tab === 'fields' ? t('fieldsTab') : t('schemaTab')}
              </button>
            ))}
          </div>
          {mode === 'fields' && buildable ? (
            <FieldList fields={buildable} disabled={disabled} onChange={(schema) => set({ schema })} />
          ) : (
            <SchemaText schema={format.schema} disabled={disabled} onChange={(schema) => set({ schema })} />
          )}
        </>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : description ? (
        <p className="text-xs text-slate-500">{description}</p>
      ) : null}
    </fieldset>
  );
}

function FieldList({
  fields: saved,
  disabled,
  onChange,
}: {
  fields: OutputField[];
  disabled: boolean;
  onChange: (schema: Record<string, unknown>) => void;
}) {
  const t = useTranslations('outputFormat');
  const [fields, setFields] = useState(saved);
  const savedKey = JSON.stringify(saved);
  // Follow outside changes (undo, the JSON tab) unless they are this list's own last save.
  useEffect(() => {
    setFields((current) => (JSON.stringify(current) === savedKey ? current : JSON.parse(savedKey)));
  }, [savedKey]);
  const problem = fieldsProblemOf(fields);
  const update = (next: OutputField[]) => {
    setFields(next);
    if (!fieldsProblemOf(next))
      onChange(schemaFromFields(next.map((field) => ({ ...field, name: field.name.trim() }))));
  };
  const edit = (index: number, change: Partial<OutputField>) =>
    update(fields.map((field, position) => (position === index ? { ...field, ...change } : field)));

  return (
    <div className="space-y-2">
      {fields.map((field, index) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: a field's name is being edited, it cannot be the key
          key={index}
          className="space-y-1 rounded-md border border-slate-200 bg-slate-50 p-2"
          data-testid="output-field"
        >
          <div className="flex gap-1">
            <input
              aria-label={t('fieldName', { number: index + 1 })}
              className={SMALL}
              value={field.name}
              disabled={disabled}
              placeholder={t('namePlaceholder')}
              onChange={(event) => edit(index, { name: event.target.value })}
            />
            <select
              aria-label={t('fieldType', { number: index + 1 })}
              className={SMALL}
              value={field.type}
              disabled={disabled}
              onChange={(event) => edit(index, { type: event.target.value as FieldType })}
            >
              {FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </select>
          </div>
          {field.type === 'enum' ? (
            <OptionsInput
              label={t('fieldValues', { number: index + 1 })}
              options={field.options}
              disabled={disabled}
              onChange={(options) => edit(index, { options })}
            />
          ) : null}
          <input
            aria-label={t('fieldDescription', { number: index + 1 })}
            className={SMALL}
            value={field.description}
            disabled={disabled}
            placeholder={t('descriptionPlaceholder')}
            onChange={(event) => edit(index, { description: event.target.value })}
          />
          <div className="flex items-center justify-between text-xs">
            <label className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={field.required}
                disabled={disabled}
                onChange={(event) => edit(index, { required: event.target.checked })}
              />
              {t('required')}
            </label>
            {!disabled ? (
              <button
                type="button"
                className="text-red-700 hover:underline"
                onClick={() => update(fields.filter((_, position) => position !== index))}
              >
                {t('remove')}
              </button>
            ) : null}
          </div>
        </div>
      ))}
      {!disabled ? (
        <button
          type="button"
          className="rounded-md border border-dashed border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50"
          onClick={() =>
            update([
              ...fields,
              {
                name: `field${fields.length + 1}`,
                type: 'string',
                description: '',
                required: true,
                options: [],
              },
            ])
          }
        >
          {t('addField')}
        </button>
      ) : null}
      {problem ? (
        <p role="alert" className="text-xs text-amber-700">
          {t('notSaved', { problem: problemText(t, problem) })}
        </p>
      ) : null}
    </div>
  );
}

/** A field list's problem in the page's words. */
function problemText(t: ReturnType<typeof useTranslations<'outputFormat'>>, problem: FieldsProblem): string {
  switch (problem.kind) {
    case 'empty':
      return t('problemEmpty');
    case 'bad-name':
      return t('problemBadName', { number: problem.number });
    case 'twice':
      return t('problemTwice', { name: problem.name });
    case 'no-values':
      return t('problemNoValues', { name: problem.name });
  }
}

/** "a, b,, c" → ["a", "b", "c"]. */
function parseOptions(value: string): string[] {
  return value
    .split(',')
    .map((option) => option.trim())
    .filter(Boolean);
}

/** The values of a one-of field, typed comma-separated; the text is kept as typed ("a, "), the list saved. */
function OptionsInput({
  label,
  options,
  disabled,
  onChange,
}: {
  label: string;
  options: string[];
  disabled: boolean;
  onChange: (options: string[]) => void;
}) {
  const [text, setText] = useState(options.join(', '));
  const saved = options.join('\u0000');
  // Follow outside changes only when they differ from what the text already says.
  useEffect(() => {
    setText((current) =>
      parseOptions(current).join('\u0000') === saved ? current : saved.split('\u0000').join(', '),
    );
  }, [saved]);
  return (
    <input
      aria-label={label}
      className={SMALL}
      value={text}
      disabled={disabled}
      placeholder="refund, question"
      onChange={(event) => {
        setText(event.target.value);
        onChange(parseOptions(event.target.value));
      }}
    />
  );
}

function SchemaText({
  schema,
  disabled,
  onChange,
}: {
  schema: Record<string, unknown> | undefined;
  disabled: boolean;
  onChange: (schema: Record<string, unknown>) => void;
}) {
  const t = useTranslations('outputFormat');
  const saved = schema === undefined ? '' : JSON.stringify(orderedSchema(schema), null, 2);
  const [text, setText] = useState(saved);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setText(saved), [saved]);
  return (
    <>
      <textarea
        aria-label={t('schemaTab')}
        rows={8}
        spellCheck={false}
        className={`${CONTROL} font-mono text-xs`}
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch (error) {
            setProblem(t('invalidJson', { detail: (error as Error).message }));
            return;
          }
          const objectProblem =
            typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
              ? outputSchemaProblem(parsed as Record<string, unknown>)
              : t('notAnObject');
          setProblem(objectProblem ?? null);
          if (!objectProblem) onChange(parsed as Record<string, unknown>);
        }}
      />
      {problem ? (
        <p role="alert" className="text-xs text-red-600">
          {problem}
        </p>
      ) : null}
    </>
  );
}
