// The entries of one `resourceAccess` list read by kind: entries with the same id and type (as
// written) are of one kind, and long lists repeat a few kinds. What rules ask of an entry (is its id
// a GUID, what does it name, is its type valid) is asked once per kind, and the findings past the
// engine's listing limit are counted per kind, not per entry.
import type { Node as JsonNode } from 'jsonc-parser';
import { BackedNode } from '../backedNode';
import type { PermissionIndex, PermissionInfo } from '../types';
import { child, elements, hasPlaceholder, isGuid, str, type Findings, type Segment } from './util';

/** What a `resourceAccess` entry's id names in the resource's catalogue entry (see AccessList.resolve). */
export interface Resolved {
  readonly asScope?: PermissionInfo;
  readonly asRole?: PermissionInfo;
}

const UNRESOLVED: Resolved = Object.freeze({});

/** A list's entries of one kind: the same id and type, as written (undefined when not a string). */
export interface Kind {
  readonly id: string | undefined;
  readonly type: string | undefined;
}

/** What the list needs of the resource it belongs to. */
export interface AccessOwner {
  readonly path: readonly Segment[];
  /** Lookups of the resource's permissions (undefined when the catalogue does not know it). */
  readonly index: { readonly scopes: PermissionIndex; readonly roles: PermissionIndex } | undefined;
  /** The list's node. */
  readonly accessNode: JsonNode | undefined;
  /**
   * What each id names in `index`, found once per lint run: shared by the resources with the same
   * appId (a list of thousands of resources asks about a few ids).
   */
  readonly resolutions: Map<string, Resolved>;
}

/** Kinds by id: the kind's index while the id has one type, else the kinds by type. */
type KindsById = Map<string | undefined, number | Map<string | undefined, number>>;

/** Lists with at most this many kinds find an entry's kind without a map. */
const SMALL_KINDS = 8;

function kindsById(kinds: Kind[]): KindsById {
  const byId: KindsById = new Map();
  for (let k = 0; k < kinds.length; k++) kindIn(byId, kinds, kinds[k]!.id, kinds[k]!.type, k);
  return byId;
}

/** The kind of `id` and `type` in `byId` (`as`: the index it gets when new, else the next one, added to `kinds`). */
function kindIn(
  byId: KindsById,
  kinds: Kind[],
  id: string | undefined,
  type: string | undefined,
  as: number = kinds.length,
): number {
  const known = byId.get(id);
  if (typeof known === 'number' && kinds[known]!.type === type) return known;
  const byType = typeof known === 'number' ? new Map([[kinds[known]!.type, known]]) : known;
  const found = byType?.get(type);
  if (found !== undefined) return found;
  if (as === kinds.length) kinds.push({ id, type });
  if (byType === undefined) byId.set(id, as);
  else {
    if (byType !== known) byId.set(id, byType);
    byType.set(type, as);
  }
  return as;
}

/** The kinds of a list without entries. */
const NO_KINDS = new Int32Array(0);

/** The kinds and counts of a list before its first entry (replaced, never written). */
const NO_KIND_LIST: Kind[] = [];
const NO_COUNTS: number[] = [];

/** The kinds of short lists whose entries are all of one kind, by length: shared, never written. */
const ONE_KIND: Int32Array[] = [];

function oneKind(n: number): Int32Array {
  return n > 64 ? new Int32Array(n) : (ONE_KIND[n] ??= new Int32Array(n));
}

/**
 * The entries of one `resourceAccess` list, by position, and their kinds. Ids and types are read
 * once, from the plain value on a tree made from one (BackedNode), else from the nodes; an entry's
 * nodes and path are made only for the entries a rule reports. A list of 25,000 entries costs no
 * object per entry. A position that holds no object has neither id nor type.
 */
export class AccessList {
  /** Positions in the list (entries that are objects and others); 0 when none is an object. */
  readonly length: number;
  /** How many positions hold an object (what the limits count). */
  readonly entries: number;
  /** The kind of each position (an index into `kinds`). */
  readonly kindOf: Int32Array;
  /** The kinds in the order of their first entry. */
  readonly kinds: readonly Kind[];
  /** How many entries each kind has. */
  readonly counts: readonly number[];
  /** The list's node on a tree made from a plain value (made when an entry's node is first needed). */
  private lazy: BackedNode | undefined;
  private readonly nodes: readonly JsonNode[] | undefined;

  /** From the plain `items` of the owner's list, or (items undefined) from the list's nodes. */
  constructor(
    private readonly owner: AccessOwner,
    items: readonly unknown[] | undefined,
  ) {
    this.nodes = items === undefined ? elements(owner.accessNode) : undefined;
    if ((items ?? this.nodes!).length === 0) {
      // No entry (a list of thousands of resources may have none each): nothing to make.
      this.entries = this.length = 0;
      this.kindOf = NO_KINDS;
      this.kinds = this.counts = [];
      return;
    }
    // (Made with their first kind: an empty array's first push reserves room for 17.)
    let kinds: Kind[] = NO_KIND_LIST;
    let counts: number[] = NO_COUNTS;
    let byId: KindsById | undefined;
    const n = items !== undefined ? items.length : this.nodes!.length;
    // Made when a second kind appears (the entries before it are all of kind 0, as the array starts);
    // a list of one kind shares its kinds (a list of thousands of resources requests one permission each).
    let kindsOf: Int32Array | undefined;
    let entries = 0;
    // The kind of the entries before, and how many of them in a row (runs of one kind, the usual
    // repeat, skip the lookup).
    let last = -1;
    let run = 0;
    let lastId: string | undefined;
    let lastType: string | undefined;
    // Per entry, no call but the id and type lookups: this loop runs over every entry, often once.
    for (let j = 0; j < n; j++) {
      let id: unknown;
      let type: unknown;
      if (items !== undefined) {
        const o = items[j];
        if (o === null || typeof o !== 'object' || Array.isArray(o)) id = type = undefined;
        else {
          id = Object.hasOwn(o, 'id') ? (o as Record<string, unknown>).id : undefined;
          type = Object.hasOwn(o, 'type') ? (o as Record<string, unknown>).type : undefined;
          entries++;
        }
      } else {
        const node = this.nodes![j]!;
        if (node.type !== 'object') id = type = undefined;
        else if (node instanceof BackedNode) {
          // An entry made from a plain value in a list that is not (a part of a text with syntax errors).
          const o = node.plainValue() as Record<string, unknown>;
          id = Object.hasOwn(o, 'id') ? o.id : undefined;
          type = Object.hasOwn(o, 'type') ? o.type : undefined;
          entries++;
        } else {
          id = str(child(node, 'id'));
          type = str(child(node, 'type'));
          entries++;
        }
      }
      if (typeof id !== 'string') id = undefined;
      if (typeof type !== 'string') type = undefined;
      if (last < 0 || id !== lastId || type !== lastType) {
        if (last >= 0) counts[last]! += run;
        lastId = id as string | undefined;
        lastType = type as string | undefined;
        last = -1;
        // Few kinds (a list's usual case) are searched; past SMALL_KINDS, looked up in a map made then.
        if (byId === undefined) {
          for (let q = 0; q < kinds.length; q++) {
            if (kinds[q]!.id === lastId && kinds[q]!.type === lastType) {
              last = q;
              break;
            }
          }
          if (last < 0 && kinds.length >= SMALL_KINDS) byId = kindsById(kinds);
        }
        if (byId !== undefined) last = kindIn(byId, kinds, lastId, lastType);
        else if (last < 0 && kinds.length === 0) {
          kinds = [{ id: lastId, type: lastType }];
          counts = [0];
          last = 0;
        } else if (last < 0) {
          last = kinds.push({ id: lastId, type: lastType }) - 1;
          counts.push(0);
        }
        if (counts.length < kinds.length) counts.push(0);
        run = 0;
        if (last > 0) kindsOf ??= new Int32Array(n);
      }
      run++;
      if (kindsOf !== undefined) kindsOf[j] = last;
    }
    if (last >= 0) counts[last]! += run;
    this.entries = entries;
    this.length = entries > 0 ? n : 0;
    this.kindOf = kindsOf ?? oneKind(n);
    this.kinds = kinds;
    this.counts = counts;
  }

  /** The id of entry `j` when a string. */
  id(j: number): string | undefined {
    return this.kinds[this.kindOf[j]!]!.id;
  }

  /** The type of entry `j` when a string. */
  type(j: number): string | undefined {
    return this.kinds[this.kindOf[j]!]!.type;
  }

  /**
   * `test` of every kind (of its id and type): which findings an entry of the kind has, one bit per
   * finding (at most two), asked once per kind. Undefined when no kind has any. (The list is passed
   * in, so that a rule makes its test once, not once per resource.)
   */
  classify(
    test: (id: string | undefined, type: string | undefined, kind: number, list: AccessList) => number,
  ): KindFindings | undefined {
    let flags: Uint8Array | undefined;
    for (let k = 0; k < this.kinds.length; k++) {
      const kind = this.kinds[k]!;
      const v = test(kind.id, kind.type, k, this);
      if (v !== 0) (flags ??= new Uint8Array(this.kinds.length))[k] = v;
    }
    return flags && new KindFindings(this, flags);
  }

  /** Where entry `j` starts (without making its node on a tree made from a plain value). */
  offset(j: number): number {
    return this.nodes !== undefined ? this.nodes[j]!.offset : this.list().elementOffset(j);
  }

  /** The node of entry `j`. */
  node(j: number): JsonNode {
    return this.nodes !== undefined ? this.nodes[j]! : this.list().element(j)!;
  }

  /** The `id` value node of entry `j` (undefined when absent). */
  idNode(j: number): JsonNode | undefined {
    return child(this.node(j), 'id');
  }

  /** The `type` value node of entry `j` (undefined when absent). */
  typeNode(j: number): JsonNode | undefined {
    return child(this.node(j), 'type');
  }

  /** The path of entry `j`. */
  path(j: number): Segment[] {
    return [...this.owner.path, 'resourceAccess', j];
  }

  /**
   * The permission the entries of kind `k` name, by GUID or (Teams templates) by value, among the
   * resource's permissions (none when the catalogue does not know the resource); looked up once.
   */
  resolve(k: number): Resolved {
    const id = this.kinds[k]!.id;
    const index = this.owner.index;
    if (!index || id === undefined) return UNRESOLVED;
    const resolutions = this.owner.resolutions;
    let out = resolutions.get(id);
    if (out === undefined) {
      out = UNRESOLVED;
      if (id !== '' && !hasPlaceholder(id)) {
        const asScope = find(index.scopes, id);
        const asRole = find(index.roles, id);
        if (asScope || asRole) out = { asScope, asRole };
      }
      resolutions.set(id, out);
    }
    return out;
  }

  private list(): BackedNode {
    return (this.lazy ??= this.owner.accessNode as BackedNode);
  }
}

/**
 * The list of a resource with no entries in its plain value, shared: nothing of it reads its owner
 * (every method is per entry), and a list of thousands of resources may have no entries each.
 */
export const NO_ACCESS = new AccessList(
  { path: [], index: undefined, accessNode: undefined, resolutions: new Map<string, Resolved>() },
  [],
);

/** The number of findings a classify flag stands for (one per bit of the two). */
function findingsOf(flags: number): number {
  return (flags & 1) + ((flags >> 1) & 1);
}

/**
 * Which findings the entries of each kind of a list have (`flags`, see AccessList.classify), and
 * how many entries of each kind a rule has read, in order, so far: once the findings of an entry are
 * only counted, those of every later entry are, and they are counted from the kinds' counts.
 */
export class KindFindings {
  private readonly read: Int32Array;

  constructor(
    private readonly list: AccessList,
    readonly flags: Uint8Array,
  ) {
    this.read = new Int32Array(flags.length);
  }

  /**
   * For the entries with findings, in order: counts the findings of entry `j` when they are only
   * counted (see Findings.tallyAfter), then those of every later entry at once, and returns true
   * (the rule is done with the list); else false, and the rule adds them.
   */
  tallyFrom(out: Findings, j: number): boolean {
    const k = this.list.kindOf[j]!;
    const offset = this.list.offset(j);
    if (!out.tallyAfter(offset, findingsOf(this.flags[k]!))) {
      this.read[k]!++;
      return false;
    }
    // The entries after j: those of each kind not read yet (j itself is one of its kind's).
    let rest = -findingsOf(this.flags[k]!);
    const counts = this.list.counts;
    for (let q = 0; q < this.flags.length; q++) {
      const f = this.flags[q]!;
      if (f !== 0) rest += findingsOf(f) * (counts[q]! - this.read[q]!);
    }
    if (rest > 0) out.tallyAfter(offset, rest);
    return true;
  }
}

function find(index: PermissionIndex, key: string): PermissionInfo | undefined {
  const k = key.toLowerCase();
  return isGuid(key) ? index.byId.get(k) : index.byValue.get(k);
}
