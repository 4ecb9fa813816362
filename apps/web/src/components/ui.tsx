import { useTranslations } from 'next-intl';
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-500/50',
  secondary: 'bg-white text-slate-800 border border-slate-300 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-300',
  ghost: 'text-slate-700 hover:bg-slate-100',
};

/** A button in one of the app's variants. */
export function Button({
  variant = 'primary',
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
    />
  );
}

/** A labelled form field with its error message. */
export function Field({
  label,
  error,
  children,
  hint,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is passed as children
    <label className="block space-y-1">
      <span className="text-sm font-medium text-slate-700">{label}</span>
      {children}
      {hint && !error ? <span className="block text-xs text-slate-500">{hint}</span> : null}
      {error ? (
        <span role="alert" className="block text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </label>
  );
}

const CONTROL =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30';

/** A text input. */
export function Input({ className = '', ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={`${CONTROL} ${className}`} />;
}

/** A select box. */
export function Select({ className = '', ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={`${CONTROL} ${className}`} />;
}

/** A white panel. */
export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <div className={`rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}>{children}</div>
  );
}

/** An error banner for a failed action. */
export function ErrorNote({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </p>
  );
}

/** A page heading with optional actions on the right. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** A centred message for an empty list, with what to do next. */
export function EmptyState({ title, body, action }: { title: string; body: string; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      <h2 className="text-base font-semibold">{title}</h2>
      <p className="mx-auto mt-1 max-w-md text-sm text-slate-600">{body}</p>
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}

/** A short grey loading line. */
export function Loading({ label }: { label?: string }) {
  const t = useTranslations('common');
  return (
    <p className="py-8 text-center text-sm text-slate-500" aria-live="polite">
      {label ?? t('loading')}
    </p>
  );
}

/** A table row's Edit (View for viewers) and Delete buttons, named after the row for screen readers. */
export function RowActions({
  name,
  canEdit,
  busy,
  onOpen,
  onDelete,
}: {
  name: string;
  canEdit: boolean;
  busy: boolean;
  onOpen(): void;
  onDelete(): void;
}) {
  const t = useTranslations('common');
  return (
    <>
      <Button
        variant="ghost"
        className="px-2 py-1 text-xs"
        onClick={onOpen}
        aria-label={canEdit ? t('editNamed', { name }) : t('viewNamed', { name })}
      >
        {canEdit ? t('edit') : t('view')}
      </Button>
      {canEdit ? (
        <Button
          variant="ghost"
          className="px-2 py-1 text-xs text-red-700"
          disabled={busy}
          onClick={onDelete}
          aria-label={t('deleteNamed', { name })}
        >
          {t('delete')}
        </Button>
      ) : null}
    </>
  );
}

/**
 * The foot of a settings form: its save button and a "Saved." status for editors, or a line saying who
 * may change the settings.
 */
export function SettingsSaveRow({
  canEdit,
  saving,
  saved,
  label,
  readOnlyNote,
}: {
  canEdit: boolean;
  saving: boolean;
  saved: boolean;
  label: string;
  readOnlyNote: string;
}) {
  const t = useTranslations('common');
  if (!canEdit) return <p className="text-xs text-slate-500">{readOnlyNote}</p>;
  return (
    <div className="flex items-center gap-3">
      <Button type="submit" variant="secondary" disabled={saving}>
        {saving ? t('saving') : label}
      </Button>
      {saved ? (
        <span role="status" className="text-sm text-emerald-700">
          {t('saved')}
        </span>
      ) : null}
    </div>
  );
}
