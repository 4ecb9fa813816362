'use client';

import type { NodeCatalogEntry } from '@agentry/engine/graph';
import { useTranslations } from 'next-intl';
import { type DragEvent, type KeyboardEvent, useMemo, useState } from 'react';
import { type EngineWords, useEngineWords } from '@/i18n/engine-words';
import { PALETTE_MIME } from './canvas';
import { catalog } from './node-types';

/** A node type as the palette shows it: the engine's words and the page's. */
interface PaletteEntry extends NodeCatalogEntry {
  shownTitle: string;
  shownDescription: string;
  shownGroup: string;
}

function paletteEntries(words: EngineWords): PaletteEntry[] {
  return catalog.map((entry) => ({
    ...entry,
    shownTitle: words.nodeTitle(entry.type, entry.title),
    shownDescription: words.nodeDescription(entry.type, entry.description),
    shownGroup: words.groupName(entry.group),
  }));
}

// Both languages match: a search for "Model" finds the Model node on a Chinese page too.
function matches(entry: PaletteEntry, query: string): boolean {
  const text =
    `${entry.title} ${entry.type} ${entry.group} ${entry.description} ${entry.shownTitle} ${entry.shownGroup} ${entry.shownDescription}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

/**
 * Every node type, grouped as in the engine. Drag one onto the canvas, click it to add it in the
 * middle of the view, or search and press Enter to add the first match.
 */
export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const t = useTranslations('nodePalette');
  const words = useEngineWords();
  const all = useMemo(() => paletteEntries(words), [words]);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const trimmed = query.trim();
    return trimmed ? all.filter((entry) => matches(entry, trimmed)) : all;
  }, [all, query]);
  const groups = useMemo(() => {
    const byGroup = new Map<string, PaletteEntry[]>();
    for (const entry of shown) {
      const list = byGroup.get(entry.shownGroup);
      if (list) list.push(entry);
      else byGroup.set(entry.shownGroup, [entry]);
    }
    return [...byGroup];
  }, [shown]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && shown[0]) {
      event.preventDefault();
      onAdd(shown[0].type);
      setQuery('');
    }
  };
  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(PALETTE_MIME, type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside aria-label={t('label')} className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="border-b border-slate-100 p-2">
        <input
          type="search"
          aria-label={t('search')}
          placeholder={t('searchPlaceholder')}
          title={t('searchHint')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30"
        />
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {groups.length === 0 ? <p className="p-2 text-sm text-slate-500">{t('noMatch', { query })}</p> : null}
        {groups.map(([group, entries]) => (
          <section key={group} className="mb-3">
            <h3 className="px-1 pb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
              {group}
            </h3>
            <ul className="space-y-1">
              {entries.map((entry) => (
                <li key={entry.type}>
                  <button
                    type="button"
                    draggable
                    data-node-type={entry.type}
                    onDragStart={(event) => onDragStart(event, entry.type)}
                    onClick={() => onAdd(entry.type)}
                    title={t('entryHint', { description: entry.shownDescription })}
                    className="block w-full cursor-grab rounded-md border border-slate-200 bg-white px-2 py-1.5 text-left text-sm hover:border-brand-500 hover:bg-brand-50 active:cursor-grabbing"
                  >
                    <span className="font-medium">{entry.shownTitle}</span>
                    <span className="block truncate text-xs text-slate-500">{entry.shownDescription}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
