// The index behind the tree of texts that are not strict JSON (compactTree.ts): tolerantReader.ts
// reads the text as jsonc-parser's `visit` does, and a sink that follows parseTree's state machine
// step for step records every node parseTree would make in typed arrays (kind, offset, length,
// parent, colon offset) and every literal's value in arrays of CHUNK values: no object per node. A
// second pass, from the last node to the first, lays out each node's children and builds each
// container's plain value (getNodeValue's) from its children's, and notes the objects that repeat a
// key and the containers with a trailing comma. Both passes, like the reader, are iterative and
// linear.
import type { NodeType, ParseErrorCode } from 'jsonc-parser';
import { ParseErrorList } from './parseErrors';
import { readTolerant, type Nesting, type ReadSink } from './tolerantReader';
import { commaBetween } from './commas';

const OBJECT = 0;
const ARRAY = 1;
const PROPERTY = 2;
const STRING = 3;
const NUMBER = 4;
const BOOLEAN = 5;
const NULL = 6;

/**
 * Node values are kept in arrays of this many (64 KB each), not in one array of every node's: a
 * JavaScript array that large lives in pages of its own, and each time it grows it is copied to
 * fresh ones, which the system has to map page by page (most of the page faults of a parse).
 */
const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;

/**
 * A chunk of CHUNK values, copied whole for each chunk of a large text: a list pushed to that
 * length is copied to a larger one about twenty times as it grows (three times its size made in
 * all), and a slice of a list of undefined values keeps its packed elements.
 */
const BLANK_CHUNK: readonly unknown[] = Array.from({ length: CHUNK });

/** jsonc-parser's node type of each kind. */
const TYPES: readonly NodeType[] = ['object', 'array', 'property', 'string', 'number', 'boolean', 'null'];

/**
 * Node 0 is parseTree's artificial root (the document's value is its only child, node 1). Nodes
 * are numbered in document order: a node after its parent and its earlier siblings.
 */
export class CompactIndex {
  /**
   * Nodes whose plain value holds an object with a key whose last member has no value while an
   * earlier one has: getNodeValue keeps the earlier value, a lookup by key finds none (see
   * compactTree.ts). Undefined when there is none.
   */
  tainted: Uint8Array | undefined;

  constructor(
    readonly text: string,
    /** The number of nodes, the artificial root included. */
    readonly count: number,
    readonly kind: Uint8Array,
    readonly offset: Int32Array,
    /** -1 for a node parseTree never closes (as its own length stays). */
    readonly length: Int32Array,
    /** The parent's node number (0 for the document's value). */
    readonly parent: Int32Array,
    /** A property's colon, -1 when it has none. */
    readonly colon: Int32Array,
    /** Where a node's children start in `list`, and how many it has (in text order). */
    readonly first: Int32Array,
    readonly size: Int32Array,
    readonly list: Int32Array,
    /** Each literal's value (a key's: its name); each container's plain value (getNodeValue's); CHUNK per array. */
    readonly values: unknown[][],
  ) {}

  /** Node `i`'s value (see `values`). */
  value(i: number): unknown {
    return this.values[i >> CHUNK_BITS]![i & IN_CHUNK];
  }

  type(i: number): NodeType {
    return TYPES[this.kind[i]!]!;
  }

  /** Whether node `i` is an object, an array or a property (which have children, maybe none). */
  hasChildren(i: number): boolean {
    return this.kind[i]! <= PROPERTY;
  }

  isObject(i: number): boolean {
    return this.kind[i] === OBJECT;
  }

  isProperty(i: number): boolean {
    return this.kind[i] === PROPERTY;
  }

  /** The key of property node `i` (its first child, the node made right after it). */
  key(i: number): string {
    return this.value(i + 1) as string;
  }

  /** The keys of object node `i`'s members, in text order (a repeated key at each place). */
  keys(i: number): string[] {
    const { first, size, list } = this;
    const keys: string[] = [];
    for (let j = first[i]!, end = j + size[i]!; j < end; j++) keys.push(this.key(list[j]!));
    return keys;
  }

  /** The node number of child `j` of node `i`, -1 when none. */
  child(i: number, j: number): number {
    return Number.isInteger(j) && j >= 0 && j < this.size[i]! ? this.list[this.first[i]! + j]! : -1;
  }
}

export interface CompactParse {
  readonly index: CompactIndex;
  /** jsonc-parser's errors, in its order. */
  readonly errors: ParseErrorList;
  /**
   * The offsets of the objects that repeat a key and of the containers with a comma after their
   * last child, ascending: the containers the structure walk has to look at.
   */
  readonly marks: number[];
  /** How deep the text's brackets nest (see Nesting). */
  readonly nesting: Nesting;
}

/**
 * Parses `text` as jsonc-parser's parseTree does (same options as the engine's), into an index. With
 * `stopPast`, a text whose brackets nest deeper than that gives an empty index and `nesting.stopped`.
 */
export function compactIndex(text: string, stopPast?: number): CompactParse {
  const b = new Builder(text.length);
  const nesting = readTolerant(text, b, stopPast);
  const { kind, offset, length, parent, colon, values, errors } = b;
  const n = nesting.stopped ? 1 : b.n;
  const size = new Int32Array(n);
  // Children laid out by parent: nodes are numbered in document order, a child after its parent
  // and after its earlier siblings, so one pass in that order puts each list in text order. (The
  // sizes are counted here, in one loop, rather than while visiting: much faster in V8.)
  for (let i = 1; i < n; i++) size[parent[i]!]!++;
  const first = new Int32Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    first[i] = at;
    at += size[i]!;
  }
  const list = new Int32Array(at);
  for (let i = 1; i < n; i++) list[first[parent[i]!]!++] = i;
  for (let i = 0; i < n; i++) first[i]! -= size[i]!;
  const index = new CompactIndex(text, n, kind, offset, length, parent, colon, first, size, list, values);
  const marks = containerValues(index);
  return { index, errors, marks, nesting };
}

/** Records what the reader reports as parseTree would make its nodes (see the header). */
class Builder implements ReadSink {
  kind: Uint8Array<ArrayBuffer>;
  offset: Int32Array<ArrayBuffer>;
  /** -1 for a node parseTree never closes (as its own length stays). */
  length: Int32Array<ArrayBuffer>;
  parent: Int32Array<ArrayBuffer>;
  colon: Int32Array<ArrayBuffer>;
  /** The node values (see CompactIndex.values); node 0's is undefined. */
  readonly values: unknown[][];
  /** Whether chunks are made whole (BLANK_CHUNK), for a text of about a chunk of values or more. */
  private readonly whole: boolean;
  readonly errors = new ParseErrorList();
  /** Nodes so far; node 0 is the artificial root, an array at -1 that is never closed. */
  n = 1;
  private current = 0;
  private cap: number;

  constructor(textLength: number) {
    const cap = (this.cap = Math.max(64, textLength >> 3));
    this.whole = cap >= CHUNK;
    this.values = [this.whole ? BLANK_CHUNK.slice() : [undefined]];
    this.kind = new Uint8Array(cap);
    this.offset = new Int32Array(cap);
    this.length = new Int32Array(cap);
    this.parent = new Int32Array(cap);
    this.colon = new Int32Array(cap);
    this.kind[0] = ARRAY;
    this.offset[0] = -1;
    this.length[0] = -1;
    this.parent[0] = -1;
    this.colon[0] = -1;
  }

  private grow(): void {
    const cap = (this.cap *= 2);
    const u8 = new Uint8Array(cap);
    u8.set(this.kind);
    this.kind = u8;
    this.offset = widen(this.offset, cap);
    this.length = widen(this.length, cap);
    this.parent = widen(this.parent, cap);
    this.colon = widen(this.colon, cap);
  }

  /** A node pushed as the last child of `up` (parseTree's onValue, and the key of a property). */
  private add(k: number, at: number, up: number, value: unknown): number {
    if (this.n === this.cap) this.grow();
    const n = this.n;
    this.kind[n] = k;
    this.offset[n] = at;
    this.length[n] = -1;
    this.parent[n] = up;
    this.colon[n] = -1;
    // (Pushed or set in a copy of BLANK_CHUNK, not in a list made with a length: a plain value
    // copied from a chunk keeps its packed elements.)
    if (this.whole) {
      if ((n & IN_CHUNK) === 0) this.values.push(BLANK_CHUNK.slice());
      this.values[n >> CHUNK_BITS]![n & IN_CHUNK] = value;
    } else if ((n & IN_CHUNK) === 0) this.values.push([value]);
    else this.values[n >> CHUNK_BITS]!.push(value);
    return this.n++;
  }

  private ensurePropertyComplete(end: number): void {
    const current = this.current;
    if (this.kind[current] === PROPERTY) {
      this.length[current] = end - this.offset[current]!;
      this.current = this.parent[current]!;
    }
  }

  objectBegin(at: number): void {
    this.current = this.add(OBJECT, at, this.current, undefined);
  }

  property(name: string, at: number, len: number): void {
    this.current = this.add(PROPERTY, at, this.current, undefined);
    const key = this.add(STRING, at, this.current, name);
    this.length[key] = len;
  }

  objectEnd(at: number, len: number): void {
    this.ensurePropertyComplete(at + len);
    this.close(at + len);
  }

  arrayBegin(at: number): void {
    this.current = this.add(ARRAY, at, this.current, undefined);
  }

  arrayEnd(at: number, len: number): void {
    this.close(at + len);
  }

  /** The current container ends at `end`; so does the property holding it, if any. */
  private close(end: number): void {
    const current = this.current;
    this.length[current] = end - this.offset[current]!;
    this.current = this.parent[current]!;
    this.ensurePropertyComplete(end);
  }

  literal(value: string | number | boolean | null, at: number, len: number): void {
    const k =
      typeof value === 'string'
        ? STRING
        : typeof value === 'number'
          ? NUMBER
          : typeof value === 'boolean'
            ? BOOLEAN
            : NULL;
    const node = this.add(k, at, this.current, value);
    this.length[node] = len;
    this.ensurePropertyComplete(at + len);
  }

  colonAt(at: number): void {
    if (this.kind[this.current] === PROPERTY) this.colon[this.current] = at;
  }

  commaAt(at: number): void {
    this.ensurePropertyComplete(at);
  }

  error(error: ParseErrorCode, at: number, len: number): void {
    this.errors.push(error, at, len);
  }
}

function widen(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/**
 * Builds every container's plain value, last node first (its children's are built by then), as
 * getNodeValue does: arrays of their elements' values, objects (with JSON.parse's prototype) holding, for
 * each key, the value of its last member that has one. Returns the marks (see CompactParse) and
 * sets `tainted` (see CompactIndex).
 */
function containerValues(index: CompactIndex): number[] {
  const { text, count, kind, offset, length, first, size, list, values } = index;
  const marks: number[] = [];
  let odd: number[] | undefined;
  for (let i = count - 1; i > 0; i--) {
    const k = kind[i]!;
    if (k !== OBJECT && k !== ARRAY) continue;
    const from = first[i]!;
    const to = from + size[i]!;
    let marked = false;
    if (k === ARRAY) {
      // Children numbered one after another have no descendants between them: their values are
      // one run of `values`, copied at once when in one chunk.
      const run = to > from ? list[from]! : 0;
      if (to > from && list[to - 1]! - run === to - 1 - from && run >> CHUNK_BITS === list[to - 1]! >> CHUNK_BITS)
        values[i >> CHUNK_BITS]![i & IN_CHUNK] = values[run >> CHUNK_BITS]!.slice(
          run & IN_CHUNK,
          (list[to - 1]! & IN_CHUNK) + 1,
        );
      else {
        const items: unknown[] = [];
        for (let j = from; j < to; j++) items.push(index.value(list[j]!));
        values[i >> CHUNK_BITS]![i & IN_CHUNK] = items;
      }
    } else {
      // JSON.parse's kind of object (as the other parses give): V8 keeps objects of one shape fast,
      // which a prototype-less object never is; `__proto__` is made an own member, as JSON.parse does.
      const obj: Record<string, unknown> = {};
      let valueless = false;
      for (let j = from; j < to; j++) {
        const p = list[j]!;
        // A property's first child is its key (the node made right after it).
        if (size[p]! < 2) valueless = true;
        else {
          const key = index.value(p + 1) as string;
          const value = index.value(list[first[p]! + 1]!);
          if (key === '__proto__') ownMember(obj, key, value);
          else obj[key] = value;
        }
      }
      values[i >> CHUNK_BITS]![i & IN_CHUNK] = obj;
      marked = repeatsKey(index, from, to);
      if (marked && valueless) {
        // A key whose last member has no value (see CompactIndex.tainted)?
        const last = new Map<string, number>();
        for (let j = from; j < to; j++) last.set(index.key(list[j]!), list[j]!);
        for (const [key, p] of last) if (size[p]! < 2 && Object.hasOwn(obj, key)) (odd ??= []).push(i);
      }
    }
    if (!marked && to > from) {
      const lastChild = list[to - 1]!;
      marked = commaBetween(text, offset[lastChild]! + length[lastChild]!, offset[i]! + length[i]! - 1) >= 0;
    }
    if (marked) marks.push(offset[i]!);
  }
  marks.reverse();
  if (odd) index.tainted = taint(index, odd);
  return marks;
}

/** Sets a member as an own data property (for `__proto__`, which assignment would take as the prototype). */
function ownMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Objects with at most this many members look for a repeated key without a set. */
const SMALL_OBJECT = 8;

/** Whether two of the properties at `from` to `to` of the children list have the same key. */
function repeatsKey(index: CompactIndex, from: number, to: number): boolean {
  const { list } = index;
  if (to - from <= SMALL_OBJECT) {
    for (let j = from + 1; j < to; j++) {
      const key = index.key(list[j]!);
      for (let m = from; m < j; m++) if (index.key(list[m]!) === key) return true;
    }
    return false;
  }
  const seen = new Set<string>();
  for (let j = from; j < to; j++) seen.add(index.key(list[j]!));
  return seen.size < to - from;
}

/** Marks the given nodes, their ancestors, and the keys of the properties among them. */
function taint(index: CompactIndex, nodes: readonly number[]): Uint8Array {
  const marked = new Uint8Array(index.count);
  for (let i of nodes) {
    while (i > 0 && marked[i] === 0) {
      marked[i] = 1;
      if (index.kind[i] === PROPERTY) marked[i + 1] = 1;
      i = index.parent[i]!;
    }
  }
  return marked;
}
