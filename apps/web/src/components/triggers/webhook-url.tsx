'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { CopyBlock } from '../embed/embed-snippet';
import { Button } from '../ui';
import { curlExample, type WebhookConfig } from './trigger-types';

/**
 * The URL on the origin this page was opened on. The server builds it from the request, which behind a
 * proxy or `next start -H` may name another host (localhost); the token's path is what names the trigger.
 */
function useBrowserOrigin(url: string): string {
  const [origin, setOrigin] = useState<string | null>(null);
  useEffect(() => setOrigin(window.location.origin), []);
  if (!origin) return url;
  try {
    const parsed = new URL(url);
    return `${origin}${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/** A webhook's secret URL with Copy and Rotate, and a curl call to try it. */
export function WebhookUrl({
  url,
  config,
  rotating,
  onRotate,
}: {
  url: string;
  config: Pick<WebhookConfig, 'signature' | 'allowWait'>;
  rotating: boolean;
  onRotate?(): void;
}) {
  const t = useTranslations('triggers.url');
  const shown = useBrowserOrigin(url);
  return (
    <div className="space-y-3" data-testid="webhook-url">
      <CopyBlock label={t('label')} code={shown} />
      {onRotate ? (
        <Button variant="secondary" disabled={rotating} onClick={onRotate}>
          {rotating ? t('rotating') : t('rotate')}
        </Button>
      ) : null}
      <CopyBlock label={config.signature ? t('trySigned') : t('try')} code={curlExample(shown, config)} />
    </div>
  );
}
