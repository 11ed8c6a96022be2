// The index behind the tree of texts that are not strict JSON (compactTree.ts): tolerantReader.ts
// reads the text as jsonc-parser's `visit` does, and a sink (compactBuilder.ts) that follows
// parseTree's state machine step for step records every node parseTree would make in typed arrays
// (kind, offset, length, parent, colon offset) and every literal's value in arrays of CHUNK values:
// no object per node. A second pass lays out each node's children and notes the objects that
// repeat a key and the containers with a trailing comma. Each container's plain value
// (getNodeValue's) is built from its children's, last node first, when the first of them is read (a
// text that is no manifest never has its value read). Every pass, like the reader, is iterative and
// linear.
import type { NodeType } from 'jsonc-parser';
import type { ParseErrorList } from './parseErrors';
import { ARRAY, blankList, Builder, CHUNK_BITS, IN_CHUNK, OBJECT, PROPERTY } from './compactBuilder';
import { readTolerant, type Nesting } from './tolerantReader';
import { commaBetween } from './commas';

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

  /** Whether the containers' plain values are made (see containerValues: on the first read of one). */
  private built = false;

  /** Node `i`'s value (see `values`). */
  value(i: number): unknown {
    if (!this.built && this.kind[i]! <= ARRAY) {
      this.built = true;
      containerValues(this);
    }
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
  const marks = containerMarks(index);
  return { index, errors, marks, nesting };
}

/**
 * The marks (see CompactParse), and `tainted` (see CompactIndex): what the structure walk and the
 * nodes need, read from the keys and the text without making a plain value.
 */
function containerMarks(index: CompactIndex): number[] {
  const { text, count, kind, offset, length, first, size, list } = index;
  const marks: number[] = [];
  let odd: number[] | undefined;
  for (let i = 1; i < count; i++) {
    const k = kind[i]!;
    if (k !== OBJECT && k !== ARRAY) continue;
    const from = first[i]!;
    const to = from + size[i]!;
    let marked = false;
    if (k === OBJECT) {
      marked = repeatsKey(index, from, to);
      if (marked && valuelessLast(index, from, to)) (odd ??= []).push(i);
    }
    if (!marked && to > from) {
      const lastChild = list[to - 1]!;
      marked = commaBetween(text, offset[lastChild]! + length[lastChild]!, offset[i]! + length[i]! - 1) >= 0;
    }
    if (marked) marks.push(offset[i]!);
  }
  if (odd) index.tainted = taint(index, odd);
  return marks;
}

/**
 * Whether, in an object that repeats a key, some key's last member has no value while an earlier
 * member of that key has one: getNodeValue keeps that earlier value (see CompactIndex.tainted).
 */
function valuelessLast(index: CompactIndex, from: number, to: number): boolean {
  const { list, size } = index;
  let valueless = false;
  for (let j = from; j < to && !valueless; j++) valueless = size[list[j]!]! < 2;
  if (!valueless) return false;
  // Per key: its last member, and whether a member of it has a value.
  const last = new Map<string, number>();
  const valued = new Set<string>();
  for (let j = from; j < to; j++) {
    const p = list[j]!;
    const key = index.key(p);
    last.set(key, p);
    if (size[p]! >= 2) valued.add(key);
  }
  for (const [key, p] of last) if (size[p]! < 2 && valued.has(key)) return true;
  return false;
}

/**
 * Builds every container's plain value, last node first (its children's are built by then), as
 * getNodeValue does: arrays of their elements' values, objects (with JSON.parse's prototype) holding, for
 * each key, the value of its last member that has one. Made once, on the first read of a
 * container's value (a text that is no manifest has its tree read, never its value).
 */
function containerValues(index: CompactIndex): void {
  const { count, kind, first, size, list, values } = index;
  const at = (i: number): unknown => values[i >> CHUNK_BITS]![i & IN_CHUNK];
  for (let i = count - 1; i > 0; i--) {
    const k = kind[i]!;
    if (k !== OBJECT && k !== ARRAY) continue;
    const from = first[i]!;
    const to = from + size[i]!;
    if (k === ARRAY) {
      // Children numbered one after another have no descendants between them: their values are
      // one run of `values`, copied at once when in one chunk.
      const run = to > from ? list[from]! : 0;
      if (to > from && list[to - 1]! - run === to - 1 - from && run >> CHUNK_BITS === list[to - 1]! >> CHUNK_BITS)
        values[i >> CHUNK_BITS]![i & IN_CHUNK] = values[run >> CHUNK_BITS]!.slice(
          run & IN_CHUNK,
          (list[to - 1]! & IN_CHUNK) + 1,
        );
      else values[i >> CHUNK_BITS]![i & IN_CHUNK] = items(values, list, from, to);
    } else {
      // JSON.parse's kind of object (as the other parses give): V8 keeps objects of one shape fast,
      // which a prototype-less object never is; `__proto__` is made an own member, as JSON.parse does.
      const obj: Record<string, unknown> = {};
      for (let j = from; j < to; j++) {
        const p = list[j]!;
        // A property's first child is its key (the node made right after it).
        if (size[p]! >= 2) {
          const key = at(p + 1) as string;
          const value = at(list[first[p]! + 1]!);
          if (key === '__proto__') ownMember(obj, key, value);
          else obj[key] = value;
        }
      }
      values[i >> CHUNK_BITS]![i & IN_CHUNK] = obj;
    }
  }
}

/** The values of the nodes at `from` to `to` of the children list, in order. */
function items(values: unknown[][], list: Int32Array, from: number, to: number): unknown[] {
  const out = blankList(to - from);
  for (let j = from; j < to; j++) {
    const n = list[j]!;
    out[j - from] = values[n >> CHUNK_BITS]![n & IN_CHUNK];
  }
  return out;
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
