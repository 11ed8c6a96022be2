// The permissions a manifest requests (`requiredResourceAccess`), read once per lint run: each
// resource, its catalogue entry, and its permissions (read by kind of entry in accessList.ts).
import type { Node as JsonNode } from 'jsonc-parser';
import { indexPermissions } from '../catalog';
import { BackedNode } from '../backedNode';
import type { PermissionIndex, ResourceInfo, RuleContext } from '../types';
import { AccessList, NO_ACCESS, type Resolved } from './accessList';
import { GRAPH_GUID, child, elements, hasPlaceholder, rootObject, str, type Segment } from './util';

/** The resolutions of a resource without an index (never asked: AccessList.resolve needs one). */
const NO_RESOLUTIONS: Map<string, Resolved> = new Map();

/** The plain value of an object (undefined for anything else). */
function plainObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** An own member of a plain object (JSON.parse keeps the last of repeated keys, as child() finds it). */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
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
  /** Whether the resource is Microsoft Graph (see isGraph). */
  readonly graph: boolean;
  /** Where the entry starts (without making its node). */
  readonly start: number;
  /** Whether `appIdNode` is there (without making it). */
  readonly hasAppIdNode: boolean;
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
  graph = false;
  /** What ids name in `index` (see AccessOwner), shared with the resources of the same appId. */
  resolutions: Map<string, Resolved> = NO_RESOLUTIONS;
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
      this.access = Array.isArray(items) && items.length > 0 ? new AccessList(this, items) : NO_ACCESS;
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

  get start(): number {
    if (this.madeNode !== undefined) return this.madeNode.offset;
    return this.list instanceof BackedNode
      ? this.list.elementOffset(this.position)
      : this.list.children![this.position]!.offset;
  }

  get hasAppIdNode(): boolean {
    // Read from a plain value: its string member is the value node's (the plain value mirrors the nodes).
    return this.madeAppIdNode === null ? this.appId !== undefined : this.madeAppIdNode !== undefined;
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
  return resourceModel(ctx).all;
}

/** The resources with at least one resourceAccess entry (a rule about the entries needs no other). */
export function requestingResources(ctx: RuleContext): readonly Resource[] {
  return resourceModel(ctx).requesting;
}

/**
 * The resources whose appId passes `test`, in document order; with `requests` 'and', only those
 * of them with a resourceAccess entry; with 'or', also every resource with one. `test` runs once
 * per distinct appId, on the first resource with it: it may read only what the appId decides
 * (`appId`, `info`, `index`, `graph`). A list that repeats one resource (or an empty one)
 * thousands of times is tested once, and a rule no resource can concern skips the list.
 */
export function resourcesWhere(
  ctx: RuleContext,
  test: (first: Resource) => boolean,
  requests?: 'and' | 'or',
): readonly Resource[] {
  const model = resourceModel(ctx);
  let passed: Set<string | undefined> | undefined;
  for (const [appId, first] of model.byAppId) if (test(first)) (passed ??= new Set()).add(appId);
  if (passed === undefined) return requests === 'or' ? model.requesting : [];
  if (passed.size === model.byAppId.size) return requests === 'and' ? model.requesting : model.all;
  const keep = passed;
  if (requests === 'and') return model.requesting.filter((r) => keep.has(r.appId));
  if (requests === 'or') return model.all.filter((r) => keep.has(r.appId) || r.access.length > 0);
  return model.all.filter((r) => keep.has(r.appId));
}

interface ResourceModel {
  readonly all: readonly Resource[];
  readonly requesting: readonly Resource[];
  /** The first resource of each distinct appId (undefined: without one). */
  readonly byAppId: ReadonlyMap<string | undefined, Resource>;
}

function resourceModel(ctx: RuleContext): ResourceModel {
  return ctx.memo<ResourceModel>('requiredResources', () => {
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
    // What a resource's appId names is looked up once per distinct appId (a list may repeat one).
    const known = new Map<string | undefined, ResourceEntry>();
    const requesting: ResourceEntry[] = [];
    const model: ResourceModel = { all: out, requesting, byAppId: known };
    const list = child(rootObject(ctx), 'requiredResourceAccess');
    if (list?.type !== 'array') return model;
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
      if (res.access.length > 0) requesting.push(res);
      const appId = res.appId;
      const same = known.get(appId);
      if (same !== undefined) {
        res.info = same.info;
        res.index = same.index;
        res.graph = same.graph;
        res.resolutions = same.resolutions;
        continue;
      }
      if (appId !== undefined && appId !== '' && !hasPlaceholder(appId) && ctx.catalog) {
        try {
          res.info = ctx.catalog.getResource(appId);
        } catch {
          res.info = undefined;
        }
      }
      res.index = res.info && indexOf(res.info);
      if (res.index) res.resolutions = new Map();
      res.graph =
        res.appId?.toLowerCase() === GRAPH_GUID ||
        res.info?.appId.toLowerCase() === GRAPH_GUID ||
        res.appId?.toLowerCase() === 'microsoft graph';
      known.set(appId, res);
    }
    return model;
  });
}

/** Whether the resource is Microsoft Graph, by its appId, its catalogue entry or its name (worked out once per distinct appId). */
export function isGraph(res: Resource): boolean {
  return res.graph;
}

/** Keys kept in two arrays (no map or set made) while a resource has at most this many. */
const FEW_KEYS = 8;

/**
 * The `type:id` keys of one resource's permissions seen so far. The first few are kept in two
 * arrays (a resource usually requests a few permissions, and one instance serves thousands of
 * resources in turn); past them, looked up by type, then by id (no joined string made per entry)
 * while no type holds a ':'; from the first one that does, as joined strings (`a:b` + `c` and `a` +
 * `b:c` are then the same key, as they always were).
 */
export class PermissionKeys {
  private readonly types: string[] = [];
  private readonly ids: string[] = [];
  /** How many keys the arrays hold; -1 once the keys are in the map (or the joined set). */
  private few = 0;
  private readonly byType = new Map<string, Set<string>>();
  private joined: Set<string> | undefined;

  /** Forgets every key (one instance serves each resource in turn). */
  clear(): void {
    if (this.few < 0) {
      this.byType.clear();
      this.joined = undefined;
    }
    this.few = 0;
  }

  /** Adds the key of `type` and `lowerId`; true when it was not there yet. */
  add(type: string, lowerId: string): boolean {
    if (this.few >= 0) {
      if (!type.includes(':')) {
        for (let i = 0; i < this.few; i++) if (this.ids[i] === lowerId && this.types[i] === type) return false;
        if (this.few < FEW_KEYS) {
          this.types[this.few] = type;
          this.ids[this.few++] = lowerId;
          return true;
        }
      }
      // Too many keys, or a type with a ':': the keys so far move to the map, in their order.
      const few = this.few;
      this.few = -1;
      for (let i = 0; i < few; i++) this.addToMap(this.types[i]!, this.ids[i]!);
    }
    return this.addToMap(type, lowerId);
  }

  private addToMap(type: string, lowerId: string): boolean {
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
