'use client';

import type { GraphProblem } from '@agentry/engine/graph';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useMemo } from 'react';
import { type EngineWords, useEngineWords } from '@/i18n/engine-words';
import { NodeRunDetails } from './node-run-details';
import { useTRPC } from '@/lib/trpc';
import { type FieldContext, type FieldSchema, SchemaField } from './config-fields';
import { type EditorStore, useEditorSelector } from './editor-store';
import { catalogEntry } from './node-types';

function errorsByPath(problems: readonly GraphProblem[], words: EngineWords): Map<string, string> {
  const errors = new Map<string, string>();
  for (const problem of problems) {
    if (problem.code !== 'invalid_config' || !problem.path?.length) continue;
    const key = problem.path.join('.');
    // A schema problem's sentence names the node and the path, which the field already shows: keep the
    // issue (zod's words). The node's own checks are whole sentences.
    const issue = problem.params?.reason === 'schema' ? problem.params.issue : undefined;
    const detail =
      typeof issue === 'string'
        ? issue
        : problem.params
          ? words.problem(problem)
          : (problem.message.split(`${key}: `).at(-1) ?? problem.message);
    if (!errors.has(key)) errors.set(key, detail);
  }
  return errors;
}

/**
 * The selected node's settings, generated from its type's config JSON Schema: text, numbers,
 * switches, choices, lists, a prompt editor that shows its {{variables}}, a credential picker with the
 * workspace's credentials by name; advanced fields folded.
 */
export function ConfigPanel({
  store,
  nodeId,
  problems,
  readOnly,
}: {
  store: EditorStore;
  nodeId: string;
  problems: readonly GraphProblem[];
  readOnly: boolean;
}) {
  const node = useEditorSelector(store, (state) => state.nodes.find((item) => item.id === nodeId));
  const trpc = useTRPC();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const labelId = useId();
  const t = useTranslations('nodeConfig');
  const words = useEngineWords();
  const nodeProblems = useMemo(
    () =>
      problems.filter((problem) => problem.nodeId === nodeId || problem.nodeIds?.includes(nodeId as never)),
    [problems, nodeId],
  );
  const errors = useMemo(() => errorsByPath(nodeProblems, words), [nodeProblems, words]);
  if (!node) return null;
  const entry = catalogEntry(node.type);
  const title = entry ? words.nodeTitle(entry.type, entry.title) : undefined;
  const config = node.data.config ?? {};
  const schema = (entry?.configSchema ?? {}) as FieldSchema;
  const properties = Object.entries(schema.properties ?? {});
  const context: FieldContext = {
    credentials: credentials.data,
    nodeType: entry?.type,
    provider: typeof config.provider === 'string' ? config.provider : undefined,
    disabled: readOnly,
    config,
    fields: schema.properties,
    setField: (key, value) => setField(key, value),
  };
  const setField = (key: string, value: unknown) => {
    const next = { ...config };
    if (value === undefined) delete next[key];
    else next[key] = value;
    store.updateNode(node.id, { config: next }, key);
  };
  const field = ([key, property]: [string, FieldSchema]) => (
    <SchemaField
      key={key}
      name={key}
      schema={property}
      value={config[key]}
      required={schema.required?.includes(key) ?? false}
      onChange={(value) => setField(key, value)}
      context={context}
      errors={errors}
    />
  );
  const basic = properties.filter(([, property]) => !property.ui?.advanced);
  const advanced = properties.filter(([, property]) => property.ui?.advanced);
  const otherProblems = nodeProblems.filter((problem) => problem.code !== 'invalid_config');

  return (
    <section aria-label={t('label')} className="space-y-4 p-4">
      <header>
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">
          {entry ? words.groupName(entry.group) : t('unknownGroup')}
        </p>
        <h2 className="text-base font-semibold">{title ?? t('unknownType', { type: String(node.type) })}</h2>
        <p className="mt-1 text-xs text-slate-600">
          {entry ? words.nodeDescription(entry.type, entry.description) : t('unknownTypeHelp')}
        </p>
        <p className="mt-1 font-mono text-[11px] text-slate-500">{t('nodeId', { id: node.id })}</p>
      </header>
      <NodeRunDetails nodeId={node.id} />
      {otherProblems.length > 0 ? (
        <ul className="space-y-1 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800">
          {otherProblems.map((problem, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
            <li key={index}>{words.problem(problem)}</li>
          ))}
        </ul>
      ) : null}
      <div className="space-y-1">
        <label htmlFor={labelId} className="block text-xs font-medium text-slate-700">
          {t('nameOnCanvas')}
        </label>
        <input
          id={labelId}
          className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm disabled:bg-slate-50"
          value={typeof node.data.label === 'string' ? node.data.label : ''}
          placeholder={title}
          maxLength={200}
          disabled={readOnly}
          onChange={(event) => store.updateNode(node.id, { label: event.target.value }, 'label')}
        />
      </div>
      {entry ? (
        <>
          {basic.map(field)}
          {properties.length === 0 ? <p className="text-xs text-slate-500">{t('noSettings')}</p> : null}
          {advanced.length > 0 ? (
            <details
              className="rounded-md border border-slate-200 p-2"
              open={advanced.some(([key]) => errors.has(key))}
            >
              <summary className="cursor-pointer text-xs font-medium text-slate-700 select-none">
                {t('advanced', { count: advanced.length })}
              </summary>
              <div className="mt-3 space-y-4">{advanced.map(field)}</div>
            </details>
          ) : null}
        </>
      ) : (
        <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs">
          {JSON.stringify(config, null, 2)}
        </pre>
      )}
      {!readOnly ? (
        <button
          type="button"
          className="text-xs font-medium text-red-700 hover:underline"
          onClick={() => store.deleteElements([node.id])}
        >
          {t('deleteNode')}
        </button>
      ) : null}
    </section>
  );
}
