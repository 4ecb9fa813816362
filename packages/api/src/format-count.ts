/**
 * "12,000" for messages: the digits grouped by commas, as `toLocaleString('en')` writes them. Written
 * out because several of these messages are built when their modules load (zod schemas), and the first
 * Intl formatter of a process loads ICU's locale data: about 7 MB more resident memory (measured with
 * `new Intl.NumberFormat('en')` in a bare Node process) for a server that may never show a person a number.
 */
export function formatCount(value: number): string {
  const [whole = '', fraction] = String(Math.abs(value)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
