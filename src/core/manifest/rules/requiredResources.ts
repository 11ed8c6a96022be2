// The permissions a manifest requests (`requiredResourceAccess`), read once per lint run, and their
// lookup in the permission catalogue (by id, or by value as Teams Toolkit templates write them).
import type { Node as JsonNode } from 'jsonc-parser';
import { indexPermissions } from '../catalog';
import { BackedNode } from '../backedNode';
import type { PermissionIndex, PermissionInfo, ResourceInfo, RuleContext } from '../types';
import {
  GRAPH_GUID,
  child,
  elements,
  hasPlaceholder,
  isGuid,
  rootObject,
  str,
  type Findings,
  type Segment,
} from './util';

/** What a `resourceAccess` entry's id names in the resource's catalogue entry (see AccessList.resolve). */
export interface Resolved {
  readonly asScope?: PermissionInfo;
  readonly asRole?: PermissionInfo;
}

const UNRESOLVED: Resolved = Object.freeze({});

/** The plain value of an object (undefined for anything else). */
function plainObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** An own member of a plain object (JSON.parse keeps the last of repeated keys, as child() finds it). */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** The number of findings a classify flag stands for (one per bit of the two). */
function findingsOf(flags: number): number {
  return (flags & 1) + ((flags >> 1) & 1);
}

/** A list's entries of one kind: the same id and type, as written (undefined when not a string). */
interface Kind {
  readonly id: string | undefined;
  readonly type: string | undefined;
}

/**
 * The entries of one `resourceAccess` list, by position. Entries with the same id and type (as
 * written) are of one kind: long lists repeat a few kinds, and what rules ask of an entry (is its id
 * a GUID, what does it name, is its type valid) is asked once per kind. Ids and types are read once,
 * from the plain value on a tree made from one (BackedNode), else from the nodes; an entry's nodes
 * and path are made only for the entries a rule reports. A list of 25,000 entries costs no object
 * per entry. A position that holds no object has neither id nor type.
 */
export class AccessList {
  /** Positions in the list (entries that are objects and others); 0 when none is an object. */
  readonly length: number;
  /** How many positions hold an object (what the limits count). */
  readonly entries: number;
  /** The kind of each position (an index into `kinds`). */
  readonly kindOf: Int32Array;
  readonly kinds: readonly Kind[];
  private resolved: (Resolved | undefined)[] | undefined;
  /** The list's node on a tree made from a plain value (made when an entry's node is first needed). */
  private lazy: BackedNode | undefined;
  private readonly nodes: readonly JsonNode[] | undefined;

  /** From the plain `items` of the list of `resource`, or (items undefined) from the list's nodes. */
  constructor(
    private readonly resource: ResourceEntry,
    items: readonly unknown[] | undefined,
  ) {
    const kinds: Kind[] = [];
    // Kinds by id: the kind's index while the id has one type, else the kinds by type.
    const byId = new Map<string | undefined, number | Map<string | undefined, number>>();
    const kindOf = (id: string | undefined, type: string | undefined): number => {
      const known = byId.get(id);
      if (typeof known === 'number' && kinds[known]!.type === type) return known;
      const byType = typeof known === 'number' ? new Map([[kinds[known]!.type, known]]) : known;
      const found = byType?.get(type);
      if (found !== undefined) return found;
      const k = kinds.push({ id, type }) - 1;
      if (byType === undefined) byId.set(id, k);
      else {
        if (byType !== known) byId.set(id, byType);
        byType.set(type, k);
      }
      return k;
    };
    this.nodes = items === undefined ? elements(resource.accessNode) : undefined;
    const n = items !== undefined ? items.length : this.nodes!.length;
    const kindsOf = new Int32Array(n);
    let entries = 0;
    // The kind of the entry before (runs of one kind, the usual repeat, skip the lookup).
    let last = -1;
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
        else {
          id = str(child(node, 'id'));
          type = str(child(node, 'type'));
          entries++;
        }
      }
      if (typeof id !== 'string') id = undefined;
      if (typeof type !== 'string') type = undefined;
      if (last < 0 || id !== lastId || type !== lastType) {
        lastId = id as string | undefined;
        lastType = type as string | undefined;
        last = kindOf(lastId, lastType);
      }
      kindsOf[j] = last;
    }
    this.entries = entries;
    this.length = entries > 0 ? n : 0;
    this.kindOf = kindsOf;
    this.kinds = kinds;
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
   * `test` of every kind (of its id and type): what a rule asks of each entry, asked once per kind;
   * a rule then reads `result[kindOf[j]]` for entry `j`. Undefined when `test` gives 0 for every kind.
   */
  classify(test: (id: string | undefined, type: string | undefined, kind: number) => number): Uint8Array | undefined {
    let out: Uint8Array | undefined;
    for (let k = 0; k < this.kinds.length; k++) {
      const kind = this.kinds[k]!;
      const v = test(kind.id, kind.type, k);
      if (v !== 0) (out ??= new Uint8Array(this.kinds.length))[k] = v;
    }
    return out;
  }

  /**
   * Counts the findings of entry `j` (`flags`: classify's result, one bit per finding an entry of
   * that kind has, at most two) when they are only counted (see Findings.tallyAfter), and then
   * those of every later entry at once: true when it did, and the rule is done with the list.
   */
  tallyFrom(out: Findings, j: number, flags: Uint8Array): boolean {
    const offset = this.offset(j);
    if (!out.tallyAfter(offset, findingsOf(flags[this.kindOf[j]!]!))) return false;
    let rest = 0;
    for (let i = j + 1; i < this.length; i++) rest += findingsOf(flags[this.kindOf[i]!]!);
    if (rest > 0) out.tallyAfter(offset, rest);
    return true;
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
    return [...this.resource.path, 'resourceAccess', j];
  }

  /**
   * The permission the entries of kind `k` name, by GUID or (Teams templates) by value, among the
   * resource's permissions (none when the catalogue does not know the resource); looked up once.
   */
  resolve(k: number): Resolved {
    const resolved = (this.resolved ??= []);
    let out = resolved[k];
    if (out === undefined) {
      out = UNRESOLVED;
      const id = this.kinds[k]!.id;
      const index = this.resource.index;
      if (index && id !== undefined && id !== '' && !hasPlaceholder(id)) {
        const asScope = find(index.scopes, id);
        const asRole = find(index.roles, id);
        if (asScope || asRole) out = { asScope, asRole };
      }
      resolved[k] = out;
    }
    return out;
  }

  private list(): BackedNode {
    return (this.lazy ??= this.resource.accessNode as BackedNode);
  }
}

export interface Resource {
  readonly node: JsonNode;
  readonly path: readonly Segment[];
  /** The `resourceAppId` value node (undefined when absent; made when first read) and its string. */
  readonly appIdNode: JsonNode | undefined;
  readonly appId: string | undefined;
  readonly info: (ResourceInfo & { readonly complete: boolean }) | undefined;
  /** Lookups of info's permissions: the catalogue's, else made for this run. */
  readonly index: { readonly scopes: PermissionIndex; readonly roles: PermissionIndex } | undefined;
  readonly access: AccessList;
  readonly accessNode: JsonNode | undefined;
}

/**
 * An entry of `requiredResourceAccess`. On a tree made from a plain value its values are read from
 * that value and its node, path and value nodes are made when first read (a list of many entries
 * costs no node per entry until one is reported).
 */
class ResourceEntry implements Resource {
  private madeNode: JsonNode | undefined;
  private madePath: Segment[] | undefined;
  private madeAppIdNode: JsonNode | undefined | null = null;
  private madeAccessNode: JsonNode | undefined | null = null;
  readonly appId: string | undefined;
  info: Resource['info'];
  index: Resource['index'];
  readonly access: AccessList;

  constructor(
    private readonly list: JsonNode,
    private readonly position: number,
    node: JsonNode | undefined,
    plain: Record<string, unknown> | undefined,
  ) {
    this.madeNode = node;
    if (plain) {
      const appId = own(plain, 'resourceAppId');
      this.appId = typeof appId === 'string' ? appId : undefined;
      const items = own(plain, 'resourceAccess');
      this.access = new AccessList(this, Array.isArray(items) ? items : []);
    } else {
      this.madeAppIdNode = child(node, 'resourceAppId');
      this.appId = str(this.madeAppIdNode);
      this.madeAccessNode = child(node, 'resourceAccess');
      this.access = new AccessList(this, undefined);
    }
  }

  get node(): JsonNode {
    return (this.madeNode ??=
      this.list instanceof BackedNode ? this.list.element(this.position)! : this.list.children![this.position]!);
  }

  get path(): readonly Segment[] {
    return (this.madePath ??= ['requiredResourceAccess', this.position]);
  }

  get appIdNode(): JsonNode | undefined {
    if (this.madeAppIdNode === null) this.madeAppIdNode = child(this.node, 'resourceAppId');
    return this.madeAppIdNode;
  }

  get accessNode(): JsonNode | undefined {
    if (this.madeAccessNode === null) this.madeAccessNode = child(this.node, 'resourceAccess');
    return this.madeAccessNode;
  }
}

export function resources(ctx: RuleContext): readonly Resource[] {
  return ctx.memo<readonly Resource[]>('requiredResources', () => {
    const out: ResourceEntry[] = [];
    // Catalogues that do not index their resources (StaticPermissionCatalog does) get it here, once per run.
    const indexes = new Map<ResourceInfo, NonNullable<Resource['index']>>();
    const indexOf = (info: ResourceInfo): NonNullable<Resource['index']> => {
      if (info.index) return info.index;
      let index = indexes.get(info);
      if (!index) {
        index = { scopes: indexPermissions(info.scopes), roles: indexPermissions(info.roles) };
        indexes.set(info, index);
      }
      return index;
    };
    const list = child(rootObject(ctx), 'requiredResourceAccess');
    if (list?.type !== 'array') return out;
    if (list instanceof BackedNode) {
      // A tree made from a plain value: the plain items, nodes made for what a rule reads.
      const items = list.plainValue() as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = plainObject(items[i]);
        if (item) out.push(new ResourceEntry(list, i, undefined, item));
      }
    } else {
      const items = elements(list);
      for (let i = 0; i < items.length; i++) {
        const n = items[i]!;
        if (n.type === 'object') out.push(new ResourceEntry(list, i, n, undefined));
      }
    }
    for (const res of out) {
      const appId = res.appId;
      if (appId !== undefined && appId !== '' && !hasPlaceholder(appId) && ctx.catalog) {
        try {
          res.info = ctx.catalog.getResource(appId);
        } catch {
          res.info = undefined;
        }
      }
      res.index = res.info && indexOf(res.info);
    }
    return out;
  });
}

function find(index: PermissionIndex, key: string): PermissionInfo | undefined {
  const k = key.toLowerCase();
  return isGuid(key) ? index.byId.get(k) : index.byValue.get(k);
}

export function isGraph(res: Resource): boolean {
  return (
    res.appId?.toLowerCase() === GRAPH_GUID ||
    res.info?.appId.toLowerCase() === GRAPH_GUID ||
    res.appId?.toLowerCase() === 'microsoft graph'
  );
}

/**
 * The `type:id` keys of one resource's permissions seen so far. Looked up by type, then by id (no
 * joined string made per entry) while no type holds a ':'; from the first one that does, as joined
 * strings (`a:b` + `c` and `a` + `b:c` are then the same key, as they always were).
 */
export class PermissionKeys {
  private readonly byType = new Map<string, Set<string>>();
  private joined: Set<string> | undefined;

  /** Adds the key of `type` and `lowerId`; true when it was not there yet. */
  add(type: string, lowerId: string): boolean {
    if (this.joined === undefined && type.includes(':')) {
      this.joined = new Set();
      for (const [t, ids] of this.byType) for (const id of ids) this.joined.add(`${t}:${id}`);
    }
    let ids: Set<string> | undefined;
    let key = lowerId;
    if (this.joined !== undefined) {
      ids = this.joined;
      key = `${type}:${lowerId}`;
    } else {
      ids = this.byType.get(type);
      if (ids === undefined) this.byType.set(type, (ids = new Set()));
    }
    if (ids.has(key)) return false;
    ids.add(key);
    return true;
  }
}
