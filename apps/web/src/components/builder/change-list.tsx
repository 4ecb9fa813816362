import type { GraphChange } from '@agentry/engine/graph';
import { formatChange } from '../graph-diff/format-setting';

const MARKS: Record<GraphChange['kind'], { mark: string; verb: string; tone: string }> = {
  'node-added': { mark: '+', verb: 'Added', tone: 'text-emerald-700' },
  'node-removed': { mark: '−', verb: 'Removed', tone: 'text-red-700' },
  'node-changed': { mark: '~', verb: 'Changed', tone: 'text-amber-700' },
  'edge-added': { mark: '+', verb: 'Connected', tone: 'text-emerald-700' },
  'edge-removed': { mark: '−', verb: 'Disconnected', tone: 'text-red-700' },
};

/** What changed between two graphs: nodes and settings added, removed or changed, and connections. */
export function ChangeList({
  changes,
  empty = 'No changes.',
}: {
  changes: readonly GraphChange[];
  empty?: string;
}) {
  if (changes.length === 0) return <p className="text-xs text-slate-500">{empty}</p>;
  return (
    <ul className="space-y-1 text-xs" data-testid="change-list">
      {changes.map((change, index) => {
        const { mark, verb, tone } = MARKS[change.kind];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: changes have no id
          <li key={index}>
            <span className={`font-mono font-semibold ${tone}`}>{mark}</span> {verb}{' '}
            <strong>{change.label}</strong>
            {change.settings?.length ? (
              <ul className="mt-0.5 ml-4 list-disc text-slate-600">
                {change.settings.map((setting) => (
                  <li key={setting.key}>
                    {setting.key}: {formatChange(setting.before, setting.after).join(' → ')}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
