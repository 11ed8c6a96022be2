// The structural index of the strict-JSON tree (fastTree.ts): one pass over the text, before
// JSON.parse reads it, records where every value sits, in a typed array (no object per value), and
// stops early where the text surely is not JSON (see NotJson). Objects whose keys JSON.parse does
// not mirror in text order (a repeated key, an integer-like key, `__proto__`, or a key with an
// escape, which may stand for any of these) are marked "irregular": the tree reads their keys from
// the text, and the members a later duplicate overrides are marked "shadowed" (their values are
// parsed from their own text when read, within a budget of about twice the text). Texts that nest
// too deeply, or whose shadowed members would exceed the budget, give no index: the caller uses
// jsonc-parser.
import {
  END,
  FALLBACK,
  KEY,
  KeyScan,
  keyName,
  MAX_FAST_DEPTH,
  NEXT,
  NotJson,
  START,
  STRIDE,
  stringEnd,
  TOO_DEEP,
  unexpected,
} from './scanKeys';

export { MAX_FAST_DEPTH, NotJson } from './scanKeys';

/** The structural index of one text: shared by every lazy node of that text. */
export class StructureIndex {
  constructor(
    readonly text: string,
    readonly slots: Int32Array,
    /** Object slots whose keys are read from the text (see the header comment); undefined for none. */
    readonly irregular: ReadonlySet<number> | undefined,
    /** Member value slots a later member of the same object with the same key overrides. */
    readonly shadowed: ReadonlySet<number> | undefined,
    /** The slots of the objects that repeat a key, ascending (empty for none). */
    readonly duplicated: Int32Array,
  ) {}

  start(slot: number): number {
    return this.slots[slot * STRIDE + START]!;
  }

  end(slot: number): number {
    return this.slots[slot * STRIDE + END]!;
  }

  next(slot: number): number {
    return this.slots[slot * STRIDE + NEXT]!;
  }

  key(slot: number): number {
    return this.slots[slot * STRIDE + KEY]!;
  }

  /** The offset just past the closing quote of the key opening at `offset`. */
  keyEnd(offset: number): number {
    return stringEnd(this.text, offset);
  }

  /** The key opening at `offset`, its escapes decoded. */
  keyName(offset: number): string {
    return keyName(this.text, offset, this.keyEnd(offset));
  }
}

/**
 * The index of `text` from `start` (after a BOM), when JSON.parse accepts the text: undefined when
 * the text needs jsonc-parser, 'deep' when that is because it nests deeper than MAX_FAST_DEPTH, and
 * NotJson when the scan found it is not JSON (see NotJson). The scan checks the structure only
 * (brackets, separators, keys, literals), so a text it indexes may still be refused by JSON.parse
 * (a control character in a string, a malformed number): the caller parses the text too.
 */
export function structureIndex(text: string, start: number): StructureIndex | 'deep' | NotJson | undefined {
  const keys = new KeyScan(text, start);
  try {
    const slots = scan(text, start, keys);
    return new StructureIndex(
      text,
      slots,
      keys.irregular,
      keys.shadowed,
      keys.duplicated ? Int32Array.from(keys.duplicated).sort() : NONE,
    );
  } catch (err) {
    if (err === FALLBACK) return undefined;
    if (err === TOO_DEEP) return 'deep';
    if (err instanceof NotJson) return err;
    throw err;
  }
}

const NONE = new Int32Array(0);

/** Whether the literal (`true`, `false` or `null`) that `c` starts is whole at `at`. */
function literalAt(text: string, at: number, c: number): boolean {
  return c === 116
    ? text.startsWith('true', at)
    : c === 110
      ? text.startsWith('null', at)
      : text.startsWith('false', at);
}

/**
 * One pass over the text, in JSON's structure. Fills the slot records; checks keys as it goes
 * (escapes, integer-like keys, `__proto__` and duplicates in one object mark it, see KeyScan).
 * Strings are skipped with indexOf; outside strings a character below 33 is taken for whitespace
 * (one comparison: JSON.parse refuses the others). Every bracket, separator, key and literal is
 * checked where it stands: where one is wrong the scan stops (see unexpected()), before JSON.parse
 * would build what comes before it.
 */
function scan(text: string, begin: number, keys: KeyScan): Int32Array {
  // About one value per 8 characters in pretty-printed manifests; grown by doubling if not.
  let slots = new Int32Array((((text.length - begin) >> 3) + 16) * STRIDE);
  let n = 0;
  // Open containers, innermost last: their slots, and whether each is an object.
  const open = new Int32Array(MAX_FAST_DEPTH + 1);
  const inObject = new Uint8Array(MAX_FAST_DEPTH + 1);
  let depth = 0;
  let i = begin;
  let key = -1;
  for (;;) {
    // A value starts here (after whitespace).
    let c = text.charCodeAt(i);
    while (c <= 32) c = text.charCodeAt(++i);
    if ((n + 1) * STRIDE > slots.length) {
      const grown = new Int32Array(slots.length * 2);
      grown.set(slots);
      slots = grown;
    }
    const r = n * STRIDE;
    slots[r + START] = i;
    slots[r + KEY] = key;
    if (c === 123 /* { */ || c === 91 /* [ */) {
      // Deep nesting goes to jsonc-parser, which reports where it overflows (json-too-deep).
      if (depth === MAX_FAST_DEPTH) throw TOO_DEEP;
      open[depth] = n++;
      keys.escapedAt[depth] = 0;
      inObject[depth++] = c === 123 ? 1 : 0;
      c = text.charCodeAt(++i);
      while (c <= 32) c = text.charCodeAt(++i);
      if (c !== 125 /* } */ && c !== 93 /* ] */) {
        key = -1;
        if (inObject[depth - 1] === 1) {
          // The first key: check it, then the value follows its colon.
          if (c !== 34) unexpected(c, i, depth);
          key = i;
          i = keys.after(i, open[depth - 1]!, depth - 1);
        }
        continue;
      }
      // An empty container: closed below.
    } else {
      let end: number;
      if (c === 34 /* " */) {
        end = stringEnd(text, i);
        // (No closing quote: the text ends inside the string.)
        if (end <= i) unexpected(c, text.length, depth);
      } else if (c === 116 /* t */ || c === 110 /* n */ || c === 102 /* f */) {
        if (!literalAt(text, i, c)) unexpected(c, i, depth);
        end = c === 102 ? i + 5 : i + 4;
      } else if ((c >= 48 && c <= 57) || c === 45 /* - */) {
        // (The number's form is JSON.parse's to check.)
        end = i + 1;
        for (;;) {
          const d = text.charCodeAt(end);
          if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) end++;
          else break;
        }
      } else {
        // No value starts here. After a comma, a closing bracket is a trailing comma (JSONC).
        if (depth > 0 && key === -1 && c === 93 && text.charCodeAt(lastNonSpace(text, i)) === 44) throw FALLBACK;
        unexpected(c, i, depth);
      }
      slots[r + END] = end;
      slots[r + NEXT] = ++n;
      i = end;
      c = text.charCodeAt(i);
      while (c <= 32) c = text.charCodeAt(++i);
    }
    // After a value: close containers until a comma (next member or element) or the end.
    for (;;) {
      if (depth === 0) return slots;
      if (c === 44 /* , */) {
        c = text.charCodeAt(++i);
        while (c <= 32) c = text.charCodeAt(++i);
        key = -1;
        if (inObject[depth - 1] === 1) {
          if (c !== 34) {
            // A closing brace after the comma: a trailing comma (JSONC).
            if (c === 125) throw FALLBACK;
            unexpected(c, i, depth);
          }
          key = i;
          i = keys.after(i, open[depth - 1]!, depth - 1);
        }
        break;
      }
      // The closing bracket of the innermost container, or no JSON.
      if (c !== (inObject[depth - 1] === 1 ? 125 : 93)) unexpected(c, i, depth);
      const container = open[--depth]!;
      const cr = container * STRIDE;
      slots[cr + END] = ++i;
      slots[cr + NEXT] = n;
      if (c === 125) keys.checkDuplicates(slots, container, n, depth);
      c = text.charCodeAt(i);
      while (c <= 32) c = text.charCodeAt(++i);
    }
  }
}

/** The offset of the last character before `at` that is not below 33 (-1 for none). */
function lastNonSpace(text: string, at: number): number {
  let j = at - 1;
  while (j >= 0 && text.charCodeAt(j) <= 32) j--;
  return j;
}
