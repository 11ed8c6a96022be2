// A fast path for the common case: strict JSON (no comments, no trailing commas, no errors) is
// turned into the same tree jsonc-parser's parseTree builds (same node shapes, offsets, lengths,
// colonOffset). The text is first checked and turned into its plain value by the native
// JSON.parse; the tree is then built by a scanner that can trust the syntax. Anything else returns
// undefined and the caller uses jsonc-parser, which stays the reference for tolerant parsing,
// errors and edits. A unit test checks that both trees are identical on every corpus manifest and
// generated input.
import type { Node as JsonNode, NodeType } from 'jsonc-parser';

export interface StrictParse {
  readonly root: JsonNode;
  readonly value: unknown;
  /** True when some object repeats a key (the caller then reports json-duplicate-key). */
  readonly duplicateKeys: boolean;
}

/** jsonc-parser's Node, writable while the tree is built. */
type TreeNode = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/**
 * One tree node. Every node is made by this one literal, so all share one hidden class and
 * property reads stay monomorphic; fields jsonc-parser leaves out are undefined here.
 */
function treeNode(type: NodeType, offset: number, length: number, parent: JsonNode | undefined, children: JsonNode[] | undefined, value: unknown): TreeNode {
  return { type, offset, length, parent, children, value, colonOffset: undefined };
}

class Bail extends Error {}
const BAIL = new Bail();

/**
 * Parses strict JSON starting at `start` (after a BOM). Returns undefined when the text is not
 * strict JSON or nests too deeply for the call stack.
 */
export function parseStrictTree(text: string, start = 0): StrictParse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(start > 0 ? text.slice(start) : text);
  } catch {
    return undefined;
  }
  try {
    const scan = new Scanner(text, start);
    const root = scan.value(undefined);
    return { root, value, duplicateKeys: scan.duplicateKeys };
  } catch (err) {
    if (err === BAIL || err instanceof RangeError) return undefined;
    throw err;
  }
}

/** Builds the tree of a text JSON.parse accepted: no syntax checks needed, only offsets. */
class Scanner {
  i: number;
  duplicateKeys = false;
  /** Keys seen so far in objects with many properties. */
  private keySets: Map<readonly JsonNode[], Set<string>> | undefined;
  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.i = start;
  }

  private skip(): number {
    const text = this.text;
    let i = this.i;
    let c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
    this.i = i;
    return c;
  }

  /** The offset just past the closing quote of the string opening at `begin` (a quote). */
  private stringEnd(begin: number): number {
    const text = this.text;
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

  /** Sets duplicateKeys when `key` is already a key of the object's properties so far. */
  private checkDuplicate(props: readonly JsonNode[], key: string): void {
    const n = props.length;
    if (n > 32) {
      // Large objects: one set instead of comparing with every earlier key.
      this.keySets ??= new Map();
      let set = this.keySets.get(props);
      if (!set) {
        set = new Set();
        for (let p = 0; p < n; p++) set.add(props[p]!.children![0]!.value as string);
        this.keySets.set(props, set);
      }
      if (set.has(key)) this.duplicateKeys = true;
      else set.add(key);
      return;
    }
    for (let p = 0; p < n; p++) {
      if (props[p]!.children![0]!.value === key) {
        this.duplicateKeys = true;
        return;
      }
    }
  }

  private stringValue(begin: number, end: number): string {
    const raw = this.text.slice(begin + 1, end - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(begin, end)) as string) : raw;
  }

  value(parent: JsonNode | undefined): JsonNode {
    const c = this.skip();
    const text = this.text;
    const offset = this.i;
    if (c === 123 /* { */) {
      const children: JsonNode[] = [];
      const node = treeNode('object', offset, 0, parent, children, undefined);
      this.i++;
      if (this.skip() === 125) {
        this.i++;
        node.length = this.i - offset;
        return node;
      }
      for (;;) {
        this.skip();
        const keyOffset = this.i;
        const keyEnd = this.stringEnd(keyOffset);
        const key = this.stringValue(keyOffset, keyEnd);
        if (key === '__proto__') throw BAIL;
        if (!this.duplicateKeys) this.checkDuplicate(children, key);
        const prop = treeNode('property', keyOffset, 0, node, undefined, undefined);
        const keyNode = treeNode('string', keyOffset, keyEnd - keyOffset, prop, undefined, key);
        this.i = keyEnd;
        this.skip();
        prop.colonOffset = this.i;
        this.i++;
        const child = this.value(prop);
        // A two-element literal: no growable array per property.
        prop.children = [keyNode, child];
        prop.length = child.offset + child.length - keyOffset;
        children.push(prop);
        const d = this.skip();
        this.i++;
        if (d === 125 /* } */) break;
      }
      node.length = this.i - offset;
      return node;
    }
    if (c === 91 /* [ */) {
      const children: JsonNode[] = [];
      const node = treeNode('array', offset, 0, parent, children, undefined);
      this.i++;
      if (this.skip() === 93) {
        this.i++;
        node.length = this.i - offset;
        return node;
      }
      for (;;) {
        children.push(this.value(node));
        const d = this.skip();
        this.i++;
        if (d === 93 /* ] */) break;
      }
      node.length = this.i - offset;
      return node;
    }
    if (c === 34 /* " */) {
      const end = this.stringEnd(offset);
      this.i = end;
      return treeNode('string', offset, end - offset, parent, undefined, this.stringValue(offset, end));
    }
    if (c === 116 /* t */) {
      this.i += 4;
      return treeNode('boolean', offset, 4, parent, undefined, true);
    }
    if (c === 102 /* f */) {
      this.i += 5;
      return treeNode('boolean', offset, 5, parent, undefined, false);
    }
    if (c === 110 /* n */) {
      this.i += 4;
      return treeNode('null', offset, 4, parent, undefined, null);
    }
    let j = offset + 1;
    for (;;) {
      const d = text.charCodeAt(j);
      if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) j++;
      else break;
    }
    this.i = j;
    return treeNode('number', offset, j - offset, parent, undefined, Number(text.slice(offset, j)));
  }
}
