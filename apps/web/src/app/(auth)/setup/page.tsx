import { isInitialised } from '@agentry/api';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth-form';
import { openServerRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if (await isInitialised(await openServerRuntime())) redirect('/sign-in');
  return (
    <>
      <h1 className="text-xl font-semibold">Welcome to Agentry</h1>
      <p className="mb-5 mt-1 text-sm text-slate-600">
        Create the owner account for this install. You can add members later.
      </p>
      <AuthForm mode="setup" />
    </>
  );
}
