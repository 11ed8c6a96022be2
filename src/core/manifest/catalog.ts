// Permission catalogues: a small built-in one (well-known Microsoft Graph permissions with their
// real ids), one built from a tenant's service principals, and a way to combine them.
import type { PermissionCatalog, PermissionInfo, ResourceInfo } from './types';

import { AZURE_AD_GRAPH_APP_ID, AZURE_KEY_VAULT_APP_ID, AZURE_RESOURCE_MANAGER_APP_ID, AZURE_STORAGE_APP_ID, EXCHANGE_ONLINE_APP_ID, FIRST_PARTY_APPS, MICROSOFT_GRAPH_APP_ID, SHAREPOINT_ONLINE_APP_ID } from '../entra/ids';

export { AZURE_AD_GRAPH_APP_ID, MICROSOFT_GRAPH_APP_ID };

type CatalogResource = ResourceInfo & { readonly complete: boolean };

/** A catalogue over a list of resources, indexed by appId and by display name (case-insensitive). */
export class StaticPermissionCatalog implements PermissionCatalog {
  private readonly byKey = new Map<string, CatalogResource>();
  private readonly list: CatalogResource[] = [];

  constructor(resources: Iterable<CatalogResource>, aliases: Readonly<Record<string, string>> = {}) {
    for (const r of resources) {
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

const scope = (id: string, value: string, displayName: string, adminConsentRequired: boolean): PermissionInfo => ({ id, value, type: 'Scope', displayName, adminConsentRequired, enabled: true });
const role = (id: string, value: string, displayName: string): PermissionInfo => ({ id, value, type: 'Role', displayName, adminConsentRequired: true, enabled: true });

/** Well-known Microsoft Graph delegated permissions (ids checked against Microsoft's Graph service principal). */
const graphScopes: readonly PermissionInfo[] = [
  scope('e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'Sign in and read user profile', false),
  scope('b340eb25-3456-403f-be2f-af7a0d370277', 'User.ReadBasic.All', "Read all users' basic profiles", false),
  scope('a154be20-db9c-4678-8ab7-66f6cc099a59', 'User.Read.All', "Read all users' full profiles", true),
  scope('37f7f235-527c-4136-accd-4a02d197296e', 'openid', 'Sign users in', false),
  scope('14dad69e-099b-42c9-810b-d002981feec1', 'profile', "View users' basic profile", false),
  scope('64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', 'email', "View users' email address", false),
  scope('7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'offline_access', 'Maintain access to data you have given it access to', false),
  scope('c79f8feb-a9db-4090-85f9-90d820caa0eb', 'Application.Read.All', 'Read applications', true),
  scope('bdfbf15f-ee85-4955-8675-146e8e5296b5', 'Application.ReadWrite.All', 'Read and write applications', true),
  scope('06da0dbc-49e2-44d2-8312-53f166ab848a', 'Directory.Read.All', 'Read directory data', true),
  scope('c5366453-9fb0-48a5-a156-24f0c49a4b84', 'Directory.ReadWrite.All', 'Read and write directory data', true),
  scope('5f8c59db-677d-491f-a6b8-5f174b11ec1d', 'Group.Read.All', 'Read all groups', true),
  scope('570282fd-fa5c-430d-a7fd-fc8dc98a9dca', 'Mail.Read', 'Read user mail', false),
  scope('e383f46e-2787-4529-855e-0e479a3ffac0', 'Mail.Send', 'Send mail as a user', false),
  scope('465a38f9-76ea-45b9-9f34-9e8b0d4b0b42', 'Calendars.Read', 'Read user calendars', false),
  scope('df85f4d6-205c-4ac5-a5ea-6bf408dba283', 'Files.Read.All', 'Read all files that user can access', false),
  scope('205e70e5-aba6-4c52-a976-6d2d46c48043', 'Sites.Read.All', 'Read items in all site collections', false),
];

/** Well-known Microsoft Graph application permissions (app roles). */
const graphRoles: readonly PermissionInfo[] = [
  role('df021288-bdef-4463-88db-98f22de89214', 'User.Read.All', "Read all users' full profiles"),
  role('97235f07-e226-4f63-ace3-39588e11d3a1', 'User.ReadBasic.All', "Read all users' basic profiles"),
  role('9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Application.Read.All', 'Read all applications'),
  role('1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All', 'Read and write all applications'),
  role('7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'Directory.Read.All', 'Read directory data'),
  role('19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All', 'Read and write directory data'),
  role('5b567255-7703-4780-807c-7be8301ae99b', 'Group.Read.All', 'Read all groups'),
  role('810c84a8-4a9e-49e6-bf7d-12d183f40d01', 'Mail.Read', 'Read mail in all mailboxes'),
  role('b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Mail.Send', 'Send mail as any user'),
  role('798ee544-9d2d-430c-a058-570e29e34338', 'Calendars.Read', 'Read calendars in all mailboxes'),
  role('01d4889c-1287-42c6-ac1f-5d1e02578ef6', 'Files.Read.All', 'Read files in all site collections'),
  role('332a536c-c7ef-4017-ab91-336970924f0d', 'Sites.Read.All', 'Read items in all site collections'),
];

/** First-party resources known by name (their permissions are not listed in the built-in catalogue). */
const firstParty: readonly [string, string][] = [AZURE_AD_GRAPH_APP_ID, AZURE_RESOURCE_MANAGER_APP_ID, SHAREPOINT_ONLINE_APP_ID, EXCHANGE_ONLINE_APP_ID, AZURE_STORAGE_APP_ID, AZURE_KEY_VAULT_APP_ID].map(
  (id) => [id, FIRST_PARTY_APPS.get(id)!] as [string, string],
);

/** Other names people (and Teams Toolkit templates) use for the same resources. */
export const RESOURCE_ALIASES: Readonly<Record<string, string>> = {
  'Azure Service Management API': AZURE_RESOURCE_MANAGER_APP_ID,
  'Azure Active Directory Graph': AZURE_AD_GRAPH_APP_ID,
  Graph: MICROSOFT_GRAPH_APP_ID,
};

let builtIn: StaticPermissionCatalog | undefined;

/** The built-in catalogue: a handful of well-known permissions; not complete (unknown ids are not errors). */
export function builtInCatalog(): PermissionCatalog {
  builtIn ??= new StaticPermissionCatalog(
    [
      { appId: MICROSOFT_GRAPH_APP_ID, displayName: 'Microsoft Graph', scopes: graphScopes, roles: graphRoles, complete: false },
      ...firstParty.map(([appId, displayName]) => ({ appId, displayName, scopes: [], roles: [], complete: false })),
    ],
    RESOURCE_ALIASES,
  );
  return builtIn;
}

/** The parts of a Graph servicePrincipal this module reads. */
export interface ServicePrincipalLike {
  readonly appId?: string | null;
  readonly displayName?: string | null;
  readonly oauth2PermissionScopes?: readonly {
    readonly id?: string | null;
    readonly value?: string | null;
    readonly type?: string | null;
    readonly adminConsentDisplayName?: string | null;
    readonly adminConsentDescription?: string | null;
    readonly isEnabled?: boolean | null;
  }[] | null;
  readonly appRoles?: readonly {
    readonly id?: string | null;
    readonly value?: string | null;
    readonly displayName?: string | null;
    readonly description?: string | null;
    readonly allowedMemberTypes?: readonly string[] | null;
    readonly isEnabled?: boolean | null;
  }[] | null;
}

/**
 * A catalogue from a tenant's service principals (as read from Graph). Each resource is complete:
 * the service principal carries every scope and role the resource defines.
 */
export function catalogFromServicePrincipals(sps: Iterable<ServicePrincipalLike>, fallback: PermissionCatalog | undefined = builtInCatalog()): PermissionCatalog {
  const resources: CatalogResource[] = [];
  for (const sp of sps) {
    if (!sp.appId) continue;
    const scopes: PermissionInfo[] = (sp.oauth2PermissionScopes ?? []).flatMap((s) =>
      s.id && s.value
        ? [{ id: s.id, value: s.value, type: 'Scope' as const, displayName: s.adminConsentDisplayName ?? undefined, description: s.adminConsentDescription ?? undefined, adminConsentRequired: s.type === 'Admin', enabled: s.isEnabled ?? true }]
        : [],
    );
    const roles: PermissionInfo[] = (sp.appRoles ?? []).flatMap((r) =>
      r.id && r.value && (r.allowedMemberTypes ?? ['Application']).includes('Application')
        ? [{ id: r.id, value: r.value, type: 'Role' as const, displayName: r.displayName ?? undefined, description: r.description ?? undefined, adminConsentRequired: true, enabled: r.isEnabled ?? true }]
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
export function findPermission(resource: ResourceInfo, id: string, type?: 'Scope' | 'Role'): PermissionInfo | undefined {
  const lower = id.toLowerCase();
  const pools = type === 'Scope' ? [resource.scopes] : type === 'Role' ? [resource.roles] : [resource.scopes, resource.roles];
  for (const pool of pools) {
    const hit = pool.find((p) => p.id.toLowerCase() === lower);
    if (hit) return hit;
  }
  return undefined;
}

/** Finds a permission of a resource by its value (e.g. "User.Read"). */
export function findPermissionByValue(resource: ResourceInfo, value: string, type?: 'Scope' | 'Role'): PermissionInfo | undefined {
  const pools = type === 'Scope' ? [resource.scopes] : type === 'Role' ? [resource.roles] : [resource.scopes, resource.roles];
  for (const pool of pools) {
    const hit = pool.find((p) => p.value === value);
    if (hit) return hit;
  }
  return undefined;
}
