'use client';

import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { Button } from '../ui';

/** The longest request the copilot takes (COPILOT_LIMITS.maxMessageChars; the server checks it too). */
export const MAX_MESSAGE_CHARS = 4000;

/** What to ask on a blank canvas: whole agents the copilot can build. */
export const BUILD_SUGGESTIONS = [
  'A chatbot that remembers the conversation',
  'A support bot that answers from our docs',
  'A support bot that asks a person before any refund',
  'A translator that answers in French',
] as const;

/** What to ask about an agent that exists. */
export const CHANGE_SUGGESTIONS = ['Explain this agent', 'Add memory', 'Make it answer in Chinese'] as const;

/** Suggestions as buttons that send at once. */
export function SuggestionChips({
  suggestions,
  disabled,
  onPick,
}: {
  suggestions: readonly string[];
  disabled: boolean;
  onPick(text: string): void;
}) {
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Suggestions">
      {suggestions.map((text) => (
        <li key={text}>
          <button
            type="button"
            disabled={disabled}
            onClick={() => onPick(text)}
            className="rounded-full border border-brand-100 bg-brand-50 px-3 py-1 text-xs text-brand-700 hover:border-brand-500 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-50"
          >
            {text}
          </button>
        </li>
      ))}
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
    <form onSubmit={submit} className="border-t border-slate-200 p-3" aria-label="Ask the copilot">
      <label htmlFor="copilot-input" className="sr-only">
        Describe the agent or the change
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
        placeholder="Describe the agent, or ask for a change… (Enter to send, Shift+Enter for a new line)"
        className="block w-full resize-none rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30"
      />
      <div className="mt-2 flex items-center justify-between gap-2">
        <span
          id="copilot-count"
          className={`text-xs ${near || tooLong ? 'font-medium text-amber-700' : 'text-slate-500'}`}
        >
          {value.length} / {MAX_MESSAGE_CHARS}
          {tooLong ? ' — too long' : ''}
        </span>
        <div className="flex gap-2">
          {busy ? (
            <Button variant="secondary" onClick={onStop}>
              Stop
            </Button>
          ) : null}
          <Button type="submit" disabled={busy || !text}>
            Send
          </Button>
        </div>
      </div>
    </form>
  );
}
