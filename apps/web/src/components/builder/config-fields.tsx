'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, useId } from 'react';
import { useEngineWords } from '@/i18n/engine-words';
import {
  CONTROL,
  type FieldContext,
  type FieldSchema,
  humanize,
  resourceKindOf,
  singular,
  templateVariables,
  typeOf,
} from './config-schema';
import { CredentialSelect, JsonInput, KeyValueList, NumberInput, StringList } from './config-inputs';
import { McpCommandSelect, McpToolPicker } from './mcp-tool-picker';
import { OutputFormatField } from './output-format-field';
import { AgentPicker, KnowledgeBasePicker } from './pickers/workspace-pickers';

export type { CredentialOption, FieldContext, FieldSchema } from './config-schema';

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
  path,
  schema,
  value,
  onChange,
  context,
  errors,
}: {
  name: string;
  /** The field's place in the node's words (`nodes.<type>.field:<path>:…`). */
  path: readonly string[];
  schema: FieldSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  context: FieldContext;
  errors: ReadonlyMap<string, string>;
}) {
  const t = useTranslations('nodeConfig');
  const words = useEngineWords();
  const noun = singular(humanize(name));
  const legend = (number: number) =>
    (context.nodeType && words.itemLegend(context.nodeType, path, number)) || `${noun} ${number}`;
  const addLabel =
    (context.nodeType && words.addItem(context.nodeType, path)) || `+ Add ${noun.toLowerCase()}`;
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
          <legend className="px-1 text-xs font-medium text-slate-600">{legend(index + 1)}</legend>
          {Object.entries(itemSchema.properties ?? {}).map(([key, property]) => (
            <SchemaField
              key={key}
              name={key}
              wordsPath={[...path, key]}
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
              {t('remove')}
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
          {addLabel}
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
  wordsPath,
}: {
  name: string;
  /** The field's place in the node's words: its name, or a list's name then the item field's. */
  wordsPath?: readonly string[];
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
  const t = useTranslations('nodeConfig');
  const words = useEngineWords();
  const nodeType = context.nodeType;
  const path = wordsPath ?? [name];
  const label = nodeType ? words.fieldLabel(nodeType, path, humanize(name)) : humanize(name);
  const description = nodeType ? words.fieldHelp(nodeType, path, schema.description) : schema.description;
  const placeholder = nodeType
    ? words.fieldPlaceholder(nodeType, path, schema.ui?.placeholder)
    : schema.ui?.placeholder;
  const optionLabel = (option: unknown) =>
    nodeType ? words.optionLabel(nodeType, path, String(option)) : String(option);
  const ui = schema.ui ?? {};
  const type = typeOf(schema);
  const error = errors.get(errorPath);
  const disabled = context.disabled;
  const shell = (control: ReactNode, after?: ReactNode) => (
    <FieldShell id={id} label={label} description={description} error={error} after={after}>
      {control}
    </FieldShell>
  );

  // A node with an MCP tool picker connects by URL or, with transport "command", by an admin-allowed
  // command name: show the one its transport uses, the command as a choice of allowed names.
  const mcpTransport = Object.values(context.fields ?? {}).some((field) => field.ui?.mcpTools)
    ? (context.config?.transport ?? 'auto')
    : undefined;
  if (mcpTransport !== undefined && name === 'command') {
    if (mcpTransport !== 'command') return null;
    return shell(<McpCommandSelect id={id} value={value} onChange={onChange} context={context} />);
  }
  if (mcpTransport === 'command' && (name === 'url' || name === 'credentialId')) return null;
  if (ui.outputFormat) {
    return (
      <OutputFormatField
        value={value}
        onChange={onChange}
        disabled={disabled}
        description={description}
        error={error ?? errors.get(`${errorPath}.schema`)}
      />
    );
  }
  if (ui.mcpTools) {
    return (
      <McpToolPicker
        value={value}
        onChange={onChange}
        context={context}
        label={label}
        description={description}
        error={error}
      />
    );
  }
  const resource = resourceKindOf(schema);
  if (resource === 'credential') {
    return shell(
      <CredentialSelect
        id={id}
        value={value}
        onChange={onChange}
        context={context}
        invalid={Boolean(error)}
      />,
    );
  }
  if (resource === 'knowledgeBase' || resource === 'agent') {
    const Picker = resource === 'agent' ? AgentPicker : KnowledgeBasePicker;
    return shell(
      <Picker
        id={id}
        value={value}
        onChange={onChange}
        disabled={disabled}
        invalid={Boolean(error)}
        placeholder={placeholder}
      />,
    );
  }
  if (schema.enum) {
    return shell(
      <select
        id={id}
        className={CONTROL}
        value={value === undefined ? '' : String(value)}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        {schema.default === undefined && !required ? <option value="">{t('notSet')}</option> : null}
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {optionLabel(option)}
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
        {description ? <p className="text-xs text-slate-500">{description}</p> : null}
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
          placeholder={placeholder}
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
                {t('variablesInputs')}
                {variables.map((variable) => (
                  <code key={variable} className="rounded bg-sky-50 px-1 py-0.5 text-sky-800">
                    {`{{${variable}}}`}
                  </code>
                ))}
              </>
            ) : (
              <span>
                {t.rich('variablesHint', {
                  code: (chunks) => (
                    <code className="rounded bg-slate-100 px-1 text-slate-700">{chunks}</code>
                  ),
                })}
              </span>
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
        placeholder={placeholder ?? (schema.default !== undefined ? String(schema.default) : undefined)}
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
                {optionLabel(option)}
              </label>
            ))}
          </div>
          {error ? <p className="text-xs text-red-600">{error}</p> : null}
          {description ? <p className="text-xs text-slate-500">{description}</p> : null}
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
          {description ? <p className="text-xs text-slate-500">{description}</p> : null}
          <ObjectList
            name={name}
            path={path}
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
