import type { TextareaHTMLAttributes } from 'react';

/** A multi-line input styled like the app's inputs; `mono` for JSON and patterns. */
export function Textarea({
  mono = false,
  className = '',
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { mono?: boolean }) {
  return (
    <textarea
      {...props}
      className={`block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30 disabled:bg-slate-50 ${mono ? 'font-mono' : ''} ${className}`}
    />
  );
}
