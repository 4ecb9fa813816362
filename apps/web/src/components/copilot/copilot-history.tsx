'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { ChangeList } from '../builder/change-list';
import { useCopilotWords } from './copilot-words';

/**
 * "Changes by Copilot" in the History panel: each accepted proposal, newest first, with the draft
 * revision it was saved as, who accepted it and when, which copilot proposed it, and its change list.
 */
export function CopilotHistory({ agentId }: { agentId: string }) {
  const t = useTranslations('copilot.history');
  const common = useTranslations('common');
  const format = useFormat();
  const words = useCopilotWords();
  const trpc = useTRPC();
  const history = useQuery(trpc.copilot.history.queryOptions({ agentId }));
  return (
    <section aria-labelledby="copilot-history-heading" className="space-y-2 border-t border-slate-200 p-3">
      <h3 id="copilot-history-heading" className="text-sm font-semibold">
        {t('heading')}
      </h3>
      {history.isPending ? (
        <p className="text-xs text-slate-500">{common('loading')}</p>
      ) : history.error ? (
        <p className="text-xs text-red-700">{errorMessage(history.error)}</p>
      ) : history.data.length === 0 ? (
        <p className="text-xs text-slate-500">{t('empty')}</p>
      ) : (
        <ul className="space-y-2" data-testid="copilot-history">
          {history.data.map((item) => (
            <li key={item.id} className="space-y-1 rounded-md border border-slate-200 p-2">
              <p className="flex flex-wrap items-baseline gap-x-2 text-xs">
                <span className="font-semibold">
                  {t('revision', { revision: item.acceptedRevision ?? '' })}
                </span>
                <span className="text-slate-500">
                  {item.acceptedAt
                    ? item.acceptedBy
                      ? t('acceptedBy', { when: format.dateTime(item.acceptedAt), who: item.acceptedBy })
                      : t('accepted', { when: format.dateTime(item.acceptedAt) })
                    : t('proposed', { when: format.dateTime(item.createdAt) })}
                </span>
              </p>
              {item.proposal ? (
                <>
                  <p className="text-xs text-slate-500">{t('by', { by: words.by(item.proposal.by) })}</p>
                  <ChangeList changes={item.proposal.changes} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
