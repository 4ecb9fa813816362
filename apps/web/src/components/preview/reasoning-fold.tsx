'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';

/**
 * A model's reasoning, folded: "Reasoning ▸" opens it. Folded by default because it is long and not the
 * answer; a real button with aria-expanded, so keyboards and screen readers can open it too.
 */
export function ReasoningFold({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const t = useTranslations('preview.reasoning');
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="text-xs text-slate-500">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
        className="rounded px-1 py-0.5 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
      >
        {t('toggle', { arrow: open ? '▾' : '▸', streaming: streaming ? 'yes' : 'no' })}
      </button>
      {open ? (
        <p id={id} className="mt-1 whitespace-pre-wrap border-l-2 border-slate-200 pl-2 italic">
          {text}
        </p>
      ) : null}
    </div>
  );
}
