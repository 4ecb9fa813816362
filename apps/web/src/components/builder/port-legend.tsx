'use client';

import type { PortType } from '@agentry/engine/graph';
import { Panel } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { useEngineWords } from '@/i18n/engine-words';
import { PORT_COLORS, PORT_TYPE_NOTES } from './port-colors';

/** The colour key of port types, folded in a corner of the canvas. */
export function PortLegend() {
  const t = useTranslations('nodeCard');
  const { portTypeName, portTypeNote } = useEngineWords();
  return (
    <Panel position="top-left">
      <details className="rounded-md border border-slate-200 bg-white/95 px-3 py-1.5 text-xs shadow-sm">
        <summary className="cursor-pointer select-none font-medium text-slate-700">{t('portTypes')}</summary>
        <ul className="mt-1.5 space-y-1" aria-label={t('portTypeColours')}>
          {(Object.keys(PORT_COLORS) as PortType[]).map((type) => (
            <li key={type} className="flex items-center gap-2">
              <span className="h-3 w-3 rounded-full" style={{ background: PORT_COLORS[type] }} />
              <span className="font-medium">{portTypeName(type)}</span>
              <span className="text-slate-500">{portTypeNote(type, PORT_TYPE_NOTES[type])}</span>
            </li>
          ))}
        </ul>
        <p className="mt-1.5 max-w-56 text-slate-500">{t('legendHint')}</p>
      </details>
    </Panel>
  );
}
