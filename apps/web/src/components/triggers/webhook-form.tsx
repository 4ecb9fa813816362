'use client';

import { useQuery } from '@tanstack/react-query';
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
  const trpc = useTRPC();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const [name, setName] = useState(initial?.name ?? 'Webhook');
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
    if (!name.trim()) problems.name = 'Name the trigger.';
    if (config.signature && !config.signature.header.trim())
      problems['signature.header'] = 'Name the header that carries the signature.';
    if (config.signature && !config.signature.credentialId)
      problems['signature.credentialId'] = 'Pick the credential holding the shared secret.';
    if (config.allowWait && (config.waitTimeoutMs < 1000 || config.waitTimeoutMs > 120_000))
      problems.waitTimeoutMs = 'From 1 to 120 seconds.';
    if (config.maxBodyBytes < 1024 || config.maxBodyBytes > 1024 * 1024)
      problems.maxBodyBytes = 'From 1 to 1024 KiB.';
    Object.assign(problems, limitProblems(config.limits));
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) onSubmit({ name: name.trim(), config });
  }

  return (
    <form onSubmit={submit} className="space-y-5" aria-label="Webhook trigger" noValidate>
      <Field label="Name" error={localErrors.name ?? errors.name}>
        <Input value={name} onChange={(event) => setName(event.target.value)} maxLength={120} required />
      </Field>

      <div className="grid gap-4 lg:grid-cols-2">
        <Field
          label="Input message"
          error={error('inputTemplate')}
          hint="{{body}} is the whole body; {{body.field.sub}} a JSON or form field; {{query.name}} a query parameter; {{headers.name}} a header."
        >
          <textarea
            className={TEXTAREA}
            rows={6}
            value={config.inputTemplate}
            onChange={(event) => set('inputTemplate', event.target.value)}
          />
        </Field>
        <div className="space-y-1">
          <label htmlFor={sampleId} className="text-sm font-medium text-slate-700">
            Sample request body (for the preview only)
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
        <p className="text-sm font-medium text-slate-700">The run would get</p>
        <pre
          data-testid="input-preview"
          className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm"
        >
          {preview.text || '(empty)'}
        </pre>
        {preview.missing.length > 0 ? (
          <p className="mt-1 text-xs text-amber-700">
            Nothing in the sample for {preview.missing.join(', ')} (left empty).
          </p>
        ) : null}
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Signature</legend>
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
          Check an HMAC signature of the body (requests without a valid one get 401)
        </label>
        {config.signature ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Preset">
              <Select
                value=""
                onChange={(event) => {
                  const preset = SIGNATURE_PRESETS[Number(event.target.value)];
                  if (preset) setSignature(preset.value);
                }}
              >
                <option value="">Fill from a preset…</option>
                {SIGNATURE_PRESETS.map((preset, index) => (
                  <option key={preset.label} value={index}>
                    {preset.label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Signature header" error={error('signature.header')}>
              <Input
                value={config.signature.header}
                onChange={(event) => setSignature({ header: event.target.value })}
              />
            </Field>
            <Field
              label="Secret (credential)"
              error={error('signature.credentialId')}
              hint="The shared secret is the key of a credential (Settings → Credentials), never stored in the trigger."
            >
              <Select
                value={config.signature.credentialId}
                onChange={(event) => setSignature({ credentialId: event.target.value })}
              >
                <option value="">Choose a credential…</option>
                {(credentials.data ?? []).map((credential) => (
                  <option key={credential.id} value={credential.id}>
                    {credential.name} ({credential.provider}
                    {credential.maskedKey ? `, ${credential.maskedKey}` : ''})
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Algorithm" error={error('signature.algorithm')}>
              <Select
                value={config.signature.algorithm}
                onChange={(event) =>
                  setSignature({ algorithm: event.target.value as WebhookSignature['algorithm'] })
                }
              >
                <option value="sha256">HMAC-SHA256</option>
                <option value="sha512">HMAC-SHA512</option>
                <option value="sha1">HMAC-SHA1 (legacy senders only)</option>
              </Select>
            </Field>
            <Field
              label="Prefix before the hex digest"
              hint="e.g. sha256= for GitHub; empty for a bare digest."
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
        <legend className="text-sm font-semibold">Answer</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={config.allowWait}
            onChange={(event) => set('allowWait', event.target.checked)}
          />
          Allow callers to wait for the answer with ?wait=1 (otherwise 202 with the run id at once)
        </label>
        <div className="grid gap-4 sm:grid-cols-2">
          {config.allowWait ? (
            <Field
              label="Longest wait (seconds)"
              error={error('waitTimeoutMs')}
              hint="Then the caller gets 202 and the run goes on."
            >
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
          <Field
            label="Largest body (KiB)"
            error={error('maxBodyBytes')}
            hint="Larger requests get 413 (at most 1024)."
          >
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
