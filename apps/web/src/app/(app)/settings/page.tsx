import { ApiKeysSection } from '@/components/settings/api-keys-section';
import { CopilotSection } from '@/components/settings/copilot-section';
import { LanguageSection } from '@/components/settings/language-section';
import { MembersSection } from '@/components/settings/members-section';
import { PageHeader } from '@/components/ui';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const actor = await requireActor();
  const t = await getTranslations('settings.page');
  return (
    <div className="max-w-3xl space-y-10">
      <PageHeader title={t('title')} description={t('description')} />
      <MembersSection isOwner={actor.role === 'owner'} selfId={actor.user.id} />
      <ApiKeysSection canEdit={actor.role !== 'viewer'} />
      <CopilotSection canEdit={actor.role !== 'viewer'} />
      <LanguageSection current={actor.user.locale ?? null} />
    </div>
  );
}
