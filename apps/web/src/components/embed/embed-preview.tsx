'use client';

import type { WidgetConfig } from '@agentry/api';
import { useEffect, useMemo, useRef } from 'react';

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The real widget in a sandbox page (a same-origin iframe), drawn with the unsaved settings. Its chat goes
 * to the agent's published version through the signed-in chat route, so the preview needs no allowed origin.
 * Later edits are pushed into the running widget (its `data-config`), without reloading it. Its uploads
 * go to the signed-in files route (`data-files-endpoint`) for the same reason.
 */
export function EmbedPreview({
  agentId,
  publicId,
  config,
}: {
  agentId: string;
  publicId: string;
  config: WidgetConfig;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const configJson = JSON.stringify(config);
  // The page is built once per agent; the first config goes in with it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: later configs are pushed by the effect below
  const page = useMemo(
    () =>
      `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Widget preview</title></head>` +
      `<body style="margin:0;min-height:100vh;background:#f1f5f9;font:14px system-ui,sans-serif;color:#475569">` +
      `<p style="padding:16px;margin:0">Your page</p>` +
      `<script src="/widget.js"></script>` +
      `<agentry-chat agent="${escapeAttribute(publicId)}" open data-endpoint="/api/v1/agents/${escapeAttribute(agentId)}/chat" data-files-endpoint="/api/v1/agents/${escapeAttribute(agentId)}/files" data-config="${escapeAttribute(configJson)}"></agentry-chat>` +
      `</body></html>`,
    [agentId, publicId],
  );

  const latest = useRef(configJson);
  latest.current = configJson;
  // Pushed on every change, and again when the page has loaded (edits made while it was loading).
  const push = () =>
    frame.current?.contentDocument
      ?.querySelector('agentry-chat')
      ?.setAttribute('data-config', latest.current);
  // biome-ignore lint/correctness/useExhaustiveDependencies: push reads the latest config from a ref
  useEffect(push, [configJson]);
  // A push can miss: the frame may still be loading its page (the widget not there yet) when an edit
  // comes. The widget is brought to the latest settings as soon as it is there, whenever that is.
  useEffect(() => {
    const timer = setInterval(() => {
      const widget = frame.current?.contentDocument?.querySelector('agentry-chat');
      if (widget && widget.getAttribute('data-config') !== latest.current)
        widget.setAttribute('data-config', latest.current);
    }, 250);
    return () => clearInterval(timer);
  }, []);

  return (
    <iframe
      ref={frame}
      title="Widget preview"
      srcDoc={page}
      onLoad={push}
      className="h-[640px] w-full rounded-lg border border-slate-200 bg-slate-100"
    />
  );
}
