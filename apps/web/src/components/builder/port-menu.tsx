'use client';

import { type KeyboardEvent, type RefObject, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { createPortal } from 'react-dom';
import { choiceLabel, type PortChoice, usePortWords } from './port-choices';

/**
 * The keyboard way to join ports: a listbox of the ports this one may join (only valid ones) and of its
 * edges to remove. Arrows move, Enter picks, Escape or Tab closes; focus then goes back to the port.
 * Drawn in a portal at the port's place on screen, so the canvas's zoom never makes it unreadable.
 */
export function PortMenu({
  title,
  choices,
  anchor,
  onPick,
  onClose,
}: {
  title: string;
  choices: readonly PortChoice[];
  anchor: RefObject<HTMLElement | null>;
  onPick: (choice: PortChoice) => void;
  onClose: () => void;
}) {
  const id = useId();
  const t = useTranslations('nodeCard');
  const words = usePortWords();
  const list = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const box = anchor.current?.getBoundingClientRect();
    if (!box) return;
    const left = Math.min(box.right + 8, window.innerWidth - 330);
    const top = Math.min(box.top - 8, window.innerHeight - 280);
    setPlace({ left: Math.max(8, left), top: Math.max(8, top) });
  }, [anchor]);
  useLayoutEffect(() => {
    if (place) list.current?.focus();
  }, [place]);

  const onKeyDown = (event: KeyboardEvent) => {
    // The canvas and its nodes listen for these keys too (select, move, delete): the menu has them.
    event.stopPropagation();
    const last = choices.length - 1;
    if (event.key === 'ArrowDown') setActive((index) => Math.min(last, index + 1));
    else if (event.key === 'ArrowUp') setActive((index) => Math.max(0, index - 1));
    else if (event.key === 'Home') setActive(0);
    else if (event.key === 'End') setActive(Math.max(0, last));
    else if (event.key === 'Enter' || event.key === ' ') {
      const choice = choices[active];
      if (choice) onPick(choice);
    } else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else return;
    event.preventDefault();
  };

  if (!place) return null;
  const activeChoice = choices[active];
  return createPortal(
    <div
      className="fixed z-50 w-80 rounded-md border border-slate-300 bg-white p-1 text-sm shadow-lg"
      style={place}
      data-testid="port-menu"
    >
      <p id={`${id}-title`} className="px-2 py-1 text-xs font-semibold text-slate-600">
        {title}
      </p>
      {choices.length === 0 ? (
        <p className="px-2 py-1 text-slate-500" role="status">
          {t('noCompatiblePort')}
        </p>
      ) : null}
      <div
        ref={list}
        role="listbox"
        tabIndex={0}
        aria-labelledby={`${id}-title`}
        aria-activedescendant={activeChoice ? `${id}-${active}` : undefined}
        onKeyDown={onKeyDown}
        onBlur={(event) => {
          if (!event.currentTarget.parentElement?.contains(event.relatedTarget as Node | null)) onClose();
        }}
        className="max-h-60 overflow-y-auto outline-none"
      >
        {choices.map((choice, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox keeps the focus and handles the keys (aria-activedescendant)
          <div
            key={choice.key}
            id={`${id}-${index}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(choice)}
            className={`cursor-pointer rounded px-2 py-1 ${index === active ? 'bg-brand-100 text-brand-900' : ''} ${choice.kind === 'disconnect' ? 'text-red-700' : ''}`}
          >
            {choiceLabel(choice, words)}
            {choice.kind === 'connect' && choice.replaces ? (
              <span className="text-xs text-slate-500">{t('replacesEdge')}</span>
            ) : null}
          </div>
        ))}
      </div>
    </div>,
    document.body,
  );
}
