'use client';

import Link from 'next/link';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';

type Tone = 'info' | 'success' | 'error';
/** A link a toast offers (e.g. to the page where the thing just made can be seen). */
interface ToastLink {
  href: string;
  label: string;
}
/** A button a toast offers (e.g. Undo); pressing it also dismisses the toast. */
interface ToastAction {
  label: string;
  onClick(): void;
}
interface Toast {
  id: number;
  message: string;
  tone: Tone;
  link?: ToastLink | ToastAction;
}

type Notify = (message: string, tone?: Tone, link?: ToastLink | ToastAction) => void;
const ToastContext = createContext<Notify>(() => {});

const TONES: Record<Tone, string> = {
  info: 'border-slate-200 bg-white text-slate-800',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  error: 'border-red-200 bg-red-50 text-red-800',
};

function ToastButton({ action, onDone }: { action: ToastAction; onDone(): void }) {
  return (
    <button
      type="button"
      className="ml-2 font-medium underline"
      onClick={() => {
        action.onClick();
        onDone();
      }}
    >
      {action.label}
    </button>
  );
}

/** Short notices at the bottom of the builder (saved, published, refused connection...). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const notify = useCallback<Notify>((message, tone = 'info', link) => {
    const id = ++next.current;
    setToasts((current) =>
      [...current.filter((toast) => toast.message !== message), { id, message, tone, link }].slice(-4),
    );
    setTimeout(
      () => setToasts((current) => current.filter((toast) => toast.id !== id)),
      // A toast with a link stays longer, so there is time to reach the link (also by keyboard).
      tone === 'error' || link ? 8000 : 5000,
    );
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="pointer-events-none fixed bottom-4 left-1/2 z-50 flex -translate-x-1/2 flex-col items-center gap-2">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === 'error' ? 'alert' : 'status'}
            className={`pointer-events-auto max-w-lg rounded-md border px-4 py-2 text-sm shadow-lg ${TONES[toast.tone]}`}
          >
            {toast.message}
            {toast.link && 'href' in toast.link ? (
              <Link href={toast.link.href} className="ml-2 font-medium underline">
                {toast.link.label}
              </Link>
            ) : toast.link ? (
              <ToastButton
                action={toast.link}
                onDone={() => setToasts((current) => current.filter((item) => item.id !== toast.id))}
              />
            ) : null}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows a toast. */
export function useNotify(): Notify {
  return useContext(ToastContext);
}
