'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, useEffect, useId, useRef } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native `<dialog>` (`showModal()`): the browser keeps the focus inside and the
 * rest of the page inert; Escape and a click on the backdrop close it; on close the focus goes back to
 * what had it before (the button that opened it). The caller mounts it to open it and unmounts it on
 * `onClose`.
 */
export function Dialog({
  title,
  onClose,
  children,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const t = useTranslations('builder');
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    // showModal focuses the first focusable element, which is the header's close button: a form's
    // first field is a better start.
    element.querySelector<HTMLElement>('input, textarea, select, button:not([data-close])')?.focus();
    // Escape: the browser would close the dialog on its own while React still renders it.
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    // A modal <dialog> lets Tab leave for the browser's own controls after its last field; wrap instead,
    // so the focus stays in the dialog until it closes.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const focusable = [...element.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (item) => !item.closest('[inert]') && item.getClientRects().length > 0,
      );
      const first = focusable[0];
      const last = focusable.at(-1);
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    element.addEventListener('cancel', onCancel);
    element.addEventListener('keydown', onKeyDown);
    return () => {
      element.removeEventListener('cancel', onCancel);
      element.removeEventListener('keydown', onKeyDown);
      if (element.open) element.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes it (the dialog's cancel event)
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      // Said for the page's other Escape handlers (a comparison on the canvas), which yield to a modal.
      aria-modal="true"
      // A click on the dialog element itself is one on its backdrop: the content fills the box.
      onClick={(event) => {
        if (event.target === event.currentTarget) close.current();
      }}
      className={`m-auto max-h-[90vh] w-full overflow-hidden rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/40 ${wide ? 'h-[85vh] max-w-6xl' : 'max-w-lg'}`}
    >
      <div className={`flex max-h-[90vh] flex-col ${wide ? 'h-full' : ''}`}>
        <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <button
            type="button"
            data-close
            onClick={() => close.current()}
            className="rounded px-2 text-lg leading-none text-slate-500 hover:bg-slate-100"
            aria-label={t('closeDialog')}
          >
            ×
          </button>
        </header>
        <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
      </div>
    </dialog>
  );
}
