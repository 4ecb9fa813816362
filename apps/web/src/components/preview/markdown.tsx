'use client';

import { useTranslations } from 'next-intl';
import { memo } from 'react';
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';

/** Only web and mail links survive; `javascript:`, `data:` and the like become nothing. */
function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return /^(https?:|mailto:|#|\/)/i.test(cleaned) ? cleaned : '';
}

/**
 * Renders model output as markdown, safely: raw HTML in the text is shown as text (react-markdown
 * never renders it without a plugin), URLs are filtered and links open in a new tab without opener.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const t = useTranslations('preview');
  return (
    <div className="prose-chat space-y-2 break-words text-sm leading-relaxed">
      <ReactMarkdown
        skipHtml
        urlTransform={safeUrl}
        components={{
          a: ({ href, children }) => (
            <a
              href={href || undefined}
              target="_blank"
              rel="noopener noreferrer"
              className="text-brand-700 underline"
            >
              {children}
            </a>
          ),
          pre: ({ children }) => (
            <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
              {children}
            </pre>
          ),
          code: ({ children, className }) =>
            className ? (
              <code className={className}>{children}</code>
            ) : (
              <code className="rounded bg-slate-100 px-1 text-[0.85em]">{children}</code>
            ),
          ul: ({ children }) => <ul className="list-disc space-y-1 pl-5">{children}</ul>,
          ol: ({ children }) => <ol className="list-decimal space-y-1 pl-5">{children}</ol>,
          img: ({ alt }) => <span className="text-slate-500">{t('image', { alt: String(alt ?? '') })}</span>,
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});
