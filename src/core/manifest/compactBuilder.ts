// The sink of the compact tree's reader (compactIndex.ts): it follows parseTree's state machine
// step for step and records every node parseTree would make in typed arrays, and every literal's
// value in arrays of CHUNK values.
import type { ParseErrorCode } from 'jsonc-parser';
import { ParseErrorList } from './parseErrors';
import type { ReadSink } from './tolerantReader';

export const OBJECT = 0;
export const ARRAY = 1;
export const PROPERTY = 2;
export const STRING = 3;
export const NUMBER = 4;
export const BOOLEAN = 5;
export const NULL = 6;

/**
 * Node values are kept in arrays of this many (64 KB each), not in one array of every node's: a
 * JavaScript array that large lives in pages of its own, and each time it grows it is copied to
 * fresh ones, which the system has to map page by page (most of the page faults of a parse).
 */
export const CHUNK_BITS = 13;
export const CHUNK = 1 << CHUNK_BITS;
export const IN_CHUNK = CHUNK - 1;

/**
 * A chunk of CHUNK values, copied whole for each chunk of a large text: a list pushed to that
 * length is copied to a larger one about twenty times as it grows (three times its size made in
 * all), and a slice of a list of undefined values keeps its packed elements.
 */
const BLANK_CHUNK: readonly unknown[] = Array.from({ length: CHUNK });

/**
 * A packed list of `n` undefined values, to be filled by index: faster than pushing each value (the
 * list grows and is copied about twenty times on the way to a length in the hundreds of
 * thousands), and, unlike `new Array(n)`, it keeps packed elements.
 */
export function blankList(n: number): unknown[] {
  if (n <= CHUNK) return BLANK_CHUNK.slice(0, n);
  const chunks: (readonly unknown[])[] = [];
  for (let left = n; left > 0; left -= CHUNK) chunks.push(BLANK_CHUNK);
  const list = ([] as unknown[]).concat(...chunks);
  list.length = n;
  return list;
}

/** Records what the reader reports as parseTree would make its nodes (see compactIndex.ts). */
export class Builder implements ReadSink {
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
