// Permission catalogues: the built-in one (every Microsoft Graph permission of the generated table
// in core/entra, and first-party APIs by name), one built from a tenant's service principals, and
// a way to combine them.
import { builtInGraphPermissions, firstPartyApis } from '../entra/permissions';
import type { PermissionCatalog, PermissionIndex, PermissionInfo, ResourceInfo } from './types';

import { AZURE_AD_GRAPH_APP_ID, AZURE_RESOURCE_MANAGER_APP_ID, MICROSOFT_GRAPH_APP_ID } from '../entra/ids';

export { AZURE_AD_GRAPH_APP_ID, MICROSOFT_GRAPH_APP_ID };

type CatalogResource = ResourceInfo & { readonly complete: boolean };

/** Lower-cased id and value lookups of a permission list. */
export function indexPermissions(list: readonly PermissionInfo[]): PermissionIndex {
  const byId = new Map<string, PermissionInfo>();
  const byValue = new Map<string, PermissionInfo>();
  for (const p of list) {
    // The first entry wins, as with a linear search.
    const id = p.id.toLowerCase();
    if (!byId.has(id)) byId.set(id, p);
    const value = p.value.toLowerCase();
    if (!byValue.has(value)) byValue.set(value, p);
  }
  return { byId, byValue };
}

/**
 * A catalogue over a list of resources, indexed by appId and by display name (case-insensitive);
 * each resource's permissions are indexed too, once, when the catalogue is made.
 */
export class StaticPermissionCatalog implements PermissionCatalog {
  private readonly byKey = new Map<string, CatalogResource>();
  private readonly list: CatalogResource[] = [];

  constructor(resources: Iterable<CatalogResource>, aliases: Readonly<Record<string, string>> = {}) {
    for (const listed of resources) {
      const r = listed.index
        ? listed
        : { ...listed, index: { scopes: indexPermissions(listed.scopes), roles: indexPermissions(listed.roles) } };
      this.list.push(r);
      this.byKey.set(r.appId.toLowerCase(), r);
      if (!this.byKey.has(r.displayName.toLowerCase())) this.byKey.set(r.displayName.toLowerCase(), r);
    }
    for (const [alias, appId] of Object.entries(aliases)) {
      const r = this.byKey.get(appId.toLowerCase());
      if (r && !this.byKey.has(alias.toLowerCase())) this.byKey.set(alias.toLowerCase(), r);
    }
  }

  getResource(appIdOrName: string): CatalogResource | undefined {
    return this.byKey.get(appIdOrName.trim().toLowerCase());
  }

  resources(): Iterable<ResourceInfo> {
    return this.list;
  }
}

/** Other names people (and Teams Toolkit templates) use for the same resources. */
export const RESOURCE_ALIASES: Readonly<Record<string, string>> = {
  'Azure Service Management API': AZURE_RESOURCE_MANAGER_APP_ID,
  'Azure Active Directory Graph': AZURE_AD_GRAPH_APP_ID,
  Graph: MICROSOFT_GRAPH_APP_ID,
};

/**
 * The built-in catalogue: every Microsoft Graph permission of the generated table (a dated
 * snapshot, so not "complete": an id newer than the snapshot is no error), and first-party APIs
 * known by name. Built once, when the module loads, and never changed.
 */
const BUILT_IN: PermissionCatalog = (() => {
  const graph = builtInGraphPermissions();
  const info = (p: (typeof graph.scopes)[number]): PermissionInfo => ({
    id: p.id,
    value: p.value,
    type: p.type,
    adminConsentRequired: p.adminConsentRequired,
    enabled: true,
  });
  const resources: CatalogResource[] = [
    {
      appId: MICROSOFT_GRAPH_APP_ID,
      displayName: 'Microsoft Graph',
      scopes: graph.scopes.map(info),
      roles: graph.roles.map(info),
      complete: false,
    },
  ];
  for (const [appId, displayName] of firstPartyApis()) {
    if (appId !== MICROSOFT_GRAPH_APP_ID)
      resources.push({ appId, displayName, scopes: [], roles: [], complete: false });
  }
  return new StaticPermissionCatalog(resources, RESOURCE_ALIASES);
})();

/** The built-in catalogue (see BUILT_IN). */
export function builtInCatalog(): PermissionCatalog {
  return BUILT_IN;
}

/** The parts of a Graph servicePrincipal this module reads. */
export interface ServicePrincipalLike {
  readonly appId?: string | null;
  readonly displayName?: string | null;
  readonly oauth2PermissionScopes?:
    | readonly {
        readonly id?: string | null;
        readonly value?: string | null;
        readonly type?: string | null;
        readonly adminConsentDisplayName?: string | null;
        readonly adminConsentDescription?: string | null;
        readonly isEnabled?: boolean | null;
      }[]
    | null;
  readonly appRoles?:
    | readonly {
        readonly id?: string | null;
        readonly value?: string | null;
        readonly displayName?: string | null;
        readonly description?: string | null;
        readonly allowedMemberTypes?: readonly string[] | null;
        readonly isEnabled?: boolean | null;
      }[]
    | null;
}

/**
 * A catalogue from a tenant's service principals (as read from Graph). Each resource is complete:
 * the service principal carries every scope and role the resource defines.
 */
export function catalogFromServicePrincipals(
  sps: Iterable<ServicePrincipalLike>,
  fallback: PermissionCatalog | undefined = builtInCatalog(),
): PermissionCatalog {
  const resources: CatalogResource[] = [];
  for (const sp of sps) {
    if (!sp.appId) continue;
    const scopes: PermissionInfo[] = (sp.oauth2PermissionScopes ?? []).flatMap((s) =>
      s.id && s.value
        ? [
            {
              id: s.id,
              value: s.value,
              type: 'Scope' as const,
              displayName: s.adminConsentDisplayName ?? undefined,
              description: s.adminConsentDescription ?? undefined,
              adminConsentRequired: s.type === 'Admin',
              enabled: s.isEnabled ?? true,
            },
          ]
        : [],
    );
    const roles: PermissionInfo[] = (sp.appRoles ?? []).flatMap((r) =>
      r.id && r.value && (r.allowedMemberTypes ?? ['Application']).includes('Application')
        ? [
            {
              id: r.id,
              value: r.value,
              type: 'Role' as const,
              displayName: r.displayName ?? undefined,
              description: r.description ?? undefined,
              adminConsentRequired: true,
              enabled: r.isEnabled ?? true,
            },
          ]
        : [],
    );
    resources.push({ appId: sp.appId, displayName: sp.displayName ?? sp.appId, scopes, roles, complete: true });
  }
  const tenant = new StaticPermissionCatalog(resources, RESOURCE_ALIASES);
  return fallback ? combineCatalogs(tenant, fallback) : tenant;
}

/** Looks up in order: the first catalogue that knows a resource answers. */
export function combineCatalogs(...catalogs: readonly PermissionCatalog[]): PermissionCatalog {
  return {
    getResource(appIdOrName) {
      for (const c of catalogs) {
        const r = c.getResource(appIdOrName);
        if (r) return r;
      }
      return undefined;
    },
    *resources() {
      const seen = new Set<string>();
      for (const c of catalogs) {
        for (const r of c.resources()) {
          if (seen.has(r.appId.toLowerCase())) continue;
          seen.add(r.appId.toLowerCase());
          yield r;
        }
      }
    },
  };
}

/** Finds a permission of a resource by id (any case) and, optionally, type. */
export function findPermission(
  resource: ResourceInfo,
  id: string,
  type?: 'Scope' | 'Role',
): PermissionInfo | undefined {
  const lower = id.toLowerCase();
  const pools =
    type === 'Scope' ? [resource.scopes] : type === 'Role' ? [resource.roles] : [resource.scopes, resource.roles];
  for (const pool of pools) {
    const hit = pool.find((p) => p.id.toLowerCase() === lower);
    if (hit) return hit;
  }
  return undefined;
}

/** Finds a permission of a resource by its value (e.g. "User.Read"). */
export function findPermissionByValue(
  resource: ResourceInfo,
  value: string,
  type?: 'Scope' | 'Role',
): PermissionInfo | undefined {
  const pools =
    type === 'Scope' ? [resource.scopes] : type === 'Role' ? [resource.roles] : [resource.scopes, resource.roles];
  for (const pool of pools) {
    const hit = pool.find((p) => p.value === value);
    if (hit) return hit;
  }
  return undefined;
}
