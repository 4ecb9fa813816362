'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Field, Input, Loading, Select } from '../ui';

/** Members of the workspace; owners add and remove them. */
export function MembersSection({ isOwner, selfId }: { isOwner: boolean; selfId: string }) {
  const t = useTranslations('settings.members');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const add = useMutation(trpc.members.add.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: invalidate }));
  const [form, setForm] = useState({
    name: '',
    email: '',
    password: '',
    role: 'editor' as 'editor' | 'viewer',
  });
  const fields = fieldErrors(add.error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await add.mutateAsync(form);
      setForm({ name: '', email: '', password: '', role: 'editor' });
    } catch {
      // Shown below.
    }
  }

  return (
    <section aria-labelledby="members-heading" className="space-y-3">
      <h2 id="members-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <Card>
        {members.isPending ? (
          <Loading />
        ) : (
          <ul className="divide-y divide-slate-100">
            {members.data?.map((member) => (
              <li key={member.id} className="flex items-center justify-between gap-3 px-4 py-3 text-sm">
                <div>
                  <p className="font-medium">{member.name}</p>
                  <p className="text-slate-500">{member.email}</p>
                </div>
                <div className="flex items-center gap-3">
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs">
                    {t('role', { role: member.role })}
                  </span>
                  {isOwner && member.id !== selfId ? (
                    <Button
                      variant="ghost"
                      className="px-2 py-1 text-red-700"
                      onClick={() => {
                        if (window.confirm(t('confirmRemove', { email: member.email })))
                          remove.mutate({ id: member.id });
                      }}
                    >
                      {t('remove')}
                    </Button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ErrorNote message={remove.error ? errorMessage(remove.error) : null} />
      {isOwner ? (
        <Card className="p-4">
          <h3 className="mb-3 text-sm font-semibold">{t('addHeading')}</h3>
          <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label={t('addForm')} noValidate>
            <Field label={t('name')} error={fields.name}>
              <Input value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
            </Field>
            <Field label={t('email')} error={fields.email}>
              <Input
                type="email"
                value={form.email}
                onChange={(event) => setForm({ ...form, email: event.target.value })}
              />
            </Field>
            <Field label={t('password')} error={fields.password} hint={t('passwordHint')}>
              <Input
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={(event) => setForm({ ...form, password: event.target.value })}
              />
            </Field>
            <Field label={t('roleLabel')} error={fields.role}>
              <Select
                value={form.role}
                onChange={(event) => setForm({ ...form, role: event.target.value as 'editor' | 'viewer' })}
              >
                <option value="editor">{t('editorOption')}</option>
                <option value="viewer">{t('viewerOption')}</option>
              </Select>
            </Field>
            <div className="sm:col-span-2">
              <ErrorNote
                message={add.error && Object.keys(fields).length === 0 ? errorMessage(add.error) : null}
              />
              <Button type="submit" disabled={add.isPending} className="mt-2">
                {t('add')}
              </Button>
            </div>
          </form>
        </Card>
      ) : null}
    </section>
  );
}
