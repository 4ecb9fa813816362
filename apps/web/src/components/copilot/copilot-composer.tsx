'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { Button } from '../ui';

/** The longest request the copilot takes (COPILOT_LIMITS.maxMessageChars; the server checks it too). */
export const MAX_MESSAGE_CHARS = 4000;

/**
 * What to ask on a blank canvas: whole agents the copilot can build. The chips show the catalog's words
 * (`copilot.suggestions.<key>`); the offline copilot reads English only, so it is sent these.
 */
export const BUILD_SUGGESTIONS = {
  chatbot: 'A chatbot that remembers the conversation',
  docsBot: 'A support bot that answers from our docs',
  refundBot: 'A support bot that asks a person before any refund',
  translator: 'A translator that answers in French',
} as const;

/** What to ask about an agent that exists. */
export const CHANGE_SUGGESTIONS = {
  explain: 'Explain this agent',
  addMemory: 'Add memory',
  answerInChinese: 'Make it answer in Chinese',
} as const;

type SuggestionKey = keyof typeof BUILD_SUGGESTIONS | keyof typeof CHANGE_SUGGESTIONS;

/**
 * Suggestions as buttons that send at once: the words shown, or the English request when `english`
 * (for the offline copilot, which reads English only).
 */
export function SuggestionChips({
  suggestions,
  english,
  disabled,
  onPick,
}: {
  suggestions: Readonly<Partial<Record<SuggestionKey, string>>>;
  english: boolean;
  disabled: boolean;
  onPick(text: string): void;
}) {
  const t = useTranslations('copilot');
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label={t('suggestionsLabel')}>
      {(Object.entries(suggestions) as [SuggestionKey, string][]).map(([key, request]) => {
        const text = t(`suggestions.${key}`);
        return (
          <li key={key}>
            <button
              type="button"
              disabled={disabled}
              onClick={() => onPick(english ? request : text)}
              className="rounded-full border border-brand-100 bg-brand-50 px-3 py-1 text-xs text-brand-700 hover:border-brand-500 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-50"
            >
              {text}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The request box: Enter sends, Shift+Enter starts a new line, at most MAX_MESSAGE_CHARS with a counter;
 * Stop while a turn streams. The text is the panel's, so a request the server did not take can be put back.
 */
export function CopilotComposer({
  busy,
  onSend,
  onStop,
  value,
  onChange,
}: {
  busy: boolean;
  onSend(text: string): void;
  onStop(): void;
  value: string;
  onChange(value: string): void;
}) {
  const t = useTranslations('copilot.composer');
  const [tooLong, setTooLong] = useState(false);
  const text = value.trim();
  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!text || busy) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      setTooLong(true);
      return;
    }
    onSend(text);
  }
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }
  const near = value.length > MAX_MESSAGE_CHARS * 0.9;
  return (
    <form onSubmit={submit} className="border-t border-slate-200 p-3" aria-label={t('form')}>
      <label htmlFor="copilot-input" className="sr-only">
        {t('label')}
      </label>
      <textarea
        id="copilot-input"
        rows={3}
        value={value}
        maxLength={MAX_MESSAGE_CHARS}
        onChange={(event) => {
          setTooLong(false);
          onChange(event.target.value);
        }}
        onKeyDown={onKeyDown}
        aria-describedby="copilot-count"
        placeholder={t('placeholder')}
        className="block w-full resize-none rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30"
      />
      <div className="mt-2 flex items-center justify-between gap-2">
        <span
          id="copilot-count"
          className={`text-xs ${near || tooLong ? 'font-medium text-amber-700' : 'text-slate-500'}`}
        >
          {t('count', { length: value.length, max: MAX_MESSAGE_CHARS, tooLong: tooLong ? 'yes' : 'no' })}
        </span>
        <div className="flex gap-2">
          {busy ? (
            <Button variant="secondary" onClick={onStop}>
              {t('stop')}
            </Button>
          ) : null}
          <Button type="submit" disabled={busy || !text}>
            {t('send')}
          </Button>
        </div>
      </div>
    </form>
  );
}
