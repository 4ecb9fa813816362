/** A setting's value in at most `maxLength` characters: strings quoted, anything else as JSON. */
export function formatValue(value: unknown, maxLength = 80): string {
  if (value === undefined) return 'not set';
  const text = typeof value === 'string' ? `“${value}”` : JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** One changed setting as `key: before → after`, short enough for a hover card. */
export function formatSetting(
  setting: { key: string; before: unknown; after: unknown },
  maxLength = 60,
): string {
  return `${setting.key}: ${formatValue(setting.before, maxLength)} → ${formatValue(setting.after, maxLength)}`;
}
