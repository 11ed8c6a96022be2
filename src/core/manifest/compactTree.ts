// The tree of texts that are not strict JSON (a stray character, a cut-off end, junk around the
// value, comments next to errors): jsonc-parser reads the text (its `visit`, as its parseTree does)
// into a compact index (compactIndex.ts), and nodes of jsonc-parser's shape are made from it only
// when something reads them: a node's children on first read, each node once (the same object
// whichever way it is reached). Rules read plain values and a few nodes, so the tree of a large
// broken manifest is never built whole.
//
// Plain values are getNodeValue's, which keeps, for a repeated key, the last member that has a
// value, while a lookup by key (child() in rules/util.ts, nodeAtPath) finds the last member even
// without a value. Where the two differ, a rule reading the plain value would see a value the
// lookup does not: such objects and every node above them are made as plain nodes (TreeNode, not a
// BackedNode), so rules read them through their nodes, as on jsonc-parser's tree.
import type { Node as JsonNode, NodeType } from 'jsonc-parser';
import { BackedNode, KeyedNode } from './backedNode';
import { compactIndex, type CompactIndex } from './compactIndex';
import type { ParseErrorList } from './parseErrors';
import type { Nesting } from './tolerantReader';

export interface CompactTree {
  readonly root: JsonNode | undefined;
  /** The document's value (getNodeValue's). */
  readonly value: unknown;
  /** jsonc-parser's errors (comments included), in its order. */
  readonly errors: ParseErrorList;
  /** The offsets of the objects that repeat a key and of the containers with a trailing comma, ascending. */
  readonly marks: readonly number[];
  /** How deep the text's brackets nest (see Nesting in tolerantReader.ts). */
  readonly nesting: Nesting;
}

/**
 * jsonc-parser's tree of `text` (same options as the engine's parse), its nodes made on demand. With
 * `stopPast`, a text whose brackets nest deeper than that gives no tree and `nesting.stopped`.
 */
export function parseCompact(text: string, stopPast?: number): CompactTree {
  const { index, errors, marks, nesting } = compactIndex(text, stopPast);
  const nodes = new Nodes(index);
  return {
    root: index.count > 1 ? nodes.at(1) : undefined,
    // (Made when read: see containerValues in compactIndex.ts.)
    get value() {
      return index.count > 1 ? index.value(1) : undefined;
    },
    errors,
    marks,
    nesting,
  };
}

/** Objects with more members than this find a key through a map made once. */
const MANY_MEMBERS = 32;

/** Made nodes are kept by node number in arrays of this many, each made when a node in its range is. */
const MADE_BITS = 10;
const IN_MADE = (1 << MADE_BITS) - 1;

/** The nodes made so far, by node number. */
class Nodes {
  /**
   * Not one array of every node's place: most nodes are never made, and an array that large would
   * be laid out (and its memory mapped) on every parse.
   */
  private readonly made: ((JsonNode | undefined)[] | undefined)[] = [];
  /** Each large object's last member of each key, by the object's node number (see lastMember). */
  private readonly byKey = new Map<number, Map<string, number>>();

  constructor(readonly index: CompactIndex) {}

  at(i: number): JsonNode {
    const made = (this.made[i >> MADE_BITS] ??= []);
    let node = made[i & IN_MADE];
    if (node === undefined)
      node = made[i & IN_MADE] = this.index.tainted?.[i] === 1 ? new TreeNode(this, i) : new CompactNode(this, i);
    return node;
  }

  parentOf(i: number): JsonNode | undefined {
    const up = this.index.parent[i]!;
    return up > 0 ? this.at(up) : undefined;
  }

  childrenOf(i: number): JsonNode[] | undefined {
    if (!this.index.hasChildren(i)) return undefined;
    const { first, size, list } = this.index;
    const out: JsonNode[] = [];
    for (let j = first[i]!, end = j + size[i]!; j < end; j++) out.push(this.at(list[j]!));
    return out;
  }

  /**
   * The node number of the last member of `key` in object node `i`, -1 when none (or not an
   * object). A large object's keys are looked up in a map made on its first lookup.
   */
  lastMember(i: number, key: string): number {
    const index = this.index;
    if (!index.isObject(i)) return -1;
    const { first, size, list } = index;
    const from = first[i]!;
    const to = from + size[i]!;
    if (to - from <= MANY_MEMBERS) {
      for (let j = to - 1; j >= from; j--) if (index.key(list[j]!) === key) return list[j]!;
      return -1;
    }
    let byKey = this.byKey.get(i);
    if (!byKey) {
      byKey = new Map();
      for (let j = from; j < to; j++) byKey.set(index.key(list[j]!), list[j]!);
      this.byKey.set(i, byKey);
    }
    return byKey.get(key) ?? -1;
  }

  /** Member `k` of object node `i` (from `kids` once its children are made), made without its siblings. */
  memberAt(i: number, k: number, kids: readonly JsonNode[] | undefined): JsonNode | undefined {
    if (!this.index.isObject(i)) return undefined;
    if (kids) return kids[k];
    const p = this.index.child(i, k);
    return p < 0 ? undefined : this.at(p);
  }

  colonOf(i: number): number | undefined {
    const c = this.index.colon[i]!;
    return c >= 0 ? c : undefined;
  }
}

/** A node of the compact tree, outside the objects the plain values do not mirror (see the header). */
export class CompactNode extends BackedNode {
  override readonly type: NodeType;
  override readonly offset: number;
  override readonly length: number;
  override readonly value: unknown;
  /** The parent, once read (null: not yet). */
  private up: JsonNode | undefined | null = null;
  private kids: JsonNode[] | undefined;
  /** An object's keys in text order, once read (see memberKeys). */
  private keys: string[] | undefined;

  constructor(
    private readonly nodes: Nodes,
    private readonly id: number,
  ) {
    super();
    const index = nodes.index;
    this.type = index.type(id);
    this.offset = index.offset[id]!;
    this.length = index.length[id]!;
    this.value = index.hasChildren(id) ? undefined : index.value(id);
  }

  override get parent(): JsonNode | undefined {
    if (this.up === null) this.up = this.nodes.parentOf(this.id);
    return this.up;
  }

  /** Set on a root array when a fragment is wrapped in a synthetic object (see fragment.ts). */
  override set parent(node: JsonNode | undefined) {
    this.up = node;
  }

  override get colonOffset(): number | undefined {
    return this.nodes.colonOf(this.id);
  }

  override get children(): JsonNode[] | undefined {
    return (this.kids ??= this.nodes.childrenOf(this.id));
  }

  override plainValue(): unknown {
    const index = this.nodes.index;
    if (index.isProperty(this.id)) return this.valueAt(this.id);
    // A key: the value of its property.
    if (index.parent[this.id] === this.id - 1 && index.isProperty(this.id - 1)) return this.valueAt(this.id - 1);
    return index.value(this.id);
  }

  override member(key: string): JsonNode | undefined {
    const p = this.nodes.lastMember(this.id, key);
    return p < 0 ? undefined : this.nodes.at(p);
  }

  override memberValue(key: string): JsonNode | undefined {
    const p = this.nodes.lastMember(this.id, key);
    const v = p < 0 ? -1 : this.nodes.index.child(p, 1);
    return v < 0 ? undefined : this.nodes.at(v);
  }

  override element(i: number): JsonNode | undefined {
    if (this.type !== 'array') return undefined;
    if (this.kids) return this.kids[i];
    const e = this.nodes.index.child(this.id, i);
    return e < 0 ? undefined : this.nodes.at(e);
  }

  override elementOffset(i: number): number {
    if (this.type !== 'array') return -1;
    const e = this.nodes.index.child(this.id, i);
    return e < 0 ? -1 : this.nodes.index.offset[e]!;
  }

  override memberKeys(): readonly string[] {
    return this.type === 'object' ? (this.keys ??= this.nodes.index.keys(this.id)) : [];
  }

  override elementKeys(i: number): readonly string[] | undefined {
    const index = this.nodes.index;
    const e = this.type === 'array' ? index.child(this.id, i) : -1;
    return e >= 0 && index.isObject(e) ? index.keys(e) : undefined;
  }

  override memberAt(k: number): JsonNode | undefined {
    return this.nodes.memberAt(this.id, k, this.kids);
  }

  /** The plain value of a property's value (undefined when it has none). */
  private valueAt(property: number): unknown {
    const v = this.nodes.index.child(property, 1);
    return v < 0 ? undefined : this.nodes.index.value(v);
  }
}

/**
 * A node made like CompactNode but without the plain-value protocol (see the header comment); its
 * keys are read like CompactNode's (an object of thousands of members makes no node per member).
 */
class TreeNode extends KeyedNode {
  override readonly type: NodeType;
  override readonly offset: number;
  override readonly length: number;
  override readonly value: unknown;
  private up: JsonNode | undefined | null = null;
  private kids: JsonNode[] | undefined;
  private keys: string[] | undefined;

  constructor(
    private readonly nodes: Nodes,
    private readonly id: number,
  ) {
    super();
    const index = nodes.index;
    this.type = index.type(id);
    this.offset = index.offset[id]!;
    this.length = index.length[id]!;
    this.value = index.hasChildren(id) ? undefined : index.value(id);
  }

  override get parent(): JsonNode | undefined {
    if (this.up === null) this.up = this.nodes.parentOf(this.id);
    return this.up;
  }

  override set parent(node: JsonNode | undefined) {
    this.up = node;
  }

  override get colonOffset(): number | undefined {
    return this.nodes.colonOf(this.id);
  }

  override get children(): JsonNode[] | undefined {
    return (this.kids ??= this.nodes.childrenOf(this.id));
  }

  override memberKeys(): readonly string[] {
    return this.type === 'object' ? (this.keys ??= this.nodes.index.keys(this.id)) : [];
  }

  override memberAt(k: number): JsonNode | undefined {
    return this.nodes.memberAt(this.id, k, this.kids);
  }

  override member(key: string): JsonNode | undefined {
    const p = this.nodes.lastMember(this.id, key);
    return p < 0 ? undefined : this.nodes.at(p);
  }
}
