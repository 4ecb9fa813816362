/** The trigger that started a run, as the run history gets it. */
export interface RunTrigger {
  id: string;
  name: string;
  kind: string;
}

/**
 * The trigger of a run from the history's row: `trigger: { id, name, kind }`, or flat `triggerId`,
 * `triggerName`, `triggerKind`; null for a run no trigger started (or whose trigger was deleted).
 */
export function runTriggerOf(run: object): RunTrigger | null {
  const row = run as {
    trigger?: RunTrigger | null;
    triggerId?: string | null;
    triggerName?: string | null;
    triggerKind?: string | null;
  };
  if (row.trigger) return row.trigger;
  if (row.triggerId && row.triggerName && row.triggerKind)
    return { id: row.triggerId, name: row.triggerName, kind: row.triggerKind };
  return null;
}

/** Where a run came from: the source, and for a triggered run the trigger's kind and name. */
export function RunSource({ source, trigger }: { source: string; trigger?: RunTrigger | null }) {
  if (!trigger) return <span className="text-xs text-slate-500">{source}</span>;
  return (
    <span className="text-xs text-slate-500" data-testid="run-trigger">
      {trigger.kind === 'schedule' ? 'Schedule' : trigger.kind === 'webhook' ? 'Webhook' : trigger.kind}:{' '}
      <span className="font-medium text-slate-700">{trigger.name}</span>
    </span>
  );
}
