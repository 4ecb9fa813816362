import { NextIntlClientProvider } from 'next-intl';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../../../messages/en.json';
import zh from '../../../messages/zh-CN.json';
import { agoOf, changeSummary, type PublishCheck, type PublishCheckRun, shortList } from './publish-check';
import { PublishTestsNote } from './publish-tests-note';

// The unit tests run without the app's path aliases; the note only needs errorMessage from the client.
vi.mock('@/lib/trpc', () => ({ errorMessage: (error: unknown) => String(error) }));

const now = new Date('2026-12-06T12:00:00Z');
const run = (over: Partial<PublishCheckRun> = {}): PublishCheckRun => ({
  status: 'done',
  passed: 12,
  total: 13,
  versionId: null,
  version: null,
  draftRevision: 7,
  createdAt: '2026-12-06T11:54:00Z',
  finishedAt: '2026-12-06T11:55:00Z',
  ...over,
});
const published = run({ versionId: 'v', version: 3, draftRevision: null });
const check = (over: Partial<PublishCheck> = {}): PublishCheck => ({
  draft: run(),
  published,
  newlyFailing: [],
  newlyPassing: [],
  requirePassingTests: false,
  blocked: false,
  ...over,
});

/** The note's text as a person reads it. */
function say(value: PublishCheck, locale: 'en' | 'zh-CN' = 'en'): string {
  const html = renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={locale === 'en' ? en : zh}>
      <PublishTestsNote agentId="a1" check={value} pending={false} error={null} />
    </NextIntlClientProvider>,
  );
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the publish dialog’s test summary', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says how the draft did and when, or that it was not tested', () => {
    expect(say(check())).toContain('12/13 passing, run 5 min ago.');
    expect(say(check({ draft: null }))).toContain('No tests run on this draft.');
    expect(say(check({ draft: run({ status: 'interrupted', passed: 3 }) }))).toContain(
      '3/13 passing (the run was interrupted), run 5 min ago.',
    );
  });

  it('names what changes against the published version', () => {
    expect(say(check({ newlyFailing: ['a', 'b'], newlyPassing: ['c'] }))).toContain(
      'Against v3: newly failing: a, b; newly passing: c.',
    );
    expect(say(check({ newlyPassing: ['c'] }))).toContain('Against v3: newly passing: c.');
    expect(say(check())).toContain('Same results as v3.');
    expect(say(check({ published: null }))).toMatch(/no finished test run/);
    expect(say(check({ newlyFailing: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }))).toContain(
      'newly failing: a, b, c, d, e and 2 more.',
    );
  });

  it('says it in Chinese', () => {
    const text = say(check({ newlyFailing: ['a', 'b'] }), 'zh-CN');
    expect(text).toContain('12/13 通过，5 分钟前运行。');
    expect(text).toContain('与 v3 相比：新失败：a、b。');
  });
});

describe('the summary’s facts', () => {
  it('measures how long ago a run was', () => {
    expect(agoOf('2026-12-06T11:59:30Z', now)).toEqual({ unit: 'now', count: 0 });
    expect(agoOf('2026-12-06T11:55:00Z', now)).toEqual({ unit: 'minutes', count: 5 });
    expect(agoOf('2026-12-06T09:00:00Z', now)).toEqual({ unit: 'hours', count: 3 });
    expect(agoOf('2026-12-04T12:00:00Z', now)).toEqual({ unit: 'days', count: 2 });
  });

  it('compares with the published version only when the draft was tested', () => {
    expect(changeSummary(check({ draft: null }))).toBeNull();
    expect(changeSummary(check({ published: null }))).toEqual({ kind: 'no-baseline' });
    expect(changeSummary(check())).toEqual({ kind: 'same', against: published });
  });

  it('shortens long name lists', () => {
    expect(shortList(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toEqual({
      names: ['a', 'b', 'c', 'd', 'e'],
      more: 2,
    });
    expect(shortList(['a'])).toEqual({ names: ['a'], more: 0 });
  });
});
