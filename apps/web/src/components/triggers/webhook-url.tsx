'use client';

import { CopyBlock } from '../embed/embed-snippet';
import { Button } from '../ui';
import { curlExample, type WebhookConfig } from './trigger-types';

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
  return (
    <div className="space-y-3" data-testid="webhook-url">
      <CopyBlock label="Webhook URL (keep it secret: anyone with it can start runs)" code={url} />
      {onRotate ? (
        <Button variant="secondary" disabled={rotating} onClick={onRotate}>
          {rotating ? 'Rotating…' : 'Rotate URL (the old one stops working)'}
        </Button>
      ) : null}
      <CopyBlock
        label={config.signature ? 'Try it (WEBHOOK_SECRET: the credential’s key)' : 'Try it'}
        code={curlExample(url, config)}
      />
    </div>
  );
}
