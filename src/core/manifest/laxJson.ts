// A fast path for JSON with comments and trailing commas (JSONC), the common non-strict case: one
// pass finds them outside strings, a copy of the text with each of them blanked to spaces (same
// length, so every offset holds) goes through the strict fast path (JSON.parse and the lazy tree,
// fastTree.ts), and the comments and trailing commas are reported as jsonc-parser would report them.
// Runs of stray characters where a token may start (a bidi mark, a second BOM, a NUL between two
// tokens) are blanked the same way: jsonc-parser reads each as an unknown token, reports it as an
// error and reads on as if it were whitespace, so its tree is the blanked text's. Anything else
// that is not strict JSON (another syntax error, an unterminated comment, very many trailing
// commas) or that the strict path leaves to jsonc-parser returns undefined and jsonc-parser parses
// the original text.
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { INVALID_SYMBOL } from './parseErrorCodes';
import { MAX_READ_ERRORS } from './tolerantReader';
import { parseStrictTree, type StrictParse } from './fastTree';
import { BackedNode, elementCount, lastElementFrom, membersOf } from './backedNode';

/** Trailing commas this path reports itself; more take jsonc-parser's path (and its cap). */
const MAX_TRAILING_COMMAS = 200;

export interface LaxParse extends StrictParse {
  /** Comments as jsonc-parser reports them: `//` up to the line break, `/*` through `*\/`. */
  readonly comments: { offset: number; length: number }[];
  /**
   * Stray runs (characters no JSON token has, such as a bidi mark or a second BOM, where a token
   * may start): jsonc-parser reads each as an unknown token, reports it and reads on as if it were
   * whitespace.
   */
  readonly strays: ParseError[];
  /** Each trailing comma and the array or object it sits in. */
  readonly trailingCommas: { offset: number; container: JsonNode }[];
}

/**
 * ASCII characters no JSON token has (nor whitespace): with every character past ASCII, they start
 * a stray run where a token may start (see parseLaxTree).
 */
const STRAY = new Uint8Array(128).fill(1);
for (const ch of ' \t\n\r"/[]{},:0123456789-+.eEtrufalsn') STRAY[ch.charCodeAt(0)] = 0;

/** Characters after which a token starts (a stray run there is jsonc-parser's unknown token). */
const BEFORE_TOKEN = new Uint8Array(128);
for (const ch of ' \t\n\r"/[]{},:0123456789') BEFORE_TOKEN[ch.charCodeAt(0)] = 1;

/** Characters that end jsonc-parser's unknown token (whitespace, line breaks and structure). */
const ENDS_RUN = new Uint8Array(128);
for (const ch of ' \t\n\r"/[]{},:') ENDS_RUN[ch.charCodeAt(0)] = 1;

/** Errors this path reports, comments included; the tolerant reader stops reading at this many (tolerantReader.ts). */
const MAX_ERRORS = MAX_READ_ERRORS - 1;

/**
 * Whether a text JSON.parse refused (with `error`) may still be JSONC this path reads: false when
 * the error says where JSON.parse stopped and that is neither a comment nor a closing bracket
 * (after a trailing comma), or that the text ended early, which no comment or trailing comma
 * explains (JSON.parse stops at the first of them). True when the error does not say (V8's
 * messages are read, and any other wording only costs the scan).
 */
export function laxMayHelp(text: string, start: number, error: unknown): boolean {
  if (!(error instanceof SyntaxError)) return true;
  if (error.message.startsWith('Unexpected end of JSON input')) return false;
  const at = refusedAt(error);
  // V8 names an unexpected token without its position: only a comment's `/`, a bracket after a
  // trailing comma or a stray character can be read by the scan.
  if (at === undefined) {
    const token = /^Unexpected token '(.*?)', /s.exec(error.message)?.[1];
    return token === undefined || token === '/' || token === ']' || token === '}' || isStray(token.charCodeAt(0));
  }
  const c = text.charCodeAt(start + at);
  // A comment's `/`, or the bracket after a trailing comma, or a stray character; after a whole
  // value (a stray bracket after the object), only a comment or a stray character.
  if (error.message.includes('after JSON at position')) return c === 47 || isStray(c);
  return c === 47 || c === 93 || c === 125 || isStray(c);
}

/** Whether a character starts a stray run (see STRAY). */
function isStray(c: number): boolean {
  return c > 127 || STRAY[c] === 1;
}

/**
 * Where JSON.parse stopped, from its error (relative to the string it was given): V8 says "… in
 * JSON at position N", or "… after JSON at position N" when a whole value was read and something
 * followed it. Undefined when the error does not say.
 */
export function refusedAt(error: unknown): number | undefined {
  if (!(error instanceof SyntaxError)) return undefined;
  const at = / JSON at position (\d+)/.exec(error.message);
  return at ? Number(at[1]) : undefined;
}

/** Parses JSONC through the strict fast path, or returns undefined (see the header comment). */
export function parseLaxTree(text: string, start: number): LaxParse | undefined {
  const comments: { offset: number; length: number }[] = [];
  // Trailing commas, and the offset of the bracket that opens their container.
  const commas: { offset: number; open: number }[] = [];
  const open: number[] = [];
  const n = text.length;
  // The last character outside whitespace and comments: a comma right after `[`, `{` or another
  // comma is a syntax error, not a trailing comma.
  let last = 0;
  const strays: ParseError[] = [];
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (isStray(c)) {
      // (Where no token may start, the character is in a word or number: an error of another kind.)
      const before = i > start ? text.charCodeAt(i - 1) : 32;
      if (before > 127 || BEFORE_TOKEN[before] === 0 || strays.length + comments.length >= MAX_ERRORS) return undefined;
      let end = i + 1;
      for (let d = text.charCodeAt(end); end < n && (d > 127 || ENDS_RUN[d] === 0); d = text.charCodeAt(++end));
      strays.push({ error: INVALID_SYMBOL, offset: i, length: end - i });
      i = end - 1;
      continue;
    }
    if (c !== 47) {
      if (c === 44 && (last === 91 || last === 123 || last === 44 || last === 0)) return undefined;
      last = c;
    }
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
      if (i >= n) return undefined;
    } else if (c === 47 /* / */) {
      const end = commentEnd(text, i);
      if (end < 0 || strays.length + comments.length >= MAX_ERRORS) return undefined;
      comments.push({ offset: i, length: end - i });
      i = end - 1;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      open.push(i);
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (open.pop() === undefined) return undefined;
    } else if (c === 44 /* , */) {
      const next = nextSignificant(text, i + 1);
      if (next < 0) return undefined;
      const d = text.charCodeAt(next);
      if ((d === 93 || d === 125) && open.length > 0) {
        if (commas.length === MAX_TRAILING_COMMAS) return undefined;
        commas.push({ offset: i, open: open[open.length - 1]! });
      }
    }
  }
  if (comments.length === 0 && commas.length === 0 && strays.length === 0) return undefined;
  const strict = parseStrictTree(blank(text, [...comments, ...strays], commas), start);
  if (!strict) return undefined;
  const trailingCommas: { offset: number; container: JsonNode }[] = [];
  for (const t of commas) {
    const container = nodeOpeningAt(strict.root, t.open);
    if (!container) return undefined;
    trailingCommas.push({ offset: t.offset, container });
  }
  return { ...strict, comments, strays, trailingCommas };
}

/** The end of the comment starting at `i` (a `/`), or -1 when it is not a (terminated) comment. */
function commentEnd(text: string, i: number): number {
  const c = text.charCodeAt(i + 1);
  if (c === 47 /* / */) {
    // A line comment ends before the line break (\n, \r, or the end of the text).
    for (let j = i + 2; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 10 || d === 13) return j;
    }
    return text.length;
  }
  if (c === 42 /* * */) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? -1 : close + 2;
  }
  return -1;
}

/** The offset of the next character that is neither whitespace nor in a comment, or -1. */
function nextSignificant(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (c === 47) {
      const end = commentEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
      continue;
    }
    return i;
  }
  return -1;
}

/** The text with every comment and trailing comma replaced by as many spaces. */
function blank(
  text: string,
  comments: readonly { offset: number; length: number }[],
  commas: readonly { offset: number }[],
): string {
  const spans = [...comments, ...commas.map((c) => ({ offset: c.offset, length: 1 }))].sort(
    (a, b) => a.offset - b.offset,
  );
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(text.slice(at, s.offset), ' '.repeat(s.length));
    at = s.offset + s.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * The array or object node that opens at `offset`, found by descending from the root. Only the
 * nodes on the way are made: an element is found by its offset (elementOffset), a member by a
 * search over the members (membersOf), so a list of thousands of items makes a few of them.
 */
function nodeOpeningAt(root: JsonNode, offset: number): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  while (node && node.offset !== offset) {
    const c = childHolding(node, offset);
    if (c === undefined) return undefined;
    node = c.type === 'property' ? c.children?.[1] : c;
    if (node && offset >= node.offset + node.length) return undefined;
  }
  return node && (node.type === 'object' || node.type === 'array') ? node : undefined;
}

/** The child of `node` that starts last at or before `offset` (children are in text order). */
function childHolding(node: JsonNode, offset: number): JsonNode | undefined {
  if (node instanceof BackedNode && node.type === 'array') {
    const hit = lastElementFrom(node, elementCount(node), offset);
    return hit < 0 ? undefined : node.element(hit);
  }
  let count: number;
  let at: (i: number) => JsonNode | undefined;
  if (node.type === 'object') {
    const members = membersOf(node);
    count = members.keys.length;
    at = members.at;
  } else {
    const children: JsonNode[] = node.children ?? [];
    count = children.length;
    at = (i) => children[i];
  }
  let lo = 0;
  let hi = count - 1;
  let hit = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid)!.offset <= offset) {
      hit = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return hit < 0 ? undefined : at(hit);
}
