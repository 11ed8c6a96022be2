// The permissions a manifest requests (`requiredResourceAccess`), read once per lint run, and their
// lookup in the permission catalogue (by id, or by value as Teams Toolkit templates write them).
import type { Node as JsonNode } from 'jsonc-parser';
import type { PermissionInfo, ResourceInfo, RuleContext } from '../types';
import { GRAPH_GUID, child, perRun, elements, hasPlaceholder, isGuid, rootObject, str, type Segment } from './util';

export interface Access {
  readonly node: JsonNode;
  readonly path: readonly Segment[];
  readonly id: JsonNode | undefined;
  readonly type: JsonNode | undefined;
}

/** An entry of `resourceAccess`; its path is made when read (most entries are never reported). */
class AccessEntry implements Access {
  private madePath: Segment[] | undefined;
  readonly id: JsonNode | undefined;
  readonly type: JsonNode | undefined;
  constructor(
    readonly node: JsonNode,
    private readonly resourcePath: readonly Segment[],
    private readonly index: number,
  ) {
    this.id = child(node, 'id');
    this.type = child(node, 'type');
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
  access: Access[];
  accessNode: JsonNode | undefined;
}

const cache = new WeakMap<object, Resource[]>();

export function resources(ctx: RuleContext): Resource[] {
  return perRun(ctx, 'requiredResources', cache, () => {
    const out: Resource[] = [];
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
      out.push({ node: n, path, appIdNode, appId, info, access, accessNode });
    });
    return out;
  });
}

/**
 * Lower-cased id and value lookups of a catalogue's permission list, built on first use. Keyed on
 * the catalogue's own list object (not on any document), so every lint reuses it as it reuses
 * the compiled schema.
 */
const lookups = new WeakMap<
  readonly PermissionInfo[],
  { byId: Map<string, PermissionInfo>; byValue: Map<string, PermissionInfo> }
>();

function lookupOf(list: readonly PermissionInfo[]): {
  byId: Map<string, PermissionInfo>;
  byValue: Map<string, PermissionInfo>;
} {
  let hit = lookups.get(list);
  if (!hit) {
    hit = { byId: new Map(), byValue: new Map() };
    for (const p of list) {
      // The first entry wins, as with a linear search.
      const id = p.id.toLowerCase();
      if (!hit.byId.has(id)) hit.byId.set(id, p);
      const value = p.value.toLowerCase();
      if (!hit.byValue.has(value)) hit.byValue.set(value, p);
    }
    lookups.set(list, hit);
  }
  return hit;
}

function find(list: readonly PermissionInfo[], key: string): PermissionInfo | undefined {
  const k = key.toLowerCase();
  const l = lookupOf(list);
  return isGuid(key) ? l.byId.get(k) : l.byValue.get(k);
}

/** The permission a `resourceAccess` entry names, by GUID or (Teams templates) by value. */
export function resolve(res: Resource, a: Access): { asScope?: PermissionInfo; asRole?: PermissionInfo } {
  const id = str(a.id);
  if (!res.info || id === undefined || id === '' || hasPlaceholder(id)) return {};
  return { asScope: find(res.info.scopes, id), asRole: find(res.info.roles, id) };
}

export function isGraph(res: Resource): boolean {
  return (
    res.appId?.toLowerCase() === GRAPH_GUID ||
    res.info?.appId.toLowerCase() === GRAPH_GUID ||
    res.appId?.toLowerCase() === 'microsoft graph'
  );
}
