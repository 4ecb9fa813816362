'use client';

import { useMutation } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote, Field, Input } from './ui';

/** The owner sign-up (mode "setup") or the sign-in form. */
export function AuthForm({ mode }: { mode: 'setup' | 'sign-in' }) {
  const t = useTranslations('auth');
  const tErrors = useTranslations('apiErrors');
  const trpc = useTRPC();
  const router = useRouter();
  const signUp = useMutation(trpc.auth.signUpOwner.mutationOptions());
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const mutation = mode === 'setup' ? signUp : signIn;
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const fields = fieldErrors(mutation.error);
  // The one refusal of sign-in the form can name in the page's language: wrong email or password.
  const refused =
    mutation.error instanceof TRPCClientError &&
    (mutation.error.data as { appCode?: string } | undefined)?.appCode === 'unauthorized';

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      if (mode === 'setup') await signUp.mutateAsync(values);
      else await signIn.mutateAsync({ email: values.email, password: values.password });
      router.replace('/agents');
      router.refresh();
    } catch {
      // Shown from mutation.error below.
    }
  }

  const set = (key: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {mode === 'setup' ? (
        <Field label={t('yourName')} error={fields.name}>
          <Input name="name" autoComplete="name" value={values.name} onChange={set('name')} required />
        </Field>
      ) : null}
      <Field label={t('email')} error={fields.email}>
        <Input
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={set('email')}
          required
        />
      </Field>
      <Field
        label={t('password')}
        error={fields.password}
        hint={mode === 'setup' ? t('passwordHint') : undefined}
      >
        <Input
          name="password"
          type="password"
          autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
          value={values.password}
          onChange={set('password')}
          required
        />
      </Field>
      <ErrorNote
        message={
          mutation.error && Object.keys(fields).length === 0
            ? refused
              ? tErrors('auth.wrongPassword')
              : errorMessage(mutation.error)
            : null
        }
      />
      <Button type="submit" className="w-full" disabled={mutation.isPending}>
        {mutation.isPending ? t('pleaseWait') : mode === 'setup' ? t('createOwner') : t('signIn')}
      </Button>
    </form>
  );
}
