// Trailing runs of a character, dropped in one pass from the end. A regular expression such as
// /\/+$/ tries every run of that character in the text, each to its end: quadratic in the run's
// length (80,000 slashes followed by "x/" take seconds), and the texts here are untrusted.

/** Where `text`'s trailing characters that `drop` accepts begin (the text's length when none). */
export function trailingStart(text: string, drop: (code: number) => boolean): number {
  let end = text.length;
  while (end > 0 && drop(text.charCodeAt(end - 1))) end--;
  return end;
}

/** `text` without its trailing slashes. */
export function withoutTrailingSlashes(text: string): string {
  return text.slice(
    0,
    trailingStart(text, (c) => c === 47),
  );
}
