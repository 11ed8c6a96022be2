// Nesting past the engine's limit (MAX_NESTING_DEPTH in json.ts): where it starts, and the text with
// what nests too deeply blanked out (offsets unchanged). Strings and comments are skipped as
// jsonc-parser reads them.

/**
 * Blanks out every array or object that opens deeper than `limit` (outside strings and comments):
 * its text becomes `0` followed by spaces, so every other offset stays valid. One pass; undefined
 * when nothing is that deep. A bracket never closed is blanked to the end of the text.
 */
export function pruneDeep(
  text: string,
  limit: number,
): { text: string; first: number; spans: { offset: number; length: number }[] } | undefined {
  // Nothing nests deeper than the number of opening brackets: a text with few needs no scan.
  if (openingBrackets(text, limit + 1) <= limit) return undefined;
  const spans: { offset: number; length: number }[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      i = closingQuote(text, i);
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (ch === 91 || ch === 123) {
      if (++depth === limit + 1) start = i;
    } else if ((ch === 93 || ch === 125) && depth > 0) {
      if (depth-- === limit + 1) spans.push({ offset: start, length: i + 1 - start });
    }
  }
  if (depth > limit) spans.push({ offset: start, length: text.length - start });
  if (spans.length === 0) return undefined;
  // The pruned spans become `0` and spaces (newlines kept, so lines and columns stay too).
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.offset) + '0' + text.slice(s.offset + 1, s.offset + s.length).replace(/[^\r\n]/g, ' ');
    at = s.offset + s.length;
  }
  return { text: out + text.slice(at), first: spans[0]!.offset, spans };
}

/** The number of `[` and `{` in the text (strings and comments included), counted up to `atMost`. */
export function openingBrackets(text: string, atMost: number): number {
  let n = 0;
  for (let i = text.indexOf('['); i >= 0 && n < atMost; i = text.indexOf('[', i + 1)) n++;
  for (let i = text.indexOf('{'); i >= 0 && n < atMost; i = text.indexOf('{', i + 1)) n++;
  return n;
}

/**
 * The offset of the quote closing the string that opens at `open` (the text's length when none):
 * the next quote not escaped, i.e. not preceded by an odd run of backslashes. indexOf skips the
 * string's characters far faster than a loop over them.
 */
function closingQuote(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  while (j > 0 && text.charCodeAt(j - 1) === 92 /* backslash */) {
    let k = j - 1;
    while (text.charCodeAt(k - 1) === 92) k--;
    if ((j - k) % 2 === 0) break;
    j = text.indexOf('"', j + 1);
  }
  return j < 0 ? text.length : j;
}

/** The offset of the first `[` or `{` nested deeper than `limit` (outside strings and comments), or -1. */
export function depthExceededAt(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      i = closingQuote(text, i);
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (ch === 91 || ch === 123) {
      if (++depth > limit) return i;
    } else if (ch === 93 || ch === 125) {
      depth--;
    }
  }
  return -1;
}
