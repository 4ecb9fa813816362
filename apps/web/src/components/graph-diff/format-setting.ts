/**
 * A setting's value in at most `maxLength` characters: strings quoted, anything else as JSON; `notSet`
 * (the page's words for a missing value) when there is none.
 */
export function formatValue(value: unknown, maxLength = 80, notSet = 'not set'): string {
  if (value === undefined) return notSet;
  const text = typeof value === 'string' ? `“${value}”` : JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Characters kept on each side of the part that differs, so the change reads in its place. */
const CONTEXT = 16;

/**
 * Both values of a changed setting, each in at most `maxLength` characters. Long texts that share a
 * beginning or an end (a prompt with a sentence added) are cut around the part that differs, so the
 * change itself is what shows: `“…answer briefly. Always answer in Chinese.”`.
 */
export function formatChange(
  before: unknown,
  after: unknown,
  maxLength = 80,
  notSet?: string,
): [string, string] {
  if (typeof before !== 'string' || typeof after !== 'string')
    return [formatValue(before, maxLength, notSet), formatValue(after, maxLength, notSet)];
  if (before.length + 2 <= maxLength && after.length + 2 <= maxLength)
    return [formatValue(before, maxLength), formatValue(after, maxLength)];
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  )
    suffix++;
  const excerpt = (text: string) => {
    const start = Math.max(0, prefix - CONTEXT);
    const end = Math.min(text.length, text.length - suffix + CONTEXT);
    let shown = text.slice(start, end);
    // Room for the quotes and the two ellipses; a long differing part keeps its beginning.
    const room = maxLength - 4;
    if (shown.length > room) shown = `${shown.slice(0, room - 1)}…`;
    return `“${start > 0 ? '…' : ''}${shown}${end < text.length ? '…' : ''}”`;
  };
  return [excerpt(before), excerpt(after)];
}

/** One changed setting as `key: before → after`, short enough for a hover card. */
export function formatSetting(
  setting: { key: string; before: unknown; after: unknown },
  maxLength = 60,
  notSet?: string,
): string {
  const [before, after] = formatChange(setting.before, setting.after, maxLength, notSet);
  return `${setting.key}: ${before} → ${after}`;
}
