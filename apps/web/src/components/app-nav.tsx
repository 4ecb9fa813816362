'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useTRPC } from '@/lib/trpc';

const LINKS = [
  { href: '/agents', label: 'agents' },
  { href: '/credentials', label: 'credentials' },
  { href: '/knowledge', label: 'knowledge' },
  { href: '/approvals', label: 'approvals' },
  { href: '/usage', label: 'usage' },
  { href: '/settings', label: 'settings' },
  { href: '/docs/api', label: 'api' },
] as const;

const ROLES = ['owner', 'editor', 'viewer'] as const;
type Role = (typeof ROLES)[number];

/** The sidebar: sections, the signed-in person and sign-out. */
export function AppNav({ user }: { user: { name: string; email: string; role: string } }) {
  const t = useTranslations('nav');
  const pathname = usePathname();
  const router = useRouter();
  const trpc = useTRPC();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  // Runs waiting for a person: refreshed every 15 s and when the window regains focus.
  const waiting = useQuery({ ...trpc.runs.waitingCount.queryOptions(), refetchInterval: 15_000 });
  return (
    <nav aria-label={t('main')} className="flex h-full flex-col gap-1 p-3">
      <Link href="/agents" className="mb-4 flex items-center gap-2 px-2 py-1">
        <span className="flex h-7 w-7 items-center justify-center rounded-lg bg-brand-600 text-sm font-bold text-white">
          A
        </span>
        <span className="font-semibold">Agentry</span>
      </Link>
      {LINKS.map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${active ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {t(link.label)}
            {link.href === '/approvals' && waiting.data ? (
              <span
                className="ml-2 rounded-full bg-amber-500 px-1.5 py-0.5 text-xs font-semibold text-white"
                data-testid="approvals-count"
              >
                <span aria-hidden="true">{waiting.data}</span>
                <span className="sr-only">{t('waiting', { count: waiting.data })}</span>
              </span>
            ) : null}
          </Link>
        );
      })}
      <div className="mt-auto border-t border-slate-200 pt-3">
        <p className="truncate px-2 text-sm font-medium" title={user.email}>
          {user.name}
        </p>
        <p className="truncate px-2 text-xs text-slate-500">
          {user.email} · {ROLES.includes(user.role as Role) ? t(`role.${user.role as Role}`) : user.role}
        </p>
        <button
          type="button"
          className="mt-2 w-full rounded-md px-2 py-1.5 text-left text-sm text-slate-600 hover:bg-slate-100"
          disabled={signOut.isPending}
          onClick={async () => {
            await signOut.mutateAsync();
            router.replace('/sign-in');
            router.refresh();
          }}
        >
          {t('signOut')}
        </button>
      </div>
    </nav>
  );
}
