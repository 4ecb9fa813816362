import { isInitialised } from '@agentry/api';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AuthForm } from '@/components/auth-form';
import { openServerRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if (await isInitialised(await openServerRuntime())) redirect('/sign-in');
  const t = await getTranslations('auth');
  return (
    <>
      <h1 className="text-xl font-semibold">{t('welcome')}</h1>
      <p className="mb-5 mt-1 text-sm text-slate-600">{t('setupIntro')}</p>
      <AuthForm mode="setup" />
    </>
  );
}
