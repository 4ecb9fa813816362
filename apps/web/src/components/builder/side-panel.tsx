'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { CopilotHistory } from '../copilot/copilot-history';
import { useBuilder } from './builder-context';
import type { SidePanel as PanelName } from './builder-toolbar';

const TABS: readonly PanelName[] = ['settings', 'problems', 'history'];

/**
 * The builder's right-hand panel: the selected node's settings, the problems, the version history (with
 * the changes accepted from the Copilot under it).
 */
export function SidePanel(props: {
  panel: PanelName;
  onPanel: (panel: PanelName) => void;
  problemCount: number;
  settings: ReactNode;
  problems: ReactNode;
  history: ReactNode;
  /** Escape inside the node's settings: the builder gives the focus back to the node. */
  onLeaveSettings?: () => void;
}) {
  const t = useTranslations('builder.sidePanel');
  const { agentId } = useBuilder();
  return (
    <aside
      className="w-80 shrink-0 overflow-y-auto border-l border-slate-200 bg-white"
      aria-label={t('label')}
    >
      <div className="flex border-b border-slate-200 text-sm" role="tablist">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={props.panel === name}
            onClick={() => props.onPanel(name)}
            className="flex-1 px-2 py-2 font-medium capitalize text-slate-600 aria-selected:border-b-2 aria-selected:border-brand-600 aria-selected:text-brand-700"
          >
            {name === 'problems' ? t('problems', { count: props.problemCount }) : t(name)}
          </button>
        ))}
      </div>
      {/* The builder finds the settings' first field inside (its name is the page's language). */}
      {/* Escape in a field of the settings returns to the node on the canvas (a field that uses Escape
          itself, such as an open list, stops it first). */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the key handler only listens to the fields inside */}
      <div
        data-side-panel={props.panel}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !event.defaultPrevented && props.panel === 'settings') {
            event.preventDefault();
            props.onLeaveSettings?.();
          }
        }}
      >
        {props[props.panel]}
      </div>
      {props.panel === 'history' ? <CopilotHistory agentId={agentId} /> : null}
    </aside>
  );
}
