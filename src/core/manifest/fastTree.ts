// A fast path for the common case: strict JSON (no comments, no trailing commas, no errors). The
// native JSON.parse checks the text and gives its plain value; one pass over the text then records
// where every value sits (a structural index in a typed array, no object per value). Nodes of the
// jsonc-parser shape (same types, offsets, lengths, colonOffset, parents, values) are made only
// when something reads them: a node's children are created on first access, from the index and
// the parsed value. Rules read values and a few nodes, so a large manifest's tree is never built
// whole (building and promoting hundreds of thousands of nodes used to be most of the lint time).
//
// JSON.parse keeps the last of duplicate keys (where the first one stood) and moves integer-like
// keys ("1", "2") first. The scan (fastScan.ts) marks objects with such keys, with a `__proto__`
// key, or with a key that has an escape: their keys are read from the text (and decoded), every
// duplicate stays a property of its own (as in jsonc-parser's tree), lookups find the last one (as
// JSON.parse keeps it) and the values of the earlier ones are parsed from their own text when
// read. Texts nested too deeply return undefined and the caller uses jsonc-parser, which stays the
// reference for tolerant parsing, errors and edits. Unit tests check that the lazy tree equals
// jsonc-parser's tree on every corpus manifest and generated input.
import type { Node as JsonNode, NodeType } from 'jsonc-parser';
import { BackedNode } from './backedNode';
import { structureIndex, type StructureIndex } from './fastScan';

export interface StrictParse {
  readonly root: JsonNode;
  readonly value: unknown;
  /** The offsets of the objects that repeat a key, ascending (empty for none). */
  readonly duplicateObjects: readonly number[];
  /** Of a mended text (parseStrict's `until`): where the arrays and objects left open start, outermost first. */
  readonly ended?: readonly number[];
}

/**
 * Parses strict JSON starting at `start` (after a BOM). Returns undefined when the text is not
 * strict JSON, nests too deeply for the call stack, or has keys the lazy tree does not handle.
 */
export function parseStrictTree(text: string, start = 0): StrictParse | undefined {
  const parsed = parseStrict(text, start);
  return parsed?.root ? (parsed as StrictParse) : undefined;
}

/**
 * As parseStrictTree, but a strict text whose tree needs jsonc-parser (deep nesting, or keys the
 * lazy tree does not handle) gives JSON.parse's value without a root (and `deep` when it nests
 * deeper than the scan goes); undefined when not strict JSON.
 */
export function parseStrict(
  text: string,
  start = 0,
  /** Told JSON.parse's error when the text is not strict JSON. */
  onError?: (err: unknown) => void,
  /** A mended text (see mended.ts): the length of the text it mends, where every value ends at most. */
  until?: number,
  /** For a mended text: told the index of its ended arrays and objects (slots) before the tree is made; false refuses it. */
  mend?: (index: StructureIndex, value: unknown, ended: number[]) => boolean,
):
  | StrictParse
  | { readonly root: undefined; readonly value: unknown; readonly duplicateObjects?: undefined; readonly deep: boolean }
  | undefined {
  let value: unknown;
  try {
    value = JSON.parse(start > 0 ? text.slice(start) : text);
  } catch (err) {
    onError?.(err);
    return undefined;
  }
  const index = structureIndex(text, start);
  if (index === undefined || index === 'deep') return { root: undefined, value, deep: index === 'deep' };
  const ended = until === undefined ? undefined : index.endAt(until);
  if (ended && mend && !mend(index, value, ended)) return undefined;
  return {
    root: new LazyNode(index, 0, undefined, value, 'value'),
    value,
    duplicateObjects: Array.from(index.duplicated, (slot) => index.start(slot)),
    ...(ended ? { ended: ended.map((slot) => index.start(slot)) } : {}),
  };
}

/** The plain value of a member a later duplicate overrides, until it is parsed from its text. */
const UNPARSED: unknown = Symbol('unparsed');

/** Objects with more members than this find a key through a map made once (see LazyNode.lookup). */
const MANY_MEMBERS = 32;

interface MemberLookup {
  readonly positions: Map<string, number>;
  readonly slots: Int32Array;
}

/**
 * What a lazy node stands for: a value, a property (key and value), or a property's key. A
 * 'member' is the value of a property read through `memberValue` before its property node was
 * made: its `parent` (the property node, with its key node) is made when first read.
 */
type Role = 'value' | 'member' | 'property' | 'key';

/**
 * A jsonc-parser node made on demand. `children` and `colonOffset` are computed on first read;
 * everything else is set at creation. All nodes share this one class, so reads stay monomorphic.
 * `member(key)` finds one property of an object without making its siblings.
 */
export class LazyNode extends BackedNode {
  override readonly type: NodeType;
  override readonly offset: number;
  override readonly length: number;
  override readonly value: unknown;
  /** Children made so far; for objects possibly sparse (see member()) until `children` fills it. */
  private kids: (JsonNode | undefined)[] | undefined;
  /** Whether `kids` holds every child. */
  private complete = false;
  /** An object's keys in text order (Object.keys of its plain value), read once. */
  private names: string[] | undefined;
  /** A large object's key positions and member slots (see lookup). */
  private members: MemberLookup | undefined;
  /** An object's member values made before their property nodes (see memberValue), by key index. */
  private values: (LazyNode | undefined)[] | undefined;
  /** An array's element slots, once an element was made on its own (see element()). */
  private elementSlots: Int32Array | undefined;

  constructor(
    private readonly index: StructureIndex,
    /** The slot of the value (for a property or key node: of the property's value). */
    private readonly slot: number,
    /** The parent node; for a 'member', the object whose property it is the value of. */
    private up: JsonNode | undefined,
    /**
     * The plain value of the slot (objects and arrays keep theirs to make children), or UNPARSED for
     * a member a later duplicate overrides (parsed from its text when first needed: see data()).
     */
    private plain: unknown,
    private role: Role,
    /** For property, key and member nodes: the key. */
    private readonly name?: string,
  ) {
    super();
    if (role === 'value' || role === 'member') {
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
      this.value = c === 123 || c === 91 ? undefined : plain === UNPARSED ? this.data() : plain;
    } else {
      const key = index.key(slot);
      this.offset = key;
      if (role === 'property') {
        this.type = 'property';
        this.length = index.end(slot) - key;
        this.value = undefined;
      } else {
        this.type = 'string';
        // (A key the text ends in ends there: see mended.ts.)
        this.length = Math.min(index.keyEnd(key), index.end(slot)) - key;
        this.value = name;
      }
    }
  }

  override get parent(): JsonNode | undefined {
    // A member value's property node is made (and made its parent) when first asked for.
    return this.role === 'member' ? (this.up as LazyNode).member(this.name!) : this.up;
  }

  /** Set on a root array when a fragment is wrapped in a synthetic object (see fragment.ts). */
  override set parent(node: JsonNode | undefined) {
    this.up = node;
    this.role = 'value';
  }

  /** jsonc-parser sets colonOffset on property nodes only. */
  override get colonOffset(): number | undefined {
    if (this.role !== 'property') return undefined;
    const colon = this.index.text.indexOf(':', this.index.keyEnd(this.offset));
    // (Only the mending wrote a colon past where a valueless member ends: see mended.ts.)
    return colon < this.index.end(this.slot) ? colon : undefined;
  }

  override get children(): JsonNode[] | undefined {
    if (this.complete) return this.kids as JsonNode[] | undefined;
    this.complete = true;
    const type = this.type;
    if (type === 'property') {
      // The value node may exist already (read through the object's memberValue).
      const owner = this.up as LazyNode;
      const found = owner.values?.[owner.position(this.name!)];
      // (With a repeated key, the one made through memberValue is the last one's.)
      const made = found?.slot === this.slot ? found : undefined;
      const key = new LazyNode(this.index, this.slot, this, this.plain, 'key', this.name);
      this.kids =
        this.slot === this.index.valueless
          ? [key]
          : [key, made ?? new LazyNode(this.index, this.slot, this, this.plain, 'value')];
    } else if (type === 'array') {
      const items = this.data() as unknown[];
      // Elements made already (see element()) stay the same nodes.
      const made = this.kids;
      const out: JsonNode[] = [];
      const past = this.index.next(this.slot);
      let k = 0;
      for (let m = this.slot + 1; m < past; m = this.index.next(m), k++)
        out.push(made?.[k] ?? new LazyNode(this.index, m, this, items[k], 'value'));
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
  override plainValue(): unknown {
    return this.data();
  }

  /** The plain value, parsed from the slot's text first for a member a later duplicate overrides. */
  private data(): unknown {
    if (this.plain !== UNPARSED) return this.plain;
    const index = this.index;
    return (this.plain = JSON.parse(index.text.slice(index.start(this.slot), index.end(this.slot))));
  }

  /**
   * The property node of `key` in an object node (undefined when absent or not an object), made
   * without its siblings: the plain value says whether and where the key is.
   */
  override member(key: string): JsonNode | undefined {
    if (this.type !== 'object') return undefined;
    const obj = this.data() as Record<string, unknown>;
    const k = Object.prototype.hasOwnProperty.call(obj, key) ? this.position(key) : this.valuelessAt(key);
    if (k < 0) return undefined;
    if (this.complete) return this.kids![k];
    const kids = (this.kids ??= []);
    let hit = kids[k];
    if (hit === undefined) hit = kids[k] = this.property(this.memberSlot(k), key);
    return hit;
  }

  /**
   * The value node of `key` in an object node (undefined when absent or not an object): what
   * `member(key).children[1]` is, made without the property and key nodes until its `parent` is
   * read. Reading a key's value is what rules do most; a list of 30,000 objects makes a third of
   * the nodes.
   */
  override memberValue(key: string): JsonNode | undefined {
    if (this.type !== 'object') return undefined;
    const obj = this.data() as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
    const k = this.position(key);
    const property = this.kids?.[k];
    if (property !== undefined) return property.children![1];
    const values = (this.values ??= []);
    let hit = values[k];
    if (hit === undefined)
      hit = values[k] = new LazyNode(this.index, this.memberSlot(k), this, obj[key], 'member', key);
    return hit;
  }

  /**
   * Element `i` of an array node (undefined when not an array or out of range), made without its
   * siblings: a path into a long list (a schema finding's) makes one node, not the whole list.
   */
  override element(i: number): JsonNode | undefined {
    if (this.type !== 'array') return undefined;
    if (this.complete) return this.kids![i];
    const items = this.data() as unknown[];
    if (!Number.isInteger(i) || i < 0 || i >= items.length) return undefined;
    const kids = (this.kids ??= []);
    let hit = kids[i];
    if (hit === undefined) {
      // The elements' slots, found once in one pass (later lookups are direct).
      const slots = (this.elementSlots ??= this.slotsOfElements(items.length));
      hit = kids[i] = new LazyNode(this.index, slots[i]!, this, items[i], 'value');
    }
    return hit;
  }

  /** Where element `i` of an array node starts (as element(i).offset), without making the node; -1 when none. */
  override elementOffset(i: number): number {
    if (this.type !== 'array') return -1;
    const made = this.kids?.[i];
    if (made !== undefined) return made.offset;
    const n = (this.data() as unknown[]).length;
    if (!Number.isInteger(i) || i < 0 || i >= n) return -1;
    return this.index.start((this.elementSlots ??= this.slotsOfElements(n))[i]!);
  }

  override memberKeys(): readonly string[] {
    return this.type === 'object' ? this.keys() : [];
  }

  override memberAt(k: number): JsonNode | undefined {
    if (this.type !== 'object') return undefined;
    const names = this.keys();
    if (!Number.isInteger(k) || k < 0 || k >= names.length) return undefined;
    if (this.complete) return this.kids![k];
    const kids = (this.kids ??= []);
    return (kids[k] ??= this.property(this.memberSlot(k), names[k]!));
  }

  override elementKeys(i: number): readonly string[] | undefined {
    if (this.type !== 'array') return undefined;
    const items = this.data() as unknown[];
    // (A valueless member, in the last element of a list left open, is no key of the plain value:
    // see mended.ts.)
    if (this.index.valueless >= 0 && i === items.length - 1)
      return this.element(i)?.type === 'object' ? (this.element(i) as LazyNode).keys() : undefined;
    const item = items[i];
    // Strict JSON: the plain object has every key of the text (a repeated one once).
    return Number.isInteger(i) && item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.keys(item)
      : undefined;
  }

  private slotsOfElements(n: number): Int32Array {
    const slots = new Int32Array(n);
    let m = this.slot + 1;
    for (let j = 0; j < n; j++, m = this.index.next(m)) slots[j] = m;
    return slots;
  }

  /** The position of `key` when it is the valueless last member (see mended.ts), else -1. */
  private valuelessAt(key: string): number {
    if (this.index.valueless < 0) return -1;
    const k = this.keys().length - 1;
    return k >= 0 && this.keys()[k] === key && this.memberSlot(k) === this.index.valueless ? k : -1;
  }

  /** The position of an own key among the object's members (of its last member when repeated). */
  private position(key: string): number {
    const names = this.keys();
    if (names.length <= MANY_MEMBERS) return names.lastIndexOf(key);
    return this.lookup().positions.get(key)!;
  }

  /** The slot of the value of the object's member at position `k`. */
  private memberSlot(k: number): number {
    if (this.keys().length > MANY_MEMBERS) return this.lookup().slots[k]!;
    let m = this.slot + 1;
    for (let j = 0; j < k; j++) m = this.index.next(m);
    return m;
  }

  /** A large object's keys by position and its members' slots, made once (lookups stay linear overall). */
  private lookup(): MemberLookup {
    if (this.members) return this.members;
    const names = this.keys();
    const positions = new Map<string, number>();
    const slots = new Int32Array(names.length);
    let m = this.slot + 1;
    for (let j = 0; j < names.length; j++, m = this.index.next(m)) {
      positions.set(names[j]!, j);
      slots[j] = m;
    }
    return (this.members = { positions, slots });
  }

  private keys(): string[] {
    if (this.names) return this.names;
    const index = this.index;
    // Object.keys gives the text's order unless the scan marked the object (see the header comment).
    if (!index.irregular?.has(this.slot)) return (this.names = Object.keys(this.data() as object));
    const names: string[] = [];
    const past = index.next(this.slot);
    for (let m = this.slot + 1; m < past; m = index.next(m)) {
      const k = index.key(m);
      names.push(index.keyName(k));
    }
    return (this.names = names);
  }

  private property(slot: number, key: string): LazyNode {
    // A member a later one with the same key overrides has its own value, read from its text.
    // (A valueless member has none, not even an inherited one: see mended.ts.)
    const plain = this.index.shadowed?.has(slot)
      ? UNPARSED
      : slot === this.index.valueless
        ? undefined
        : (this.data() as Record<string, unknown>)[key];
    return new LazyNode(this.index, slot, this, plain, 'property', key);
  }
}
