'use client';

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
  const shown = useBrowserOrigin(url);
  return (
    <div className="space-y-3" data-testid="webhook-url">
      <CopyBlock label="Webhook URL (keep it secret: anyone with it can start runs)" code={shown} />
      {onRotate ? (
        <Button variant="secondary" disabled={rotating} onClick={onRotate}>
          {rotating ? 'Rotating…' : 'Rotate URL (the old one stops working)'}
        </Button>
      ) : null}
      <CopyBlock
        label={config.signature ? 'Try it (WEBHOOK_SECRET: the credential’s key)' : 'Try it'}
        code={curlExample(shown, config)}
      />
    </div>
  );
}
