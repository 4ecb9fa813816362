import type { ReactNode } from 'react';
import { LocaleChooser } from '@/components/locale-chooser';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div
            aria-hidden="true"
            className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-xl bg-brand-600 text-lg font-bold text-white"
          >
            A
          </div>
          <p className="text-sm font-medium text-slate-500">Agentry</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
        <div className="mt-4">
          <LocaleChooser />
        </div>
      </div>
    </main>
  );
}
