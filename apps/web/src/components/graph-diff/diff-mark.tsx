'use client';

import { useTranslations } from 'next-intl';
import { formatSetting } from './format-setting';
import type { DiffSetting, DiffStatus } from './merge-for-diff';

/**
 * How each status looks: a mark and a word (`graphDiff.status.*`; colour is never the only signal) and
 * the box's ring.
 */
export const DIFF_LOOKS: Record<DiffStatus, { mark: string; badge: string; box: string }> = {
  added: {
    mark: '+',
    badge: 'bg-emerald-700 text-white',
    box: 'border-emerald-600 ring-4 ring-emerald-500/60',
  },
  removed: {
    mark: '−',
    badge: 'bg-red-700 text-white',
    box: 'border-dashed border-red-500 opacity-50 outline-2 outline-offset-2 outline-dashed outline-red-500',
  },
  changed: {
    mark: '~',
    badge: 'bg-amber-400 text-amber-950',
    box: 'border-amber-500 ring-4 ring-amber-400/70',
  },
};

/**
 * The badge above a node of a diff (outside the node's box, so the box keeps the sizes
 * `node-geometry.ts` expects) and, for a changed node, its changed settings, shown while the node is
 * hovered or focused: React Flow's node wrapper carries `DIFF_NODE_CLASS` (set by `mergeForDiff`).
 */
export function DiffMark({ status, settings }: { status: DiffStatus; settings: readonly DiffSetting[] }) {
  const t = useTranslations('graphDiff');
  const look = DIFF_LOOKS[status];
  return (
    <>
      <span
        data-testid="diff-mark"
        className={`pointer-events-none absolute -top-3 left-3 rounded-full px-2 text-xs leading-5 font-semibold shadow-sm ${look.badge}`}
      >
        <span aria-hidden="true">{look.mark}</span> {t(`status.${status}`)}
      </span>
      {settings.length > 0 ? (
        <div
          role="tooltip"
          data-testid="diff-settings"
          className="invisible absolute top-full left-0 mt-2 w-80 rounded-md border border-amber-300 bg-white p-2 text-xs text-slate-700 shadow-lg group-hover/diff:visible group-focus-visible/diff:visible"
        >
          <p className="mb-1 font-semibold text-amber-900">{t('changedSettings')}</p>
          <ul className="space-y-0.5">
            {settings.map((setting) => (
              <li key={setting.key} className="break-words">
                {formatSetting(setting, 60, t('notSet'))}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
