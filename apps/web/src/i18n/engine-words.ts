import { useTranslations } from 'next-intl';
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

/**
 * The engine's words in the page's language. The engine keeps stable codes and English sentences (the
 * language of the CLI and the API); the catalogs hold the words. Anything without a catalog entry shows
 * the engine's English.
 */
export function useEngineWords() {
  const t = useTranslations() as unknown as LooseTranslator;
  return useMemo(() => {
    const say = (key: string, fallback: string, values?: Record<string, string | number>) =>
      t.has(key) ? t(key, values) : fallback;
    return {
      /** A node type's name in the palette, on the canvas and in run traces. */
      nodeTitle: (type: string, fallback: string) => say(`nodes.${type}.title`, fallback),
      /** A node type's one-line description. */
      nodeDescription: (type: string, fallback: string) => say(`nodes.${type}.description`, fallback),
      /** A graph problem's sentence; problems reported without values keep the engine's words. */
      problem: (problem: CodedText) =>
        problem.params ? say(`problems.${problem.code}`, problem.message, problem.params) : problem.message,
      /** A one-line heading for a run error code (`provider_auth` → "The provider refused the key"). */
      errorTitle: (code: string | undefined): string | undefined =>
        code && t.has(`errors.${code}`) ? t(`errors.${code}`) : undefined,
    };
  }, [t]);
}
