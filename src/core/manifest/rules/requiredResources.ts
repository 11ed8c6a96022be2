// The permissions a manifest requests (`requiredResourceAccess`), read once per lint run, and their
// lookup in the permission catalogue (by id, or by value as Teams Toolkit templates write them).
import type { Node as JsonNode } from 'jsonc-parser';
import { indexPermissions } from '../catalog';
import { BackedNode } from '../backedNode';
import type { PermissionIndex, PermissionInfo, ResourceInfo, RuleContext } from '../types';
import { GRAPH_GUID, child, elements, hasPlaceholder, isGuid, rootObject, str, type Segment } from './util';

export interface Access {
  readonly node: JsonNode;
  readonly path: readonly Segment[];
  /** The `id` and `type` value nodes (undefined when absent); made when first read. */
  readonly id: JsonNode | undefined;
  readonly type: JsonNode | undefined;
  /** The id and type when they are strings (read once: several rules read them for every entry). */
  readonly idText: string | undefined;
  readonly typeText: string | undefined;
}

/** The plain value of an object node of the strict-JSON tree (undefined for other nodes). */
function plainObject(node: JsonNode): Record<string, unknown> | undefined {
  if (!(node instanceof BackedNode) || node.type !== 'object') return undefined;
  return node.plainValue() as Record<string, unknown>;
}

/** An own member of a plain object (JSON.parse keeps the last of repeated keys, as child() finds it). */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/**
 * An entry of `resourceAccess`. Its id and type are read from the plain value when the tree has one
 * (strict JSON), their nodes and the entry's path are made when first read, then kept (most
 * entries are never reported; several rules resolve every entry).
 */
class AccessEntry implements Access {
  private madePath: Segment[] | undefined;
  private madeId: JsonNode | undefined | null = null;
  private madeType: JsonNode | undefined | null = null;
  /** The permission the id names (see resolve), once looked up. */
  resolved: { asScope?: PermissionInfo; asRole?: PermissionInfo } | undefined;
  readonly idText: string | undefined;
  readonly typeText: string | undefined;
  constructor(
    readonly node: JsonNode,
    private readonly resource: { readonly path: readonly Segment[] },
    private readonly index: number,
  ) {
    const plain = plainObject(node);
    if (plain) {
      const id = own(plain, 'id');
      const type = own(plain, 'type');
      this.idText = typeof id === 'string' ? id : undefined;
      this.typeText = typeof type === 'string' ? type : undefined;
    } else {
      this.madeId = child(node, 'id');
      this.madeType = child(node, 'type');
      this.idText = str(this.madeId);
      this.typeText = str(this.madeType);
    }
  }

  get id(): JsonNode | undefined {
    if (this.madeId === null) this.madeId = child(this.node, 'id');
    return this.madeId;
  }

  get type(): JsonNode | undefined {
    if (this.madeType === null) this.madeType = child(this.node, 'type');
    return this.madeType;
  }

  get path(): readonly Segment[] {
    return (this.madePath ??= [...this.resource.path, 'resourceAccess', this.index]);
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
  readonly access: readonly Access[];
  readonly accessNode: JsonNode | undefined;
}

const NO_ACCESS: readonly Access[] = Object.freeze([]);

/**
 * An entry of `requiredResourceAccess`. On the strict-JSON tree its values are read from the plain
 * value and its node, path and value nodes are made when first read (a list of many entries costs
 * no node per entry until one is reported).
 */
class ResourceEntry implements Resource {
  private madeNode: JsonNode | undefined;
  private madePath: Segment[] | undefined;
  private madeAppIdNode: JsonNode | undefined | null = null;
  private madeAccessNode: JsonNode | undefined | null = null;
  readonly appId: string | undefined;
  info: Resource['info'];
  index: Resource['index'];
  readonly access: readonly Access[];

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
      this.access = Array.isArray(items) && items.length > 0 ? accessEntries(this.accessNode, this) : NO_ACCESS;
    } else {
      this.madeAppIdNode = child(node, 'resourceAppId');
      this.appId = str(this.madeAppIdNode);
      this.madeAccessNode = child(node, 'resourceAccess');
      this.access = accessEntries(this.madeAccessNode, this);
    }
  }

  get node(): JsonNode {
    return (this.madeNode ??= this.list.children![this.position]!);
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

function accessEntries(
  accessNode: JsonNode | undefined,
  resource: { readonly path: readonly Segment[] },
): readonly Access[] {
  const items = elements(accessNode);
  if (items.length === 0) return NO_ACCESS;
  const access: Access[] = [];
  for (let j = 0; j < items.length; j++) {
    const a = items[j]!;
    if (a.type === 'object') access.push(new AccessEntry(a, resource, j));
  }
  return access;
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
      // The strict-JSON tree: the plain items, nodes made for what a rule reads.
      const items = list.plainValue() as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item !== null && typeof item === 'object' && !Array.isArray(item))
          out.push(new ResourceEntry(list, i, undefined, item as Record<string, unknown>));
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

const UNRESOLVED: { asScope?: PermissionInfo; asRole?: PermissionInfo } = Object.freeze({});

/** The permission a `resourceAccess` entry names, by GUID or (Teams templates) by value; looked up once. */
export function resolve(res: Resource, a: Access): { asScope?: PermissionInfo; asRole?: PermissionInfo } {
  if (a instanceof AccessEntry && a.resolved) return a.resolved;
  const id = a.idText;
  let out = UNRESOLVED;
  if (res.index && id !== undefined && id !== '' && !hasPlaceholder(id)) {
    const asScope = find(res.index.scopes, id);
    const asRole = find(res.index.roles, id);
    if (asScope || asRole) out = { asScope, asRole };
  }
  if (a instanceof AccessEntry) a.resolved = out;
  return out;
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
