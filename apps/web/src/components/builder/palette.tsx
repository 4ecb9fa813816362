'use client';

import type { NodeCatalogEntry } from '@agentry/engine/graph';
import { type DragEvent, type KeyboardEvent, useMemo, useState } from 'react';
import { PALETTE_MIME } from './canvas';
import { catalog } from './node-types';

function matches(entry: NodeCatalogEntry, query: string): boolean {
  const text = `${entry.title} ${entry.type} ${entry.group} ${entry.description}`.toLowerCase();
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
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const trimmed = query.trim();
    return trimmed ? catalog.filter((entry) => matches(entry, trimmed)) : catalog;
  }, [query]);
  const groups = useMemo(() => {
    const byGroup = new Map<string, NodeCatalogEntry[]>();
    for (const entry of shown) {
      const list = byGroup.get(entry.group);
      if (list) list.push(entry);
      else byGroup.set(entry.group, [entry]);
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
    <aside
      aria-label="Node palette"
      className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white"
    >
      <div className="border-b border-slate-100 p-2">
        <input
          type="search"
          aria-label="Search nodes"
          placeholder="Search nodes…"
          title="Type to filter; Enter adds the first match"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30"
        />
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {groups.length === 0 ? (
          <p className="p-2 text-sm text-slate-500">No node matches “{query}”.</p>
        ) : null}
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
                    title={`${entry.description}\nDrag onto the canvas, or click to add.`}
                    className="block w-full cursor-grab rounded-md border border-slate-200 bg-white px-2 py-1.5 text-left text-sm hover:border-brand-500 hover:bg-brand-50 active:cursor-grabbing"
                  >
                    <span className="font-medium">{entry.title}</span>
                    <span className="block truncate text-xs text-slate-500">{entry.description}</span>
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
