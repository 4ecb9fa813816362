'use client';

import { useTranslations } from 'next-intl';
import { useEngineWords } from '@/i18n/engine-words';
import { useFormat } from '@/i18n/format';
import { useNodeRunState } from './run-state-store';

/** The selected node's last preview run: status, time, tokens, what it received and produced, its error. */
export function NodeRunDetails({ nodeId }: { nodeId: string }) {
  const t = useTranslations('builder.lastRun');
  const format = useFormat();
  const { errorTitle } = useEngineWords();
  const run = useNodeRunState(nodeId);
  if (run.status === 'idle') return null;
  const inputs = Object.entries(run.inputs ?? {});
  const heading = [
    t('status', { status: run.status }),
    run.durationMs !== undefined ? format.duration(run.durationMs) : null,
    run.usage
      ? t('tokens', {
          input: format.number(run.usage.inputTokens),
          output: format.number(run.usage.outputTokens),
        })
      : null,
  ].filter((part): part is string => part !== null);
  const title = errorTitle(run.error?.code);
  return (
    <section
      aria-label={t('label')}
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-xs"
    >
      <h3 className="font-semibold text-slate-700">{heading.join(' · ')}</h3>
      {inputs.length > 0 ? (
        <div>
          <p className="font-medium text-slate-600">{t('inputs')}</p>
          <dl className="mt-1 space-y-1">
            {inputs.map(([port, value]) => (
              <div key={port}>
                <dt className="font-mono text-slate-500">{port}</dt>
                <dd className="whitespace-pre-wrap break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
      {run.outputPreview ? (
        <div>
          <p className="font-medium text-slate-600">{t('output')}</p>
          <p className="mt-1 whitespace-pre-wrap break-words" data-testid="run-output">
            {run.outputPreview}
          </p>
        </div>
      ) : null}
      {run.error ? (
        <div className="text-red-700">
          {title ? <p className="font-medium">{title}</p> : null}
          <p>{run.error.message}</p>
        </div>
      ) : null}
    </section>
  );
}
