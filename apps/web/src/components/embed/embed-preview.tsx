'use client';

import type { WidgetConfig } from '@agentry/api';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef } from 'react';

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The real widget in a sandbox page (a same-origin iframe), drawn with the unsaved settings. Its chat goes
 * to the agent's published version through the signed-in chat route, so the preview needs no allowed origin.
 * Later edits are pushed into the running widget (its `data-config`), without reloading it. Its uploads
 * go to the signed-in files route (`data-files-endpoint`) for the same reason. It speaks `language` (its
 * `lang`), the language whose welcome the owner is writing.
 */
export function EmbedPreview({
  agentId,
  publicId,
  config,
  language,
}: {
  agentId: string;
  publicId: string;
  config: WidgetConfig;
  language: string;
}) {
  const t = useTranslations('embed.preview');
  const locale = useLocale();
  const frame = useRef<HTMLIFrameElement>(null);
  const configJson = JSON.stringify(config);
  // The page is built once per agent; the first config and language go in with it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: later configs are pushed by the effect below
  const page = useMemo(
    () =>
      `<!doctype html><html lang="${escapeAttribute(locale)}"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeAttribute(t('pageTitle'))}</title></head>` +
      `<body style="margin:0;min-height:100vh;background:#f1f5f9;font:14px system-ui,sans-serif;color:#475569">` +
      `<p style="padding:16px;margin:0">${escapeAttribute(t('yourPage'))}</p>` +
      `<script src="/widget.js"></script>` +
      `<agentry-chat agent="${escapeAttribute(publicId)}" lang="${escapeAttribute(language)}" open data-endpoint="/api/v1/agents/${escapeAttribute(agentId)}/chat" data-files-endpoint="/api/v1/agents/${escapeAttribute(agentId)}/files" data-config="${escapeAttribute(configJson)}"></agentry-chat>` +
      `</body></html>`,
    [agentId, publicId],
  );

  const latest = useRef({ config: configJson, language });
  latest.current = { config: configJson, language };
  // Pushed on every change, and again when the page has loaded (edits made while it was loading).
  const push = () => {
    const widget = frame.current?.contentDocument?.querySelector('agentry-chat');
    widget?.setAttribute('data-config', latest.current.config);
    widget?.setAttribute('lang', latest.current.language);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: push reads the latest config from a ref
  useEffect(push, [configJson, language]);
  // A push can miss: the frame may still be loading its page (the widget not there yet) when an edit
  // comes. The widget is brought to the latest settings as soon as it is there, whenever that is.
  useEffect(() => {
    const timer = setInterval(() => {
      const widget = frame.current?.contentDocument?.querySelector('agentry-chat');
      if (widget && widget.getAttribute('data-config') !== latest.current.config)
        widget.setAttribute('data-config', latest.current.config);
      if (widget && widget.getAttribute('lang') !== latest.current.language)
        widget.setAttribute('lang', latest.current.language);
    }, 250);
    return () => clearInterval(timer);
  }, []);

  return (
    <iframe
      ref={frame}
      title={t('frameTitle')}
      srcDoc={page}
      onLoad={push}
      className="h-[640px] w-full rounded-lg border border-slate-200 bg-slate-100"
    />
  );
}
