import 'server-only';
import en from '../../messages/en.json';
import { DEFAULT_LOCALE } from './locales';

/** A catalog: nested namespaces of ICU messages. */
export type Messages = typeof en;

type Tree = { [key: string]: string | Tree };

/** `translated` over `base`: every key English has is there, so a missing word shows in English. */
function over(base: Tree, translated: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(translated)) {
    const under = base[key];
    out[key] = typeof value === 'object' && typeof under === 'object' ? over(under, value) : value;
  }
  return out;
}

const loaded = new Map<string, Promise<Messages>>();

/** The catalog of a shipped locale, with English under it. Loaded once per process. */
export function loadMessages(locale: string): Promise<Messages> {
  let messages = loaded.get(locale);
  if (!messages) {
    messages =
      locale === DEFAULT_LOCALE
        ? Promise.resolve(en)
        : import(`../../messages/${locale}.json`).then(
            (module: { default: Tree }) => over(en as Tree, module.default) as Messages,
          );
    loaded.set(locale, messages);
  }
  return messages;
}
