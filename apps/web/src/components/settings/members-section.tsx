'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Field, Input, Loading, Select } from '../ui';

/** Members of the workspace; owners add and remove them. */
export function MembersSection({ isOwner, selfId }: { isOwner: boolean; selfId: string }) {
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
        Members
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
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs">{member.role}</span>
                  {isOwner && member.id !== selfId ? (
                    <Button
                      variant="ghost"
                      className="px-2 py-1 text-red-700"
                      onClick={() => {
                        if (
                          window.confirm(
                            `Remove ${member.email}? Their account is deleted and they are signed out.`,
                          )
                        )
                          remove.mutate({ id: member.id });
                      }}
                    >
                      Remove
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
          <h3 className="mb-3 text-sm font-semibold">Add a member</h3>
          <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label="Add member" noValidate>
            <Field label="Name" error={fields.name}>
              <Input value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
            </Field>
            <Field label="Email" error={fields.email}>
              <Input
                type="email"
                value={form.email}
                onChange={(event) => setForm({ ...form, email: event.target.value })}
              />
            </Field>
            <Field
              label="First password"
              error={fields.password}
              hint="Share it with them; at least 10 characters."
            >
              <Input
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={(event) => setForm({ ...form, password: event.target.value })}
              />
            </Field>
            <Field label="Role" error={fields.role}>
              <Select
                value={form.role}
                onChange={(event) => setForm({ ...form, role: event.target.value as 'editor' | 'viewer' })}
              >
                <option value="editor">Editor: builds and publishes agents</option>
                <option value="viewer">Viewer: can look, not change</option>
              </Select>
            </Field>
            <div className="sm:col-span-2">
              <ErrorNote
                message={add.error && Object.keys(fields).length === 0 ? errorMessage(add.error) : null}
              />
              <Button type="submit" disabled={add.isPending} className="mt-2">
                Add member
              </Button>
            </div>
          </form>
        </Card>
      ) : null}
    </section>
  );
}
