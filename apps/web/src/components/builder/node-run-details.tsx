'use client';

import { useNodeRunState } from './run-state-store';

/** A duration for people: "<1 ms", "12 ms", "1.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The selected node's last preview run: status, time, tokens, what it received and produced, its error. */
export function NodeRunDetails({ nodeId }: { nodeId: string }) {
  const run = useNodeRunState(nodeId);
  if (run.status === 'idle') return null;
  const inputs = Object.entries(run.inputs ?? {});
  return (
    <section
      aria-label="Last run"
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-xs"
    >
      <h3 className="font-semibold text-slate-700">
        Last run: {run.status}
        {run.durationMs !== undefined ? ` · ${formatDuration(run.durationMs)}` : ''}
        {run.usage ? ` · ${run.usage.inputTokens} in / ${run.usage.outputTokens} out tokens` : ''}
      </h3>
      {inputs.length > 0 ? (
        <div>
          <p className="font-medium text-slate-600">Inputs</p>
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
          <p className="font-medium text-slate-600">Output</p>
          <p className="mt-1 whitespace-pre-wrap break-words" data-testid="run-output">
            {run.outputPreview}
          </p>
        </div>
      ) : null}
      {run.error ? <p className="text-red-700">{run.error.message}</p> : null}
    </section>
  );
}
