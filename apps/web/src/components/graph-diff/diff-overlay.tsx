'use client';

import { useTranslations } from 'next-intl';
import { type RefObject, useEffect, useId, useRef } from 'react';
import type { CanvasDiff } from '../builder/builder-context';
import { Button } from '../ui';
import { DiffCanvas, type DiffCanvasHandle } from './diff-canvas';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The comparison in place of the editor canvas: a bar (what is shown, the owner's actions, Close) over
 * a read-only DiffCanvas. The focus moves to the bar when it opens; Escape closes it, unless a dialog is
 * open above it or the key was for a text field elsewhere (the copilot's composer).
 */
export function DiffOverlay({
  diff,
  canvasSerial,
  onClose,
  ref,
  canvasRef,
}: {
  diff: CanvasDiff;
  canvasSerial: number;
  onClose: () => void;
  ref: RefObject<HTMLDivElement | null>;
  canvasRef: RefObject<DiffCanvasHandle | null>;
}) {
  const t = useTranslations('graphDiff');
  const common = useTranslations('common');
  const bar = useRef<HTMLElement>(null);
  const titleId = useId();
  useEffect(() => {
    bar.current?.focus();
  }, []);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const inside = event.target instanceof Node && ref.current?.contains(event.target);
      if (isTyping(event.target) && !inside) return;
      onClose();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onClose, ref]);

  return (
    <div ref={ref} className="absolute inset-0 z-10 flex flex-col bg-slate-50" data-testid="canvas-diff">
      <section
        ref={bar}
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid="diff-bar"
        className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-amber-200 bg-amber-50 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600"
      >
        <span className="rounded bg-amber-200 px-1.5 text-xs font-semibold text-amber-950">
          {t('readOnly')}
        </span>
        <h2 id={titleId} className="min-w-0 truncate font-semibold text-slate-900" title={diff.title}>
          {diff.title}
        </h2>
        <div className="ml-auto flex items-center gap-2">
          {diff.actions}
          <Button variant="secondary" className="py-1" onClick={onClose} aria-keyshortcuts="Escape">
            {common('close')}
          </Button>
        </div>
      </section>
      <div className="min-h-0 flex-1">
        <DiffCanvas key={canvasSerial} ref={canvasRef} before={diff.before} after={diff.after} />
      </div>
    </div>
  );
}
