import { isInitialised } from '@agentry/api';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AuthForm } from '@/components/auth-form';
import { openServerRuntime } from '@/lib/runtime';
import { currentActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  if (!(await isInitialised(await openServerRuntime()))) redirect('/setup');
  if (await currentActor()) redirect('/agents');
  const t = await getTranslations('auth');
  return (
    <>
      <h1 className="mb-5 text-xl font-semibold">{t('signInTitle')}</h1>
      <AuthForm mode="sign-in" />
    </>
  );
}
