// The strict parts of a text with syntax errors (see graftJson.ts): arrays and objects that JSON.parse
// accepts on their own, and runs of array elements it accepts inside brackets, found top-down (a
// part that is not strict is looked into, an array's elements halved until they are). Brackets,
// strings and comments are read as jsonc-parser's scanner reads them, so a part found here is
// usually one jsonc-parser reads as a value; graftJson.ts checks that it is.
import type { Node as JsonNode } from 'jsonc-parser';
import { lazyElementsAt, lazyValueAt } from './fastTree';

/** Strict parts shorter than this stay with jsonc-parser (a placeholder costs more than it saves). */
const MIN_PART = 1024;
/** At most this many parts per text (each has a structural index of its own). */
const MAX_PARTS = 256;
/** How deep the search for strict parts looks into arrays and objects that are not strict. */
const MAX_SEARCH_DEPTH = 16;

/** One strict part: the placeholder's range, and the nodes that replace its node. */
export interface Part {
  readonly start: number;
  readonly end: number;
  /** A run of array elements (its node must be an array's element), else one value. */
  readonly run: boolean;
  /** The length of the part's first token (where jsonc-parser reports an error found at the part). */
  readonly head: number;
  readonly nodes: (parent: JsonNode | undefined) => { nodes: JsonNode[]; duplicates: readonly number[] } | undefined;
}

/** Where every bracket (outside strings and comments, as jsonc-parser's scanner reads them) opens and closes. */
interface Brackets {
  /** Offsets of the opening brackets, ascending. */
  readonly opens: Int32Array;
  /** The offset of each one's closing bracket, or -1 when it is not closed. */
  readonly closes: Int32Array;
  readonly count: number;
  /** Indexes of the brackets opened at the top level. */
  readonly tops: number[];
}

function brackets(text: string, skip: Skipper): Brackets {
  let opens = new Int32Array(1024);
  let closes = new Int32Array(1024);
  let count = 0;
  const stack: number[] = [];
  const tops: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = skip.string(i) - 1;
    } else if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) i = skip.lineEnd(i) - 1;
      else if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 1;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (count === opens.length) {
        opens = grow(opens);
        closes = grow(closes);
      }
      opens[count] = i;
      closes[count] = -1;
      if (stack.length === 0) tops.push(count);
      stack.push(count++);
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      const k = stack.pop();
      if (k !== undefined) closes[k] = i;
    }
  }
  return { opens, closes, count, tops };
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Strings and line comments as jsonc-parser's scanner ends them: a string at its closing quote or at
 * a line break, a line comment at a line break. The offsets of the line breaks and backslashes are
 * listed once, so each string is skipped with indexOf and a binary search, in any order.
 */
class Skipper {
  private readonly breaks: Int32Array;
  private readonly slashes: Int32Array;

  constructor(private readonly text: string) {
    this.breaks = merge(offsets(text, '\n'), offsets(text, '\r'));
    this.slashes = offsets(text, '\\');
  }

  /** The end of the string opening at `q`: past its closing quote, or at the line break or end that cuts it. */
  string(q: number): number {
    const text = this.text;
    const n = text.length;
    let from = q + 1;
    let cut = after(this.breaks, from, n);
    for (;;) {
      let quote = text.indexOf('"', from);
      if (quote < 0) quote = n;
      const slash = after(this.slashes, from, n);
      if (quote < slash && quote < cut) return quote < n ? quote + 1 : n;
      if (cut <= slash) return cut;
      // An escape: the character after the backslash is the string's, whatever it is.
      from = slash + 2;
      if (from >= n) return n;
      if (cut < from) cut = after(this.breaks, from, n);
    }
  }

  /** The first backslash at or after `i` (the text's length for none). */
  backslash(i: number): number {
    return after(this.slashes, i, this.text.length);
  }

  /** The line break ending the line comment at `i` (or the end of the text). */
  lineEnd(i: number): number {
    return after(this.breaks, i, this.text.length);
  }
}

/** The offsets of one character in a text, ascending. */
function offsets(text: string, ch: string): Int32Array {
  const out: number[] = [];
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) out.push(i);
  return Int32Array.from(out);
}

function merge(a: Int32Array, b: Int32Array): Int32Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** The first of the ascending offsets at or after `from`, else `none`. */
function after(sorted: Int32Array | readonly number[], from: number, none: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo]! : none;
}

/** The index of the first of the ascending offsets past `at`. */
function upper(sorted: readonly number[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the bracket opening at `offset` (one of `opens`), by binary search. */
function bracketAt(b: Brackets, offset: number): number {
  let lo = 0;
  let hi = b.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = b.opens[mid]!;
    if (at === offset) return mid;
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The strict parts of a text, in text order (see the header comment). */
export function findParts(text: string): Part[] {
  const skip = new Skipper(text);
  const b = brackets(text, skip);
  const parts: Part[] = [];
  let budget = 3 * text.length + 65_536;
  const n = text.length;
  // Where JSON.parse found an error, ascending: a range holding one is not tried again.
  const failures: number[] = [];

  /**
   * JSON.parse of the text from `from` to `to` (inside brackets with `wrap`), within the budget;
   * undefined when it throws (its error position is kept), when the range holds a known error or
   * when the budget is spent.
   */
  const tryParse = (from: number, to: number, wrap: boolean): { value: unknown } | undefined => {
    const size = to - from;
    if (budget < size || parts.length >= MAX_PARTS) return undefined;
    const known = after(failures, from, n);
    if (known < to) return undefined;
    try {
      const value: unknown = JSON.parse(wrap ? '[' + text.slice(from, to) + ']' : text.slice(from, to));
      budget -= size;
      return { value };
    } catch (err) {
      // V8 says where ("… at position 12"); without it, the range's end stands for it.
      const at = /at position (\d+)/.exec(err instanceof Error ? err.message : '');
      const failed = at ? Math.min(to - 1, Math.max(from, from + Number(at[1]) - (wrap ? 1 : 0))) : to - 1;
      // Parsing stopped there; a wrapped range was copied first.
      budget -= failed - from + 1 + (wrap ? size >> 3 : 0);
      const i = failures.length > 0 ? upper(failures, failed) : 0;
      if (failures[i - 1] !== failed) failures.splice(i, 0, failed);
      return undefined;
    }
  };

  const visit = (k: number, depth: number): void => {
    const open = b.opens[k]!;
    const close = b.closes[k]!;
    const end = close < 0 ? n : close + 1;
    if (end - open < MIN_PART || parts.length >= MAX_PARTS) return;
    if (close >= 0) {
      const parsed = tryParse(open, end, false);
      if (parsed) {
        const lazy = lazyValueAt(text, open, end, parsed.value, skip.backslash(open));
        if (lazy) {
          parts.push({
            start: open,
            end,
            run: false,
            head: 1,
            nodes: () => ({ nodes: [lazy.root], duplicates: lazy.duplicateObjects }),
          });
          return;
        }
      }
    }
    if (depth >= MAX_SEARCH_DEPTH) return;
    const inner = members(text, b, skip, k);
    if (text.charCodeAt(open) === 123) {
      for (const child of inner.children) visit(child, depth + 1);
      return;
    }
    runs(inner.cuts, 0, inner.cuts.length - 1, depth);
  };

  /**
   * The array elements between cuts[lo] and cuts[hi] (each cut the offset of a separator: the
   * opening bracket, a comma, the closing bracket): one part when JSON.parse accepts them, else each
   * half in turn; a single element that is an array or object is looked into.
   */
  const runs = (cuts: readonly number[], lo: number, hi: number, depth: number): void => {
    if (hi <= lo || parts.length >= MAX_PARTS) return;
    const from = cuts[lo]! + 1;
    const to = cuts[hi]!;
    if (to - from < MIN_PART) return;
    // Elements cut off by the end of the text are never part of a run.
    const parsed = to < n ? tryParse(from, to, true) : undefined;
    if (parsed) {
      let s = from;
      while (text.charCodeAt(s) <= 32) s++;
      let e = to;
      while (text.charCodeAt(e - 1) <= 32) e--;
      const made = lazyElementsAt(text, from, to, parsed.value as unknown[], skip.backslash(from));
      if (made) {
        parts.push({
          start: s,
          end: e,
          run: true,
          head: firstToken(text, skip, s),
          nodes: (parent) => ({ nodes: made.nodes(parent!), duplicates: made.duplicateObjects }),
        });
        return;
      }
    }
    if (hi - lo === 1) {
      let s = from;
      while (s < to && text.charCodeAt(s) <= 32) s++;
      const c = text.charCodeAt(s);
      if (c === 91 || c === 123) {
        const k = bracketAt(b, s);
        if (k >= 0) visit(k, depth + 1);
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    runs(cuts, lo, mid, depth);
    runs(cuts, mid, hi, depth);
  };

  for (const k of b.tops) visit(k, 0);
  return parts;
}

/** The length of the token at `at` of a strict text: a bracket, a string, a number or a literal. */
function firstToken(text: string, skip: Skipper, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 91 || c === 123) return 1;
  if (c === 34) return skip.string(at) - at;
  let i = at + 1;
  while (/[\w.+-]/.test(text.charAt(i))) i++;
  return i - at;
}

/**
 * One pass over the inside of the array or object `k` (nested brackets skipped): its separators
 * (the opening bracket, each comma, the closing bracket or the end of the text) and the brackets
 * that open inside it.
 */
function members(text: string, b: Brackets, skip: Skipper, k: number): { cuts: number[]; children: number[] } {
  const open = b.opens[k]!;
  const close = b.closes[k]!;
  const end = close < 0 ? text.length : close;
  const cuts = [open];
  const children: number[] = [];
  for (let i = open + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = skip.string(i) - 1;
    } else if (c === 47) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) i = skip.lineEnd(i) - 1;
      else if (d === 42) {
        const e = text.indexOf('*/', i + 2);
        i = e < 0 ? text.length : e + 1;
      }
    } else if (c === 44) {
      cuts.push(i);
    } else if (c === 91 || c === 123) {
      // Both passes read strings and comments alike, so this bracket is one of `opens`.
      const child = bracketAt(b, i);
      if (child < 0) break;
      children.push(child);
      const childClose = b.closes[child]!;
      if (childClose < 0) break;
      i = childClose;
    }
  }
  cuts.push(end);
  return { cuts, children };
}
