'use client';

import type { ConfigUiHints } from '@agentry/engine/graph';
import Link from 'next/link';
import { type ReactNode, useEffect, useId, useState } from 'react';

/** The part of JSON Schema that node config schemas use (zod's output), plus Agentry's `ui` hints. */
export interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  ui?: ConfigUiHints;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties?: FieldSchema | boolean;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

/** A stored credential as the browser sees it: never the secret. */
export interface CredentialOption {
  id: string;
  name: string;
  provider: string;
  maskedKey: string | null;
}

/** What fields need from around the form. */
export interface FieldContext {
  credentials: readonly CredentialOption[] | undefined;
  /** The node's provider setting, to offer only matching credentials. */
  provider?: string;
  disabled: boolean;
}

/** "maxOutputTokens" → "Max output tokens", "baseURL" → "Base URL", "credentialId" → "Credential". */
export function humanize(name: string): string {
  const words = name
    .replace(/Ms$/, ' (ms)')
    .replace(/Mb$/, ' (MB)')
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const VARIABLE = /\{\{\s*([A-Za-z_][\w-]{0,63})\s*\}\}/g;

/** The `{{variables}}` of a template, in order, without duplicates. */
export function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1]!))];
}

const CONTROL =
  'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30 disabled:bg-slate-50 disabled:text-slate-500';

function typeOf(schema: FieldSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type;
}

function FieldShell({
  id,
  label,
  description,
  error,
  children,
  after,
}: {
  id: string;
  label: string;
  description?: string;
  error?: string;
  children: ReactNode;
  after?: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {after}
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : description ? (
        <p className="text-xs text-slate-500">{description}</p>
      ) : null}
    </div>
  );
}

function NumberInput({
  id,
  schema,
  value,
  onChange,
  disabled,
}: {
  id: string;
  schema: FieldSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled: boolean;
}) {
  const external = typeof value === 'number' ? String(value) : '';
  const [text, setText] = useState(external);
  // Follow outside changes (undo, another field) without fighting the person typing "0.".
  useEffect(() => {
    setText((current) => (Number(current) === Number(external) && current !== '' ? current : external));
  }, [external]);
  return (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      className={CONTROL}
      value={text}
      min={schema.minimum}
      max={schema.maximum && schema.maximum < 1e15 ? schema.maximum : undefined}
      step={typeOf(schema) === 'integer' ? 1 : 'any'}
      placeholder={schema.default !== undefined ? String(schema.default) : 'Not set'}
      disabled={disabled}
      onChange={(event) => {
        setText(event.target.value);
        const raw = event.target.value.trim();
        if (raw === '') onChange(undefined);
        else if (Number.isFinite(Number(raw))) onChange(Number(raw));
      }}
    />
  );
}

function CredentialSelect({
  id,
  value,
  onChange,
  context,
}: {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  context: FieldContext;
}) {
  const all = context.credentials ?? [];
  const matching = context.provider ? all.filter((item) => item.provider === context.provider) : all;
  const current = typeof value === 'string' ? value : '';
  const missing = current && !all.some((item) => item.id === current);
  if (context.provider === 'offline' && !current) {
    return <p className="text-xs text-slate-500">The offline model runs without a key.</p>;
  }
  return (
    <>
      <select
        id={id}
        className={CONTROL}
        value={current}
        disabled={context.disabled}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        <option value="">{context.credentials ? 'None' : 'Loading credentials…'}</option>
        {matching.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
            {item.maskedKey ? ` (${item.maskedKey})` : ''}
          </option>
        ))}
        {missing ? <option value={current}>Deleted credential ({current.slice(0, 8)}…)</option> : null}
      </select>
      {context.credentials && matching.length === 0 ? (
        <p className="text-xs text-slate-500">
          No {context.provider ?? ''} credential yet.{' '}
          <Link href="/credentials" target="_blank" className="text-brand-700 underline">
            Add one
          </Link>
        </p>
      ) : null}
    </>
  );
}

function StringList({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled: boolean;
}) {
  const items = Array.isArray(value) ? value.map(String) : [];
  const [text, setText] = useState(items.join('\n'));
  const joined = items.join('\n');
  useEffect(() => {
    setText((current) => (current.split('\n').filter(Boolean).join('\n') === joined ? current : joined));
  }, [joined]);
  return (
    <textarea
      id={id}
      rows={Math.min(6, Math.max(2, items.length + 1))}
      className={`${CONTROL} font-mono text-xs`}
      placeholder="One per line"
      value={text}
      disabled={disabled}
      onChange={(event) => {
        setText(event.target.value);
        onChange(
          event.target.value
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

/** "Name:value" lines in the canonical "Name: value" form, to compare with the stored record. */
function normalizeLines(raw: string): string {
  return raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes(':'))
    .map((line) => `${line.slice(0, line.indexOf(':')).trim()}: ${line.slice(line.indexOf(':') + 1).trim()}`)
    .join('\n');
}

function KeyValueList({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled: boolean;
}) {
  const record =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const asText = Object.entries(record)
    .map(([key, item]) => `${key}: ${String(item)}`)
    .join('\n');
  const [text, setText] = useState(asText);
  useEffect(() => setText((current) => (normalizeLines(current) === asText ? current : asText)), [asText]);
  return (
    <textarea
      id={id}
      rows={3}
      className={`${CONTROL} font-mono text-xs`}
      placeholder="Name: value (one per line)"
      value={text}
      disabled={disabled}
      onChange={(event) => {
        setText(event.target.value);
        const next: Record<string, string> = {};
        for (const line of event.target.value.split('\n')) {
          const at = line.indexOf(':');
          if (at > 0) next[line.slice(0, at).trim()] = line.slice(at + 1).trim();
        }
        onChange(next);
      }}
    />
  );
}

function JsonInput({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <textarea
        id={id}
        rows={4}
        className={`${CONTROL} font-mono text-xs`}
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          try {
            onChange(text.trim() ? JSON.parse(text) : undefined);
            setError(null);
          } catch (parseError) {
            setError(`Not valid JSON: ${(parseError as Error).message}`);
          }
        }}
      />
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </>
  );
}

function newItem(schema: FieldSchema, fieldName: string, index: number): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.default !== undefined) item[key] = structuredClone(property.default);
    else if (schema.required?.includes(key) && typeOf(property) === 'string') {
      item[key] = `${fieldName.replace(/(es|s)$/, '')}${index + 1}`;
    }
  }
  return item;
}

function ObjectList({
  name,
  schema,
  value,
  onChange,
  context,
  errors,
}: {
  name: string;
  schema: FieldSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  context: FieldContext;
  errors: ReadonlyMap<string, string>;
}) {
  const items = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const itemSchema = schema.items ?? {};
  const replace = (index: number, next: Record<string, unknown>) =>
    onChange(items.map((item, position) => (position === index ? next : item)));
  return (
    <div className="space-y-2">
      {items.map((item, index) => (
        <fieldset
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no stable id of their own
          key={index}
          className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2"
        >
          <legend className="px-1 text-xs font-medium text-slate-600">
            {humanize(name).replace(/(es|s)$/, '')} {index + 1}
          </legend>
          {Object.entries(itemSchema.properties ?? {}).map(([key, property]) => (
            <SchemaField
              key={key}
              name={key}
              schema={property}
              value={item[key]}
              required={itemSchema.required?.includes(key) ?? false}
              onChange={(next) => {
                const copy = { ...item };
                if (next === undefined) delete copy[key];
                else copy[key] = next;
                replace(index, copy);
              }}
              context={context}
              errors={errors}
              errorPath={`${name}.${index}.${key}`}
            />
          ))}
          {!context.disabled ? (
            <button
              type="button"
              className="text-xs text-red-700 hover:underline disabled:text-slate-400"
              disabled={items.length <= (schema.minItems ?? 0)}
              onClick={() => onChange(items.filter((_, position) => position !== index))}
            >
              Remove
            </button>
          ) : null}
        </fieldset>
      ))}
      {!context.disabled && items.length < (schema.maxItems ?? 100) ? (
        <button
          type="button"
          className="rounded-md border border-dashed border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50"
          onClick={() => onChange([...items, newItem(itemSchema, name, items.length)])}
        >
          + Add{' '}
          {humanize(name)
            .replace(/(es|s)$/, '')
            .toLowerCase()}
        </button>
      ) : null}
    </div>
  );
}

/** One config field generated from its JSON Schema and `ui` hints. */
export function SchemaField({
  name,
  schema,
  value,
  required,
  onChange,
  context,
  errors,
  errorPath = name,
}: {
  name: string;
  schema: FieldSchema;
  value: unknown;
  required: boolean;
  onChange: (value: unknown) => void;
  context: FieldContext;
  /** Messages by config path ("branches.0.value"). */
  errors: ReadonlyMap<string, string>;
  errorPath?: string;
}) {
  const id = useId();
  const label = humanize(name);
  const ui = schema.ui ?? {};
  const type = typeOf(schema);
  const error = errors.get(errorPath);
  const disabled = context.disabled;
  const shell = (control: ReactNode, after?: ReactNode) => (
    <FieldShell id={id} label={label} description={schema.description} error={error} after={after}>
      {control}
    </FieldShell>
  );

  if (ui.credential)
    return shell(<CredentialSelect id={id} value={value} onChange={onChange} context={context} />);
  if (schema.enum) {
    return shell(
      <select
        id={id}
        className={CONTROL}
        value={value === undefined ? '' : String(value)}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        {schema.default === undefined && !required ? <option value="">Not set</option> : null}
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>,
    );
  }
  if (type === 'boolean') {
    return (
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-xs font-medium text-slate-700">
          <input
            type="checkbox"
            checked={value === undefined ? schema.default === true : value === true}
            disabled={disabled}
            onChange={(event) => onChange(event.target.checked)}
          />
          {label}
        </label>
        {schema.description ? <p className="text-xs text-slate-500">{schema.description}</p> : null}
      </div>
    );
  }
  if (type === 'number' || type === 'integer') {
    return shell(
      <NumberInput id={id} schema={schema} value={value} onChange={onChange} disabled={disabled} />,
    );
  }
  if (type === 'string') {
    const text = typeof value === 'string' ? value : '';
    if (ui.multiline || ui.code) {
      const variables = ui.variables ? templateVariables(text) : [];
      return shell(
        <textarea
          id={id}
          rows={ui.code ? 8 : 4}
          spellCheck={!ui.code}
          className={`${CONTROL} min-h-20 resize-y ${ui.code ? 'font-mono text-xs' : ''}`}
          placeholder={ui.placeholder}
          value={text}
          maxLength={schema.maxLength}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        />,
        ui.variables ? (
          <p
            className="flex flex-wrap items-center gap-1 text-xs text-slate-500"
            data-testid={`variables-${name}`}
          >
            {variables.length > 0 ? (
              <>
                Inputs:
                {variables.map((variable) => (
                  <code key={variable} className="rounded bg-sky-50 px-1 py-0.5 text-sky-800">
                    {`{{${variable}}}`}
                  </code>
                ))}
              </>
            ) : (
              <>
                Write <code className="rounded bg-slate-100 px-1">{'{{name}}'}</code> to add an input port.
              </>
            )}
          </p>
        ) : null,
      );
    }
    return shell(
      <input
        id={id}
        type={schema.format === 'uri' ? 'url' : 'text'}
        className={CONTROL}
        value={text}
        placeholder={ui.placeholder ?? (schema.default !== undefined ? String(schema.default) : undefined)}
        maxLength={schema.maxLength}
        disabled={disabled}
        onChange={(event) =>
          onChange(
            event.target.value === '' && !required && schema.default === undefined
              ? undefined
              : event.target.value,
          )
        }
      />,
    );
  }
  if (type === 'array' && schema.items) {
    const items = schema.items;
    if (items.enum) {
      const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
      return (
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-slate-700">{label}</legend>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {items.enum.map((option) => (
              <label key={String(option)} className="flex items-center gap-1 text-xs">
                <input
                  type="checkbox"
                  checked={chosen.has(String(option))}
                  disabled={disabled}
                  onChange={(event) => {
                    const next = items
                      .enum!.map(String)
                      .filter((item) => (item === String(option) ? event.target.checked : chosen.has(item)));
                    onChange(next);
                  }}
                />
                {String(option)}
              </label>
            ))}
          </div>
          {error ? <p className="text-xs text-red-600">{error}</p> : null}
          {schema.description ? <p className="text-xs text-slate-500">{schema.description}</p> : null}
        </fieldset>
      );
    }
    if (typeOf(items) === 'string') {
      return shell(<StringList id={id} value={value} onChange={onChange} disabled={disabled} />);
    }
    if (typeOf(items) === 'object') {
      return (
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-slate-700">{label}</legend>
          {schema.description ? <p className="text-xs text-slate-500">{schema.description}</p> : null}
          <ObjectList
            name={name}
            schema={schema}
            value={value}
            onChange={onChange}
            context={context}
            errors={errors}
          />
          {error ? <p className="text-xs text-red-600">{error}</p> : null}
        </fieldset>
      );
    }
  }
  if (type === 'object' && typeof schema.additionalProperties === 'object') {
    return shell(<KeyValueList id={id} value={value} onChange={onChange} disabled={disabled} />);
  }
  return shell(<JsonInput id={id} value={value} onChange={onChange} disabled={disabled} />);
}
