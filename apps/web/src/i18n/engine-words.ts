import { useLocale, useTranslations } from 'next-intl';
import { useMemo } from 'react';

/** A problem or error as the engine and the API report it: a stable code, English words, values. */
export interface CodedText {
  code: string;
  message: string;
  /** The values the catalog's sentence for `code` takes (node label, port, limit…). */
  params?: Record<string, string | number>;
}

// Keys built from engine codes and node types are not known to the type checker; the catalog test
// checks them instead (every node type and every problem code has its words in English).
type LooseTranslator = ((key: string, values?: Record<string, string | number>) => string) & {
  has(key: string): boolean;
};

// The `nodes` catalog is one level deep under each type (see i18n/node-words.ts): `field:branches/value:label`.
/** The catalog key of a config field's words: `nodes.condition.field:branches/value` for ["branches", "value"]. */
function fieldKey(type: string, path: readonly string[]): string {
  return `nodes.${type}.field:${path.join('/')}`;
}

/**
 * The engine's words with a translator (`useEngineWords()` in components; tests pass one made by
 * `createTranslator`). Anything without a catalog entry keeps the engine's English.
 */
export function engineWords(t: LooseTranslator, locale = 'en') {
  const say = (key: string, fallback: string, values?: Record<string, string | number>) =>
    t.has(key) ? t(key, values) : fallback;
  const nodeTitle = (type: string, fallback: string) => say(`nodes.${type}.title`, fallback);
  const portLabel = (type: string, portId: string, fallback: string) =>
    say(`nodes.${type}.port:${portId}:label`, fallback);
  const portTypeName = (type: string) => say(`ports.${type}.name`, type);

  /** A problem's values with the node types' titles, port labels and port type names in the page's words. */
  const localParams = (params: Record<string, string | number>) => {
    const values = { ...params };
    const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
    const nodeType = text('nodeType');
    if (nodeType && text('title') !== undefined) values.title = nodeTitle(nodeType, text('title')!);
    if (nodeType && text('portId') && text('port') !== undefined)
      values.port = portLabel(nodeType, text('portId')!, text('port')!);
    for (const side of ['source', 'target'] as const) {
      const type = text(`${side}NodeType`);
      const portId = text(`${side}PortId`);
      if (type && portId && text(`${side}Port`) !== undefined)
        values[`${side}Port`] = portLabel(type, portId, text(`${side}Port`)!);
      const portType = text(`${side}Type`);
      if (portType) values[`${side}Type`] = portTypeName(portType);
    }
    // A list of names (one per line): joined and quoted as the language does it.
    const tools = text('tools');
    if (tools !== undefined) {
      const quote = (name: string) => t('nodeConfig.quoted', { name });
      values.tools = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
        tools.split('\n').map(quote),
      );
    }
    return values;
  };

  return {
    /** A node type's name in the palette, on the canvas and in run traces. */
    nodeTitle,
    /**
     * What a node goes by: its own label, which is the user's words, except that a label equal to its
     * type's English title (as templates and the palette write it) is the title, said in the page's words.
     */
    nodeLabel: (type: string, englishTitle: string | undefined, label: string | undefined) =>
      label && label !== englishTitle ? label : englishTitle ? nodeTitle(type, englishTitle) : label || type,
    /** A node type's one-line description. */
    nodeDescription: (type: string, fallback: string) => say(`nodes.${type}.description`, fallback),
    /** A palette group's name ("Inputs/Outputs"). */
    groupName: (group: string) => say(`nodeGroups.${group.replace(/\W+/g, '_')}`, group),
    /** A config field's label; `path` is the field's name, or a list's name then its item's field name. */
    fieldLabel: (type: string, path: readonly string[], fallback: string) =>
      say(`${fieldKey(type, path)}:label`, fallback),
    /** A config field's help text. */
    fieldHelp: (type: string, path: readonly string[], fallback: string | undefined) =>
      fallback === undefined ? undefined : say(`${fieldKey(type, path)}:help`, fallback),
    /** A config field's placeholder (from its `ui` hints). */
    fieldPlaceholder: (type: string, path: readonly string[], fallback: string | undefined) =>
      fallback === undefined ? undefined : say(`${fieldKey(type, path)}:placeholder`, fallback),
    /** The label of one option of a choice field (the value itself when the catalog has none). */
    optionLabel: (type: string, path: readonly string[], value: string) =>
      say(`nodes.${type}.option:${path.join('/')}:${value}`, value),
    /** The legend of a list field's item ("Branch 2"), or undefined when the catalog has none. */
    itemLegend: (type: string, path: readonly string[], number: number) => {
      const key = `${fieldKey(type, path)}:item`;
      return t.has(key) ? t(key, { number }) : undefined;
    },
    /** The button adding an item to a list field ("+ Add branch"), or undefined. */
    addItem: (type: string, path: readonly string[]) => {
      const key = `${fieldKey(type, path)}:add`;
      return t.has(key) ? t(key) : undefined;
    },
    /** A port's label; ports named by the user (variables, branches) keep theirs. */
    portLabel,
    /** A port's one-line description. */
    portHelp: (type: string, portId: string, fallback: string | undefined) =>
      fallback === undefined ? undefined : say(`nodes.${type}.port:${portId}:help`, fallback),
    /** A port type's name ("text", "messages"…). */
    portTypeName,
    /** What a port type carries, for the legend. */
    portTypeNote: (type: string, fallback: string) => say(`ports.${type}.note`, fallback),
    /** A graph problem's sentence; problems reported without values keep the engine's words. */
    problem: (problem: CodedText) =>
      problem.params
        ? say(`problems.${problem.code}`, problem.message, localParams(problem.params))
        : problem.message,
    /** A one-line heading for a run error code (`provider_auth` → "The provider refused the key"). */
    errorTitle: (code: string | undefined): string | undefined =>
      code && t.has(`errors.${code}`) ? t(`errors.${code}`) : undefined,
  };
}

/** The engine's words, as `engineWords` gives them. */
export type EngineWords = ReturnType<typeof engineWords>;

/**
 * The engine's words in the page's language. The engine keeps stable codes and English sentences (the
 * language of the CLI and the API); the catalogs hold the words. Anything without a catalog entry shows
 * the engine's English.
 */
export function useEngineWords(): EngineWords {
  const t = useTranslations() as unknown as LooseTranslator;
  const locale = useLocale();
  return useMemo(() => engineWords(t, locale), [t, locale]);
}
