// Counts in messages, written the same way everywhere whatever the user's locale: 1,200.
// (One formatter: `toLocaleString` makes a new one on every call.) No vscode import.
const FORMAT = new Intl.NumberFormat('en-US');

/** `n` with thousands separators (1,200). */
export function formatCount(n: number): string {
  return FORMAT.format(n);
}
