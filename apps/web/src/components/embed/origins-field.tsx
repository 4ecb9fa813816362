'use client';

import { type KeyboardEvent, useState } from 'react';
import { Button, Input } from '../ui';

/** The sites allowed to embed the agent: a list with add and remove. */
export function OriginsField({
  value,
  onChange,
  errors,
}: {
  value: string[];
  onChange: (origins: string[]) => void;
  errors: Record<string, string>;
}) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const text = draft.trim();
    if (!text || value.includes(text)) return;
    onChange([...value, text]);
    setDraft('');
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Allowed sites</legend>
      <p className="text-xs text-slate-500">
        Nothing is allowed until you add a site. Enter origins such as <code>https://www.example.com</code>;{' '}
        <code>https://*.example.com</code> allows subdomains and <code>http://localhost:*</code> any local
        port for testing.
      </p>
      {value.length ? (
        <ul
          className="divide-y divide-slate-100 rounded-md border border-slate-200"
          aria-label="Allowed sites"
        >
          {value.map((origin, index) => (
            <li key={origin} className="flex items-center justify-between gap-2 px-3 py-1.5 text-sm">
              <span>
                <code>{origin}</code>
                {errors[`settings.allowedOrigins.${index}`] ? (
                  <span role="alert" className="ml-2 text-xs text-red-600">
                    {errors[`settings.allowedOrigins.${index}`]}
                  </span>
                ) : null}
              </span>
              <Button
                variant="ghost"
                className="px-2 py-1 text-xs text-red-700"
                aria-label={`Remove ${origin}`}
                onClick={() => onChange(value.filter((entry) => entry !== origin))}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="rounded-md border border-dashed border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-800">
          No site may use this agent yet.
        </p>
      )}
      <div className="flex items-center gap-2">
        <Input
          aria-label="Site to allow"
          placeholder="https://www.example.com"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKey}
        />
        <Button variant="secondary" className="shrink-0" onClick={add}>
          Add site
        </Button>
      </div>
    </fieldset>
  );
}
