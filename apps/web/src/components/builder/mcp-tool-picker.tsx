'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { useBuilder } from './builder-context';
import { CONTROL, type FieldContext } from './config-schema';
import { type McpTarget, mcpTargetOf, missingSetting } from './mcp-target';
import { useMcpSignIn } from './use-mcp-sign-in';

/** A tool as the server lists it (what `mcp.listTools` answers). */
interface ListedTool {
  name: string;
  title?: string;
  description: string;
}

/**
 * Picks which of an MCP server's tools the agent gets. "Connect" lists the server's tools (through the
 * server, with the node's credential, which never reaches the browser); each is a checkbox with its
 * description, ticked when its name is in the node's `tools`. Picked tools the server no longer lists stay
 * visible with a warning, so removing one is a choice, not an accident.
 */
export function McpToolPicker({
  value,
  onChange,
  context,
  label,
  description,
  error,
}: {
  value: unknown;
  onChange: (value: unknown) => void;
  context: FieldContext;
  label: string;
  description?: string;
  error?: string;
}) {
  const trpc = useTRPC();
  const t = useTranslations('mcpTools');
  const { agentId } = useBuilder();
  const statusId = useId();
  const target = mcpTargetOf(context.config);
  const targetKey = JSON.stringify(target);
  // The last answer and the target it was for: it shows only while the target is unchanged, so a new
  // URL or credential is never shown the old server's tools.
  const [answer, setAnswer] = useState<{
    key: string;
    tools?: ListedTool[];
    error?: string;
    reason?: string;
  } | null>(null);
  const list = useMutation(trpc.mcp.listTools.mutationOptions());
  const connect = async (to: McpTarget = target) => {
    const key = JSON.stringify(to);
    try {
      const result = await list.mutateAsync({ agentId, ...to });
      setAnswer({ key, tools: result.tools });
    } catch (failure) {
      setAnswer({ key, error: errorMessage(failure), reason: failureReason(failure) });
    }
  };
  const queryClient = useQueryClient();
  // A finished sign-in becomes the node's credential, and the server is listed with it at once.
  const signIn = useMcpSignIn((credentialId) => {
    context.setField?.('credentialId', credentialId);
    void queryClient.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() });
    void connect(mcpTargetOf({ ...context.config, credentialId }));
  });
  const current = answer?.key === targetKey ? answer : undefined;
  const picked = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const chosen = new Set(picked);
  const listed = current?.tools;
  const listedNames = new Set(listed?.map((tool) => tool.name));
  const gone = listed ? picked.filter((name) => !listedNames.has(name)) : [];
  const unlisted = listed ? [] : picked;
  const missingKind = missingSetting(target);
  const missing = missingKind ? t('missingSetting', { setting: missingKind }) : undefined;
  const failure = current?.error;
  const offerSignIn = current?.reason === 'oauth_required' && Boolean(target.url) && !context.disabled;

  const toggle = (name: string, on: boolean) => {
    // Keep the server's order for listed tools, then any others already picked.
    const order = [...(listed?.map((tool) => tool.name) ?? []), ...picked];
    const next = [...new Set(order)].filter((item) => (item === name ? on : chosen.has(item)));
    onChange(next);
  };

  return (
    <fieldset
      className="space-y-2"
      aria-describedby={context.disabled ? undefined : statusId}
      data-testid="mcp-tool-picker"
    >
      <legend className="text-xs font-medium text-slate-700">{label}</legend>
      {!context.disabled ? (
        <div className="flex items-center gap-2">
          <button
            type="button"
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 disabled:text-slate-400"
            disabled={list.isPending || missing !== undefined}
            onClick={() => connect()}
          >
            {list.isPending ? t('connecting') : listed ? t('refresh') : t('connect')}
          </button>
          <span id={statusId} role="status" className="text-xs text-slate-500">
            {missing ??
              (list.isPending
                ? t('asking')
                : listed
                  ? t('listed', { count: listed.length, picked: picked.length })
                  : t('connectToList'))}
          </span>
        </div>
      ) : null}
      {failure ? (
        <div
          role="alert"
          className="space-y-1 rounded-md border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800"
        >
          <p>{failure}</p>
          {offerSignIn ? (
            <button
              type="button"
              className="rounded-md bg-white px-2 py-1 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400"
              disabled={signIn.waiting}
              onClick={() => signIn.start(target.url!)}
            >
              {signIn.waiting ? t('waitingSignIn') : t('signIn')}
            </button>
          ) : null}
        </div>
      ) : null}
      {signIn.blockedUrl ? (
        <p className="text-xs text-slate-600">
          {t.rich('signInBlocked', {
            link: (chunks) => (
              <a href={signIn.blockedUrl} target="_blank" rel="noopener" className="text-brand-700 underline">
                {chunks}
              </a>
            ),
          })}
        </p>
      ) : null}
      {signIn.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800">
          {signIn.error}
        </p>
      ) : null}
      {listed && listed.length === 0 ? <p className="text-xs text-slate-500">{t('noTools')}</p> : null}
      {listed && listed.length > 0 ? (
        <ul className="max-h-72 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
          {listed.map((tool) => (
            <li key={tool.name}>
              <label className="flex items-start gap-2 text-xs">
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={chosen.has(tool.name)}
                  disabled={context.disabled}
                  onChange={(event) => toggle(tool.name, event.target.checked)}
                />
                <span>
                  <code className="font-medium text-slate-800">{tool.name}</code>
                  {tool.title && tool.title !== tool.name ? (
                    <span className="text-slate-600"> · {tool.title}</span>
                  ) : null}
                  {tool.description ? <span className="block text-slate-500">{tool.description}</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {gone.length > 0 ? (
        <div
          role="alert"
          className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900"
        >
          <p>{t('gone', { count: gone.length })}</p>
          <PickedList names={gone} context={context} onToggle={toggle} />
        </div>
      ) : null}
      {unlisted.length > 0 ? (
        <div className="space-y-1 text-xs text-slate-600">
          <p>{t('picked')}</p>
          <PickedList names={unlisted} context={context} onToggle={toggle} />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : description ? (
        <p className="text-xs text-slate-500">{description}</p>
      ) : null}
    </fieldset>
  );
}

/** The reason code a service error carries (`details.reason`), e.g. `oauth_required`. */
function failureReason(error: unknown): string | undefined {
  const reason = (error as { data?: { details?: { reason?: unknown } } } | null)?.data?.details?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

function PickedList({
  names,
  context,
  onToggle,
}: {
  names: readonly string[];
  context: FieldContext;
  onToggle: (name: string, on: boolean) => void;
}) {
  return (
    <ul className="space-y-0.5">
      {names.map((name) => (
        <li key={name}>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked
              disabled={context.disabled}
              onChange={(event) => onToggle(name, event.target.checked)}
            />
            <code>{name}</code>
          </label>
        </li>
      ))}
    </ul>
  );
}

/**
 * The admin-allowed local commands (AGENTRY_MCP_COMMANDS) by name; a graph names one, never a command
 * line. Without any, says how an admin enables them.
 */
export function McpCommandSelect({
  id,
  value,
  onChange,
  context,
}: {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  context: FieldContext;
}) {
  const trpc = useTRPC();
  const t = useTranslations('mcpTools');
  const commands = useQuery(trpc.mcp.commands.queryOptions());
  const current = typeof value === 'string' ? value : '';
  const names = commands.data?.names ?? [];
  if (commands.data && names.length === 0) {
    return (
      <p id={id} className="text-xs text-slate-600">
        {t.rich('noCommands', {
          code: (chunks) => <code className="rounded bg-slate-100 px-1">{chunks}</code>,
        })}
      </p>
    );
  }
  return (
    <select
      id={id}
      className={CONTROL}
      value={current}
      disabled={context.disabled}
      onChange={(event) => onChange(event.target.value || undefined)}
    >
      <option value="">{commands.isPending ? t('loadingCommands') : t('pickCommand')}</option>
      {names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
      {current && commands.data && !names.includes(current) ? (
        <option value={current}>{t('commandNotAllowed', { command: current })}</option>
      ) : null}
    </select>
  );
}
