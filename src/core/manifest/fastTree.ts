// A fast path for the common case: strict JSON (no comments, no trailing commas, no errors). The
// native JSON.parse checks the text and gives its plain value; one pass over the text then records
// where every value sits (a structural index in a typed array, no object per value). Nodes of the
// jsonc-parser shape (same types, offsets, lengths, colonOffset, parents, values) are made only
// when something reads them: a node's children are created on first access, from the index and
// the parsed value. Rules read values and a few nodes, so a large manifest's tree is never built
// whole (building and promoting hundreds of thousands of nodes used to be most of the lint time).
//
// JSON.parse keeps the last of duplicate keys and moves integer-like keys ("1", "2") first; a key
// with escapes could only be matched to Object.keys by decoding it. Texts with any of these, or
// with a `__proto__` key, return undefined and the caller uses jsonc-parser, which stays the
// reference for tolerant parsing, errors and edits. Unit tests check that the lazy tree equals
// jsonc-parser's tree on every corpus manifest and generated input.
import type { Node as JsonNode, NodeType } from 'jsonc-parser';

export interface StrictParse {
  readonly root: JsonNode;
  readonly value: unknown;
}

/**
 * Index layout: one record of `STRIDE` int32 per JSON value ("slot"), in document order (a value
 * before its children): its start and end offsets, the slot just past its subtree (so siblings
 * are reached by jumping), and, for a value inside an object, the offset of its key's opening
 * quote (else -1).
 */
const STRIDE = 4;
const START = 0;
const END = 1;
const NEXT = 2;
const KEY = 3;

/** The structural index of one text: shared by every lazy node of that text. */
class StructureIndex {
  constructor(
    readonly text: string,
    readonly slots: Int32Array,
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

  /** The offset just past the closing quote of the key opening at `offset` (keys have no escapes here). */
  keyEnd(offset: number): number {
    return this.text.indexOf('"', offset + 1) + 1;
  }
}

/** Thrown inside the scan when the text needs jsonc-parser (see the header comment). */
class Fallback extends Error {}
const FALLBACK = new Fallback();

/**
 * Parses strict JSON starting at `start` (after a BOM). Returns undefined when the text is not
 * strict JSON, nests too deeply for the call stack, or has keys the lazy tree does not handle.
 */
export function parseStrictTree(text: string, start = 0): StrictParse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(start > 0 ? text.slice(start) : text);
  } catch {
    return undefined;
  }
  let index: StructureIndex;
  try {
    index = new StructureIndex(text, scan(text, start));
  } catch (err) {
    if (err === FALLBACK) return undefined;
    throw err;
  }
  return { root: new LazyNode(index, 0, undefined, value, 'value'), value };
}

/** Deeper texts take jsonc-parser's path (real manifests nest about 6 levels). */
const MAX_FAST_DEPTH = 256;

/**
 * One pass over a text JSON.parse accepted (so no syntax checks, only positions). Fills the slot
 * records; checks keys as it goes (escapes, integer-like, `__proto__`, duplicates in one object)
 * and throws FALLBACK on any of them. Strings are skipped with indexOf; outside strings a valid
 * text has no character below 33 but whitespace, so one comparison skips it.
 */
function scan(text: string, begin: number): Int32Array {
  // About one value per 8 characters in pretty-printed manifests; grown by doubling if not.
  let slots = new Int32Array(((text.length >> 3) + 16) * STRIDE);
  let n = 0;
  // Open containers, innermost last: their slots, and whether each is an object.
  const open = new Int32Array(MAX_FAST_DEPTH + 1);
  const inObject = new Uint8Array(MAX_FAST_DEPTH + 1);
  let depth = 0;
  // The next backslash at or after the current key (keys with escapes take jsonc-parser's path).
  let nextBackslash = nextIndex(text, '\\', begin);
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
      if (depth === MAX_FAST_DEPTH) throw FALLBACK;
      open[depth] = n++;
      inObject[depth++] = c === 123 ? 1 : 0;
      c = text.charCodeAt(++i);
      while (c <= 32) c = text.charCodeAt(++i);
      if (c !== 125 /* } */ && c !== 93 /* ] */) {
        key = -1;
        if (inObject[depth - 1] === 1) {
          // The first key: check it, then the value follows its colon.
          key = i;
          const close = text.indexOf('"', i + 1);
          if (nextBackslash < close) nextBackslash = backslashPast(text, i, close, nextBackslash);
          i = afterKey(text, i, close);
        }
        continue;
      }
      // An empty container: closed below.
    } else {
      let end: number;
      if (c === 34 /* " */) end = stringEnd(text, i);
      else if (c === 116 /* t */ || c === 110 /* n */) end = i + 4;
      else if (c === 102 /* f */) end = i + 5;
      else {
        end = i + 1;
        for (;;) {
          const d = text.charCodeAt(end);
          if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) end++;
          else break;
        }
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
          key = i;
          const close = text.indexOf('"', i + 1);
          if (nextBackslash < close) nextBackslash = backslashPast(text, i, close, nextBackslash);
          i = afterKey(text, i, close);
        }
        break;
      }
      // c is } or ]
      const container = open[--depth]!;
      const cr = container * STRIDE;
      slots[cr + END] = ++i;
      slots[cr + NEXT] = n;
      if (c === 125) checkDuplicateKeys(text, slots, container, n);
      c = text.charCodeAt(i);
      while (c <= 32) c = text.charCodeAt(++i);
    }
  }
}

/**
 * The scan's next backslash once the key quoted from `at` to `close` is read, given the last one
 * found (before `close`): throws FALLBACK when it falls inside the key (an escape).
 */
function backslashPast(text: string, at: number, close: number, last: number): number {
  const next = last < at ? nextIndex(text, '\\', at) : last;
  if (next < close) throw FALLBACK;
  return next;
}

/** Checks the key quoted from `at` to `close` (see checkKey) and returns the offset past its colon. */
function afterKey(text: string, at: number, close: number): number {
  checkKey(text, at);
  return text.indexOf(':', close) + 1;
}

/** indexOf, with the text's length for "none". */
function nextIndex(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}

/**
 * Throws FALLBACK for keys JSON.parse does not keep in text order or as written: integer-like
 * keys (any key starting with a digit, to be safe) and `__proto__`.
 */
function checkKey(text: string, quote: number): void {
  const c = text.charCodeAt(quote + 1);
  if ((c >= 48 && c <= 57) || (c === 95 /* _ */ && text.startsWith('__proto__"', quote + 1))) throw FALLBACK;
}

/** The offset just past the closing quote of the string opening at `begin` (a quote). */
function stringEnd(text: string, begin: number): number {
  let j = text.indexOf('"', begin + 1);
  // An escaped quote is preceded by an odd number of backslashes.
  while (text.charCodeAt(j - 1) === 92) {
    let k = j - 1;
    while (text.charCodeAt(k - 1) === 92) k--;
    if ((j - k) % 2 === 0) break;
    j = text.indexOf('"', j + 1);
  }
  return j + 1;
}

/** Throws FALLBACK when two members of the object at `slot` (members end before `past`) share a key. */
function checkDuplicateKeys(text: string, slots: Int32Array, slot: number, past: number): void {
  let count = 0;
  for (let m = slot + 1; m < past; m = slots[m * STRIDE + NEXT]!) count++;
  if (count < 2) return;
  if (count > 16) {
    // Large objects: one set of key texts instead of comparing every pair.
    const seen = new Set<string>();
    for (let m = slot + 1; m < past; m = slots[m * STRIDE + NEXT]!) {
      const k = slots[m * STRIDE + KEY]!;
      const name = text.slice(k, text.indexOf('"', k + 1));
      if (seen.has(name)) throw FALLBACK;
      seen.add(name);
    }
    return;
  }
  for (let a = slot + 1; a < past; a = slots[a * STRIDE + NEXT]!) {
    const ka = slots[a * STRIDE + KEY]!;
    const la = text.indexOf('"', ka + 1) - ka;
    for (let b = slots[a * STRIDE + NEXT]!; b < past; b = slots[b * STRIDE + NEXT]!) {
      const kb = slots[b * STRIDE + KEY]!;
      // Same length and same characters (keys have no escapes here, so equal text = equal key).
      if (text.charCodeAt(kb + la) === 34 && sameChars(text, ka + 1, kb + 1, la - 1)) throw FALLBACK;
    }
  }
}

function sameChars(text: string, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** What a lazy node stands for: a value, a property (key and value), or a property's key. */
type Role = 'value' | 'property' | 'key';

/**
 * A jsonc-parser node made on demand. `children` and `colonOffset` are computed on first read;
 * everything else is set at creation. All nodes share this one class, so reads stay monomorphic.
 * `member(key)` finds one property of an object without making its siblings.
 */
export class LazyNode implements JsonNode {
  readonly type: NodeType;
  readonly offset: number;
  readonly length: number;
  readonly value: unknown;
  /** Children made so far; for objects possibly sparse (see member()) until `children` fills it. */
  private kids: (JsonNode | undefined)[] | undefined;
  /** Whether `kids` holds every child. */
  private complete = false;
  /** An object's keys in text order (Object.keys of its plain value), read once. */
  private names: string[] | undefined;

  constructor(
    private readonly index: StructureIndex,
    /** The slot of the value (for a property or key node: of the property's value). */
    private readonly slot: number,
    readonly parent: JsonNode | undefined,
    /** The plain value of the slot (objects and arrays keep theirs to make children). */
    private readonly plain: unknown,
    private readonly role: Role,
    /** For property and key nodes: the key. */
    private readonly name?: string,
  ) {
    if (role === 'value') {
      const start = index.start(slot);
      this.offset = start;
      this.length = index.end(slot) - start;
      const c = index.text.charCodeAt(start);
      this.type =
        c === 123
          ? 'object'
          : c === 91
            ? 'array'
            : c === 34
              ? 'string'
              : c === 116 || c === 102
                ? 'boolean'
                : c === 110
                  ? 'null'
                  : 'number';
      this.value = c === 123 || c === 91 ? undefined : plain;
    } else {
      const key = index.key(slot);
      this.offset = key;
      if (role === 'property') {
        this.type = 'property';
        this.length = index.end(slot) - key;
        this.value = undefined;
      } else {
        this.type = 'string';
        this.length = index.keyEnd(key) - key;
        this.value = name;
      }
    }
  }

  /** jsonc-parser sets colonOffset on property nodes only. */
  get colonOffset(): number | undefined {
    if (this.role !== 'property') return undefined;
    return this.index.text.indexOf(':', this.index.keyEnd(this.offset));
  }

  get children(): JsonNode[] | undefined {
    if (this.complete) return this.kids as JsonNode[] | undefined;
    this.complete = true;
    const type = this.type;
    if (type === 'property') {
      this.kids = [
        new LazyNode(this.index, this.slot, this, undefined, 'key', this.name),
        new LazyNode(this.index, this.slot, this, this.plain, 'value'),
      ];
    } else if (type === 'array') {
      const items = this.plain as unknown[];
      const out: JsonNode[] = [];
      const past = this.index.next(this.slot);
      let k = 0;
      for (let m = this.slot + 1; m < past; m = this.index.next(m))
        out.push(new LazyNode(this.index, m, this, items[k++], 'value'));
      this.kids = out;
    } else if (type === 'object') {
      const names = this.keys();
      const kids = (this.kids ??= []);
      const past = this.index.next(this.slot);
      let k = 0;
      for (let m = this.slot + 1; m < past; m = this.index.next(m), k++) {
        kids[k] ??= this.property(m, names[k]!);
      }
      kids.length = k;
    }
    return this.kids as JsonNode[] | undefined;
  }

  /** The plain value (JSON.parse's) of a value node; of the value for property and key nodes. */
  plainValue(): unknown {
    return this.plain;
  }

  /**
   * The property node of `key` in an object node (undefined when absent or not an object), made
   * without its siblings: the plain value says whether and where the key is.
   */
  member(key: string): JsonNode | undefined {
    if (this.type !== 'object') return undefined;
    const obj = this.plain as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
    if (this.complete) return this.kids![this.keys().indexOf(key)];
    const k = this.keys().indexOf(key);
    const kids = (this.kids ??= []);
    let hit = kids[k];
    if (hit === undefined) {
      let m = this.slot + 1;
      for (let j = 0; j < k; j++) m = this.index.next(m);
      hit = kids[k] = this.property(m, key);
    }
    return hit;
  }

  private keys(): string[] {
    // Same order as the text: no duplicate, integer-like or escaped keys reach this path.
    return (this.names ??= Object.keys(this.plain as object));
  }

  private property(slot: number, key: string): LazyNode {
    return new LazyNode(this.index, slot, this, (this.plain as Record<string, unknown>)[key], 'property', key);
  }
}
