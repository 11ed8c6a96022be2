// The permissions a manifest requests (`requiredResourceAccess`), read once per lint run, and their
// lookup in the permission catalogue (by id, or by value as Teams Toolkit templates write them).
import type { Node as JsonNode } from 'jsonc-parser';
import { indexPermissions } from '../catalog';
import type { PermissionIndex, PermissionInfo, ResourceInfo, RuleContext } from '../types';
import { GRAPH_GUID, child, elements, hasPlaceholder, isGuid, rootObject, str, type Segment } from './util';

export interface Access {
  readonly node: JsonNode;
  readonly path: readonly Segment[];
  readonly id: JsonNode | undefined;
  readonly type: JsonNode | undefined;
  /** The id and type when they are strings (read once: several rules read them for every entry). */
  readonly idText: string | undefined;
  readonly typeText: string | undefined;
}

/**
 * An entry of `resourceAccess`. Its path and the permission it names are made when first read, then
 * kept (most entries are never reported; several rules resolve every entry).
 */
class AccessEntry implements Access {
  private madePath: Segment[] | undefined;
  /** The permission the id names (see resolve), once looked up. */
  resolved: { asScope?: PermissionInfo; asRole?: PermissionInfo } | undefined;
  readonly id: JsonNode | undefined;
  readonly type: JsonNode | undefined;
  readonly idText: string | undefined;
  readonly typeText: string | undefined;
  constructor(
    readonly node: JsonNode,
    private readonly resourcePath: readonly Segment[],
    private readonly index: number,
  ) {
    this.id = child(node, 'id');
    this.type = child(node, 'type');
    this.idText = str(this.id);
    this.typeText = str(this.type);
  }

  get path(): readonly Segment[] {
    return (this.madePath ??= [...this.resourcePath, 'resourceAccess', this.index]);
  }
}

export interface Resource {
  node: JsonNode;
  path: Segment[];
  appIdNode: JsonNode | undefined;
  appId: string | undefined;
  info: (ResourceInfo & { readonly complete: boolean }) | undefined;
  /** Lookups of info's permissions: the catalogue's, else made for this run. */
  index: { readonly scopes: PermissionIndex; readonly roles: PermissionIndex } | undefined;
  access: Access[];
  accessNode: JsonNode | undefined;
}

export function resources(ctx: RuleContext): Resource[] {
  return ctx.memo<Resource[]>('requiredResources', () => {
    const out: Resource[] = [];
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
    elements(child(rootObject(ctx), 'requiredResourceAccess')).forEach((n, i) => {
      if (n.type !== 'object') return;
      const path: Segment[] = ['requiredResourceAccess', i];
      const appIdNode = child(n, 'resourceAppId');
      const appId = str(appIdNode);
      let info: Resource['info'];
      if (appId !== undefined && appId !== '' && !hasPlaceholder(appId) && ctx.catalog) {
        try {
          info = ctx.catalog.getResource(appId);
        } catch {
          info = undefined;
        }
      }
      const accessNode = child(n, 'resourceAccess');
      const access: Access[] = [];
      elements(accessNode).forEach((a, j) => {
        if (a.type === 'object') access.push(new AccessEntry(a, path, j));
      });
      out.push({ node: n, path, appIdNode, appId, info, index: info && indexOf(info), access, accessNode });
    });
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
