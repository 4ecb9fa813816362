import type { GraphChange } from '@agentry/engine/graph';
import { useTranslations } from 'next-intl';
import { formatChange } from '../graph-diff/format-setting';

const MARKS: Record<
  GraphChange['kind'],
  {
    mark: string;
    verb: 'nodeAdded' | 'nodeRemoved' | 'nodeChanged' | 'edgeAdded' | 'edgeRemoved';
    tone: string;
  }
> = {
  'node-added': { mark: '+', verb: 'nodeAdded', tone: 'text-emerald-700' },
  'node-removed': { mark: '−', verb: 'nodeRemoved', tone: 'text-red-700' },
  'node-changed': { mark: '~', verb: 'nodeChanged', tone: 'text-amber-700' },
  'edge-added': { mark: '+', verb: 'edgeAdded', tone: 'text-emerald-700' },
  'edge-removed': { mark: '−', verb: 'edgeRemoved', tone: 'text-red-700' },
};

/** What changed between two graphs: nodes and settings added, removed or changed, and connections. */
export function ChangeList({ changes, empty }: { changes: readonly GraphChange[]; empty?: string }) {
  const t = useTranslations('versions.changes');
  if (changes.length === 0) return <p className="text-xs text-slate-500">{empty ?? t('none')}</p>;
  return (
    <ul className="space-y-1 text-xs" data-testid="change-list">
      {changes.map((change, index) => {
        const { mark, verb, tone } = MARKS[change.kind];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: changes have no id
          <li key={index}>
            <span className={`font-mono font-semibold ${tone}`}>{mark}</span>{' '}
            {t.rich(verb, { label: change.label, strong: (chunks) => <strong>{chunks}</strong> })}
            {change.settings?.length ? (
              <ul className="mt-0.5 ml-4 list-disc text-slate-600">
                {change.settings.map((setting) => (
                  <li key={setting.key}>
                    {setting.key}: {formatChange(setting.before, setting.after, 80, t('notSet')).join(' → ')}
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
