'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useDeferredValue, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Field, Input, Loading, PageHeader } from './ui';

function timeAgo(date: Date): string {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return date.toLocaleDateString();
}

/** The agents page: search, create, rename and delete. */
export function AgentsList({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const agents = useQuery(
    trpc.agents.list.queryOptions(deferredSearch ? { search: deferredSearch } : undefined),
  );
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey() });
  const create = useMutation(trpc.agents.create.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.agents.delete.mutationOptions({ onSuccess: invalidate }));
  const rename = useMutation(trpc.agents.rename.mutationOptions({ onSuccess: invalidate }));
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await create.mutateAsync({ name });
      setName('');
      setCreating(false);
    } catch {
      // Shown below.
    }
  }

  const newButton = canEdit ? <Button onClick={() => setCreating(true)}>New agent</Button> : null;
  return (
    <>
      <PageHeader
        title="Agents"
        description="Each agent is a graph you draw, test and publish."
        actions={newButton}
      />
      {creating ? (
        <Card className="mb-6 p-4">
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="New agent">
            <div className="min-w-64 flex-1">
              <Field label="Name" error={fieldErrors(create.error).name}>
                <Input
                  autoFocus
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  placeholder="Support assistant"
                />
              </Field>
            </div>
            <Button type="submit" disabled={create.isPending}>
              Create
            </Button>
            <Button variant="ghost" onClick={() => setCreating(false)}>
              Cancel
            </Button>
          </form>
          <ErrorNote
            message={create.error && !fieldErrors(create.error).name ? errorMessage(create.error) : null}
          />
        </Card>
      ) : null}
      <div className="mb-4 max-w-sm">
        <Input
          type="search"
          aria-label="Search agents"
          placeholder="Search agents…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <ErrorNote
        message={agents.error ? errorMessage(agents.error) : remove.error ? errorMessage(remove.error) : null}
      />
      {agents.isPending ? (
        <Loading />
      ) : agents.data?.length === 0 ? (
        deferredSearch ? (
          <EmptyState title="No matching agents" body={`No agent name contains “${deferredSearch}”.`} />
        ) : (
          <EmptyState
            title="No agents yet"
            body="Create your first agent: draw a graph of a chat input, a prompt, a model and an output, then chat with it."
            action={newButton}
          />
        )
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Agents">
          {agents.data?.map((agent) => (
            <li key={agent.id}>
              <Card className="flex h-full flex-col p-4">
                <div className="flex items-start justify-between gap-2">
                  <h2 className="font-semibold">{agent.name}</h2>
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs font-medium ${agent.publishedVersionId ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-600'}`}
                  >
                    {agent.publishedVersionId ? 'Published' : 'Draft'}
                  </span>
                </div>
                <p className="mt-1 line-clamp-2 text-sm text-slate-600">
                  {agent.description || 'No description.'}
                </p>
                <p className="mt-auto pt-4 text-xs text-slate-500">
                  Edited {timeAgo(new Date(agent.updatedAt))}
                </p>
                {canEdit ? (
                  <div className="mt-3 flex gap-2 border-t border-slate-100 pt-3">
                    <Button
                      variant="ghost"
                      className="px-2 py-1"
                      onClick={() => {
                        const next = window.prompt('Rename agent', agent.name)?.trim();
                        if (next && next !== agent.name) rename.mutate({ id: agent.id, name: next });
                      }}
                    >
                      Rename
                    </Button>
                    <Button
                      variant="ghost"
                      className="px-2 py-1 text-red-700"
                      onClick={() => {
                        if (
                          window.confirm(
                            `Delete “${agent.name}” with its versions and conversations? This cannot be undone.`,
                          )
                        ) {
                          remove.mutate({ id: agent.id });
                        }
                      }}
                    >
                      Delete
                    </Button>
                  </div>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
