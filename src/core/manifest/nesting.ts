// Nesting past the engine's limit (MAX_NESTING_DEPTH in json.ts): where it starts, and the text with
// what nests too deeply blanked out (offsets unchanged). Strings and comments are skipped as
// jsonc-parser's scanner reads them (and the tolerant reader, tolerantScanner.ts): a string ends at
// its closing quote or at a line break, a line comment at a line break (CR or LF). Read otherwise,
// brackets after a string broken by a line break were taken as the string's text, and a text the
// reader nests thousands of levels deep was found to need no pruning.

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
  const spans = deepSpans(text, limit, 0, 0, false);
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

/**
 * Whether the text from `from` on, read from bracket depth `depth`, opens a bracket deeper than
 * `limit`: for a text a reader of the same rules (the tolerant reader) read up to `from` only, so
 * that only the rest is read here. Stops at the first such bracket.
 */
export function nestsPast(text: string, from: number, depth: number, limit: number): boolean {
  return depth > limit || deepSpans(text, limit, from, depth, true).length > 0;
}

/**
 * The spans of the arrays and objects that open deeper than `limit`, reading from `from` at depth
 * `depth`; with `firstOnly`, up to the first one (its span not measured).
 */
function deepSpans(
  text: string,
  limit: number,
  from: number,
  depth: number,
  firstOnly: boolean,
): { offset: number; length: number }[] {
  const spans: { offset: number; length: number }[] = [];
  let start = -1;
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      i = stringLast(text, i);
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      i = lineCommentLast(text, i);
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (ch === 91 || ch === 123) {
      if (++depth === limit + 1) {
        if (firstOnly) return [{ offset: i, length: 1 }];
        start = i;
      }
    } else if ((ch === 93 || ch === 125) && depth > 0) {
      if (depth-- === limit + 1) spans.push({ offset: start, length: i + 1 - start });
    }
  }
  if (depth > limit && start >= 0) spans.push({ offset: start, length: text.length - start });
  return spans;
}

/** The number of `[` and `{` in the text (strings and comments included), counted up to `atMost`. */
export function openingBrackets(text: string, atMost: number): number {
  let n = 0;
  for (let i = text.indexOf('['); i >= 0 && n < atMost; i = text.indexOf('[', i + 1)) n++;
  for (let i = text.indexOf('{'); i >= 0 && n < atMost; i = text.indexOf('{', i + 1)) n++;
  return n;
}

/** A run of string characters that neither end the string nor escape (sticky: matched where the read is). */
const STRING_RUN = /[^"\\\r\n]*/y;

/**
 * The last offset of the string that opens at `open`, as jsonc-parser's scanner reads it: its closing
 * quote, or the character before the line break that ends it early (the break is read next); the
 * text's length when neither comes. A backslash escapes the next character, whatever it is (a
 * line break too). The regular expression engine skips the plain characters between.
 */
function stringLast(text: string, open: number): number {
  let i = open + 1;
  // (Checked before each match: past the end, a sticky expression would start again at 0.)
  while (i < text.length) {
    STRING_RUN.lastIndex = i;
    STRING_RUN.test(text);
    i = STRING_RUN.lastIndex;
    if (i >= text.length) break;
    const c = text.charCodeAt(i);
    if (c === 92 /* backslash */) i += 2;
    else return c === 34 /* " */ ? i : i - 1;
  }
  return text.length;
}

/** The last offset of the line comment that starts at `at`: the character before the line break (CR or LF) that ends it, or the text's end. */
function lineCommentLast(text: string, at: number): number {
  let i = at + 2;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i - 1;
    i++;
  }
  return text.length;
}

/** The offset of the first `[` or `{` nested deeper than `limit` (outside strings and comments), or -1. */
export function depthExceededAt(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      i = stringLast(text, i);
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      i = lineCommentLast(text, i);
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
