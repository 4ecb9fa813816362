'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { Field, Input, Select } from '../ui';
import { TriggerFormActions } from './form-actions';
import { renderInputTemplate } from './input-template';
import { LimitsFields } from './limits-fields';
import {
  DEFAULT_WEBHOOK,
  limitProblems,
  SIGNATURE_PRESETS,
  type WebhookConfig,
  type WebhookSignature,
} from './trigger-types';

const SAMPLE =
  '{\n  "event": "form.submitted",\n  "email": "ada@example.com",\n  "message": "Do you ship to Norway?"\n}';

const TEXTAREA =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30';

/** The webhook's name and settings; `errors` are the server's, keyed like `config.inputTemplate`. */
export function WebhookForm({
  initial,
  saving,
  errors,
  submitLabel,
  readOnly = false,
  onSubmit,
  onCancel,
}: {
  initial?: { name: string; config: WebhookConfig };
  saving: boolean;
  errors: Record<string, string>;
  submitLabel: string;
  /** For viewers: the settings are shown, not saved. */
  readOnly?: boolean;
  onSubmit(value: { name: string; config: WebhookConfig }): void;
  onCancel(): void;
}) {
  const t = useTranslations('triggers');
  const trpc = useTRPC();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const [name, setName] = useState(initial?.name ?? t('webhook.defaultName'));
  const [config, setConfig] = useState<WebhookConfig>(initial?.config ?? DEFAULT_WEBHOOK);
  const [sample, setSample] = useState(SAMPLE);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const sampleId = useId();
  const preview = renderInputTemplate(config.inputTemplate, { body: sample });
  const error = (field: string) => localErrors[field] ?? errors[`config.${field}`];
  const set = <K extends keyof WebhookConfig>(key: K, value: WebhookConfig[K]) =>
    setConfig((current) => ({ ...current, [key]: value }));
  const setSignature = (patch: Partial<WebhookSignature>) =>
    setConfig((current) => ({
      ...current,
      signature: {
        header: '',
        credentialId: '',
        algorithm: 'sha256',
        prefix: '',
        ...current.signature,
        ...patch,
      },
    }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('form.nameMissing');
    if (config.signature && !config.signature.header.trim())
      problems['signature.header'] = t('webhook.headerMissing');
    if (config.signature && !config.signature.credentialId)
      problems['signature.credentialId'] = t('webhook.secretMissing');
    if (config.allowWait && (config.waitTimeoutMs < 1000 || config.waitTimeoutMs > 120_000))
      problems.waitTimeoutMs = t('webhook.waitRange');
    if (config.maxBodyBytes < 1024 || config.maxBodyBytes > 1024 * 1024)
      problems.maxBodyBytes = t('webhook.bodyRange');
    for (const [field, cap] of Object.entries(limitProblems(config.limits)))
      problems[field] = t(`limits.${cap}Range`);
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) onSubmit({ name: name.trim(), config });
  }

  return (
    <form onSubmit={submit} className="space-y-5" aria-label={t('webhook.formLabel')} noValidate>
      <Field label={t('form.name')} error={localErrors.name ?? errors.name}>
        <Input value={name} onChange={(event) => setName(event.target.value)} maxLength={120} required />
      </Field>

      <div className="grid gap-4 lg:grid-cols-2">
        <Field label={t('form.input')} error={error('inputTemplate')} hint={t('webhook.inputHint')}>
          <textarea
            className={TEXTAREA}
            rows={6}
            value={config.inputTemplate}
            onChange={(event) => set('inputTemplate', event.target.value)}
          />
        </Field>
        <div className="space-y-1">
          <label htmlFor={sampleId} className="text-sm font-medium text-slate-700">
            {t('webhook.sample')}
          </label>
          <textarea
            id={sampleId}
            className={TEXTAREA}
            rows={6}
            value={sample}
            onChange={(event) => setSample(event.target.value)}
          />
        </div>
      </div>
      <div aria-live="polite">
        <p className="text-sm font-medium text-slate-700">{t('webhook.preview')}</p>
        <pre
          data-testid="input-preview"
          className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm"
        >
          {preview.text || t('webhook.previewEmpty')}
        </pre>
        {preview.missing.length > 0 ? (
          <p className="mt-1 text-xs text-amber-700">
            {t('webhook.missing', { placeholders: preview.missing.join(', ') })}
          </p>
        ) : null}
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">{t('webhook.signature')}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={config.signature !== undefined}
            onChange={(event) =>
              event.target.checked
                ? setSignature({ ...SIGNATURE_PRESETS[0]!.value })
                : set('signature', undefined)
            }
          />
          {t('webhook.signatureCheck')}
        </label>
        {config.signature ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t('webhook.preset')}>
              <Select
                value=""
                onChange={(event) => {
                  const preset = SIGNATURE_PRESETS[Number(event.target.value)];
                  if (preset) setSignature(preset.value);
                }}
              >
                <option value="">{t('webhook.presetChoose')}</option>
                {SIGNATURE_PRESETS.map((preset, index) => (
                  <option key={preset.id} value={index}>
                    {t('webhook.presetName', { preset: preset.id })}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('webhook.header')} error={error('signature.header')}>
              <Input
                value={config.signature.header}
                onChange={(event) => setSignature({ header: event.target.value })}
              />
            </Field>
            <Field
              label={t('webhook.secret')}
              error={error('signature.credentialId')}
              hint={t('webhook.secretHint')}
            >
              <Select
                value={config.signature.credentialId}
                onChange={(event) => setSignature({ credentialId: event.target.value })}
              >
                <option value="">{t('webhook.secretChoose')}</option>
                {(credentials.data ?? []).map((credential) => (
                  <option key={credential.id} value={credential.id}>
                    {credential.maskedKey
                      ? t('webhook.credentialWithKey', {
                          name: credential.name,
                          provider: credential.provider,
                          key: credential.maskedKey,
                        })
                      : t('webhook.credential', { name: credential.name, provider: credential.provider })}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('webhook.algorithm')} error={error('signature.algorithm')}>
              <Select
                value={config.signature.algorithm}
                onChange={(event) =>
                  setSignature({ algorithm: event.target.value as WebhookSignature['algorithm'] })
                }
              >
                <option value="sha256">{'HMAC-SHA256'}</option>
                <option value="sha512">{'HMAC-SHA512'}</option>
                <option value="sha1">{t('webhook.sha1')}</option>
              </Select>
            </Field>
            <Field
              label={t('webhook.prefix')}
              hint={t('webhook.prefixHint')}
              error={error('signature.prefix')}
            >
              <Input
                value={config.signature.prefix}
                onChange={(event) => setSignature({ prefix: event.target.value })}
              />
            </Field>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">{t('webhook.answer')}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={config.allowWait}
            onChange={(event) => set('allowWait', event.target.checked)}
          />
          {t('webhook.allowWait')}
        </label>
        <div className="grid gap-4 sm:grid-cols-2">
          {config.allowWait ? (
            <Field label={t('webhook.wait')} error={error('waitTimeoutMs')} hint={t('webhook.waitHint')}>
              <Input
                type="number"
                min={1}
                max={120}
                value={config.waitTimeoutMs / 1000}
                onChange={(event) =>
                  set('waitTimeoutMs', Math.round((event.target.valueAsNumber || 0) * 1000))
                }
              />
            </Field>
          ) : null}
          <Field label={t('webhook.body')} error={error('maxBodyBytes')} hint={t('webhook.bodyHint')}>
            <Input
              type="number"
              min={1}
              max={1024}
              value={config.maxBodyBytes / 1024}
              onChange={(event) => set('maxBodyBytes', Math.round((event.target.valueAsNumber || 0) * 1024))}
            />
          </Field>
        </div>
      </fieldset>

      <LimitsFields
        value={config.limits}
        onChange={(limits) => set('limits', limits)}
        errors={{ runsPerMinute: error('limits.runsPerMinute'), tokensPerDay: error('limits.tokensPerDay') }}
      />

      <TriggerFormActions readOnly={readOnly} saving={saving} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
