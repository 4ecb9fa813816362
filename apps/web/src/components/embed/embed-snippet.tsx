'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Button } from '../ui';

/** A labelled block of code with a Copy button. */
export function CopyBlock({ label, code }: { label: string; code: string }) {
  const t = useTranslations('embed.snippet');
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between">
        <span className="text-sm font-medium text-slate-700">{label}</span>
        <Button
          variant="ghost"
          className="px-2 py-1 text-xs"
          aria-label={t('copyNamed', { label })}
          onClick={async () => {
            await navigator.clipboard?.writeText(code).catch(() => undefined);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? t('copied') : t('copy')}
        </Button>
      </div>
      {/* Wrapped rather than scrolled: a scrolled block would need keyboard focus to be read whole. */}
      <pre className="rounded-md bg-slate-900 p-3 text-xs break-words whitespace-pre-wrap text-slate-100">
        <code>{code}</code>
      </pre>
    </div>
  );
}

/** The code to paste into a site: the script tag, the element form, and the JavaScript calls. */
export function EmbedSnippet({ publicId }: { publicId: string }) {
  const t = useTranslations('embed.snippet');
  const [origin, setOrigin] = useState('https://YOUR-AGENTRY');
  useEffect(() => setOrigin(window.location.origin), []);
  return (
    <div className="space-y-3">
      <CopyBlock
        label={t('script')}
        code={`<script src="${origin}/widget.js" data-agent="${publicId}" async></script>`}
      />
      <CopyBlock
        label={t('element')}
        code={`<script src="${origin}/widget.js" async></script>\n<agentry-chat agent="${publicId}"></agentry-chat>`}
      />
      <CopyBlock
        label={t('javascript')}
        code={"Agentry.open();\nAgentry.send('Where is my order?');\nAgentry.close();"}
      />
    </div>
  );
}
