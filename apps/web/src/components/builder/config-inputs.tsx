// The inputs the settings form is generated from; config-fields.tsx picks one per schema field.
'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { CONTROL, type CredentialOption, type FieldContext, type FieldSchema, typeOf } from './config-schema';
import { ResourcePicker } from './pickers/resource-picker';
import { credentialOptions } from './pickers/resource-options';

/** A number field that keeps what is being typed ("0.") and reports a number, or undefined when empty. */
export function NumberInput({
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
  const t = useTranslations('nodeConfig');
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
      placeholder={schema.default !== undefined ? String(schema.default) : t('notSet')}
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

/**
 * Picks one of the workspace's credentials by name, offering only the node's provider's; never shows a
 * key, only its last characters.
 */
export function CredentialSelect({
  id,
  value,
  onChange,
  context,
  invalid,
}: {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  context: FieldContext;
  invalid?: boolean;
}) {
  const t = useTranslations('nodeConfig');
  const all = context.credentials;
  const current = typeof value === 'string' ? value : '';
  const options = useMemo(() => all && credentialOptions(all, context.provider), [all, context.provider]);
  const known = useMemo(() => all && credentialOptions(all), [all]);
  if (context.provider === 'offline' && !current) {
    return <p className="text-xs text-slate-500">{t('offlineNoKey')}</p>;
  }
  const picked = all?.find((item) => item.id === current);
  return (
    <>
      <ResourcePicker
        id={id}
        options={options}
        known={known}
        value={value}
        onChange={onChange}
        disabled={context.disabled}
        invalid={invalid}
        noun="credential"
        href={() => '/credentials'}
        empty={t.rich('noCredential', {
          provider: context.provider ?? '',
          link: (chunks) => (
            <Link href="/credentials" target="_blank" className="text-brand-700 underline">
              {chunks}
            </Link>
          ),
        })}
      />
      {picked && context.provider && picked.provider !== context.provider ? (
        <p className="text-xs text-amber-800">
          {t('credentialOtherProvider', { picked: picked.provider, provider: context.provider })}
        </p>
      ) : null}
      <CredentialHosts credential={picked} forTool={!context.provider} />
    </>
  );
}

/**
 * Where the picked credential's key may go. Model providers send it to their own base URL; a credential
 * picked by a node without a provider (the HTTP Request tool) is sent only to the hosts bound to it, and
 * not at all without any, so the builder says so before a run fails on it.
 */
function CredentialHosts({
  credential,
  forTool,
}: {
  credential: CredentialOption | undefined;
  forTool: boolean;
}) {
  const t = useTranslations('nodeConfig');
  if (!credential || !forTool) return null;
  const hosts = credential.allowedHosts ?? [];
  if (hosts.length > 0)
    return <p className="text-xs text-slate-500">{t('credentialHosts', { hosts: hosts.join(', ') })}</p>;
  return (
    <p className="text-xs text-amber-700">
      {t.rich('credentialNoHosts', {
        link: (chunks) => (
          <Link href="/credentials" target="_blank" className="text-brand-700 underline">
            {chunks}
          </Link>
        ),
      })}
    </p>
  );
}

/** A list of strings edited one per line. */
export function StringList({
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
  const t = useTranslations('nodeConfig');
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
      placeholder={t('onePerLine')}
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

/** A string record (such as headers) edited as "Name: value" lines. */
export function KeyValueList({
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
  const t = useTranslations('nodeConfig');
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
      placeholder={t('keyValuePlaceholder')}
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

/** Any other value, edited as JSON and applied when the field loses focus. */
export function JsonInput({
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
  const t = useTranslations('nodeConfig');
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
            setError(t('invalidJson', { detail: (parseError as Error).message }));
          }
        }}
      />
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </>
  );
}
