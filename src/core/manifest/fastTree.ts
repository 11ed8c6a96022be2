// A fast path for the common case: strict JSON (no comments, no trailing commas, no errors) is
// turned into the same tree jsonc-parser's parseTree builds (same node shapes, offsets, lengths,
// colonOffset), and the plain value is built in the same pass. Anything else returns undefined and
// the caller uses jsonc-parser, which stays the reference for tolerant parsing, errors and edits.
// A unit test checks that both trees are identical on every corpus manifest and generated input.
import type { Node as JsonNode } from 'jsonc-parser';

export interface StrictParse {
  readonly root: JsonNode;
  readonly value: unknown;
  /** True when some object repeats a key (the caller then reports json-duplicate-key). */
  readonly duplicateKeys: boolean;
}

/** jsonc-parser's Node, writable while the tree is built. */
type MutableNode = { -readonly [K in keyof JsonNode]: JsonNode[K] };

const CONTROL = /[\u0000-\u001f]/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

class Bail extends Error {}
const BAIL = new Bail();

/**
 * Parses strict JSON starting at `start` (after a BOM). Returns undefined when the text is not
 * strict JSON or nests too deeply for the call stack.
 */
export function parseStrictTree(text: string, start = 0): StrictParse | undefined {
  let i = start;
  const n = text.length;
  let duplicateKeys = false;

  const skip = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
    }
  };

  const readString = (): string => {
    // i is at the opening quote. Jump from quote to quote (native indexOf), skipping escaped ones.
    const begin = i + 1;
    let j = text.indexOf('"', begin);
    let escaped = false;
    for (;;) {
      if (j < 0) throw BAIL;
      let backslashes = 0;
      for (let k = j - 1; k >= begin && text.charCodeAt(k) === 92; k--) backslashes++;
      if (backslashes > 0) escaped = true;
      if (backslashes % 2 === 0) break;
      j = text.indexOf('"', j + 1);
    }
    const raw = text.slice(begin, j);
    i = j + 1;
    // Raw control characters (tabs, line breaks...) are not allowed inside JSON strings; outside
    // strings anything but whitespace fails the token dispatch below.
    if (CONTROL.test(raw)) throw BAIL;
    if (!escaped && !raw.includes('\\')) return raw;
    try {
      return JSON.parse(text.slice(begin - 1, j + 1)) as string;
    } catch {
      throw BAIL;
    }
  };

  // The value of the node parseValue returned last (avoids allocating a pair per value).
  let value: unknown;

  const parseValue = (parent: JsonNode | undefined): JsonNode => {
    skip();
    if (i >= n) throw BAIL;
    const c = text.charCodeAt(i);
    const offset = i;
    if (c === 123 /* { */) {
      const node: MutableNode = { type: 'object', offset, length: -1, parent, children: [] } as MutableNode;
      const obj: Record<string, unknown> = {};
      i++;
      skip();
      if (text.charCodeAt(i) === 125) {
        i++;
        node.length = i - offset;
        value = obj;
        return node;
      }
      for (;;) {
        skip();
        if (text.charCodeAt(i) !== 34) throw BAIL;
        const keyOffset = i;
        const prop: MutableNode = { type: 'property', offset: keyOffset, length: -1, parent: node, children: [] } as MutableNode;
        const key = readString();
        if (key === '__proto__') throw BAIL;
        prop.children!.push({ type: 'string', value: key, offset: keyOffset, length: i - keyOffset, parent: prop } as JsonNode);
        skip();
        if (text.charCodeAt(i) !== 58 /* : */) throw BAIL;
        prop.colonOffset = i;
        i++;
        const child = parseValue(prop);
        prop.children!.push(child);
        prop.length = child.offset + child.length - keyOffset;
        node.children!.push(prop);
        if (Object.prototype.hasOwnProperty.call(obj, key)) duplicateKeys = true;
        obj[key] = value;
        skip();
        const d = text.charCodeAt(i);
        i++;
        if (d === 44 /* , */) continue;
        if (d === 125 /* } */) break;
        throw BAIL;
      }
      node.length = i - offset;
      value = obj;
      return node;
    }
    if (c === 91 /* [ */) {
      const node: MutableNode = { type: 'array', offset, length: -1, parent, children: [] } as MutableNode;
      const arr: unknown[] = [];
      i++;
      skip();
      if (text.charCodeAt(i) === 93) {
        i++;
        node.length = i - offset;
        value = arr;
        return node;
      }
      for (;;) {
        const child = parseValue(node);
        node.children!.push(child);
        arr.push(value);
        skip();
        const d = text.charCodeAt(i);
        i++;
        if (d === 44) continue;
        if (d === 93) break;
        throw BAIL;
      }
      node.length = i - offset;
      value = arr;
      return node;
    }
    if (c === 34) {
      const str = readString();
      value = str;
      return { type: 'string', offset, length: i - offset, parent, value: str } as JsonNode;
    }
    if (c === 116 /* t */ && text.startsWith('true', i)) {
      i += 4;
      value = true;
      return { type: 'boolean', offset, length: 4, parent, value: true } as JsonNode;
    }
    if (c === 102 /* f */ && text.startsWith('false', i)) {
      i += 5;
      value = false;
      return { type: 'boolean', offset, length: 5, parent, value: false } as JsonNode;
    }
    if (c === 110 /* n */ && text.startsWith('null', i)) {
      i += 4;
      value = null;
      return { type: 'null', offset, length: 4, parent, value: null } as JsonNode;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45)) break;
      }
      const raw = text.slice(i, j);
      if (!NUMBER.test(raw)) throw BAIL;
      i = j;
      const num = Number(raw);
      value = num;
      return { type: 'number', offset, length: raw.length, parent, value: num } as JsonNode;
    }
    throw BAIL;
  };

  try {
    const root = parseValue(undefined);
    skip();
    if (i !== n) return undefined;
    delete (root as { parent?: JsonNode }).parent;
    return { root, value, duplicateKeys };
  } catch (err) {
    if (err === BAIL || err instanceof RangeError) return undefined;
    throw err;
  }
}
