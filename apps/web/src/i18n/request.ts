import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { currentActor } from '@/lib/session';
import { LOCALE_COOKIE, LOCALES } from './locales';
import { loadMessages } from './messages';
import { pickLocale } from './pick-locale';

// next-intl calls this once per request (through React's cache) for server components and for the
// messages handed to client components.
export default getRequestConfig(async () => {
  const [actor, cookieStore, headerList] = await Promise.all([currentActor(), cookies(), headers()]);
  const locale = pickLocale(
    LOCALES.map((shipped) => shipped.code),
    {
      user: actor?.user.locale,
      cookie: cookieStore.get(LOCALE_COOKIE)?.value,
      acceptLanguage: headerList.get('accept-language'),
    },
  );
  return { locale, messages: await loadMessages(locale) };
});
