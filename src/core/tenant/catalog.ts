/**
 * The manifest language service's permission catalogue fed by a tenant: the resources whose
 * service principals the tenant model has read (names cache), then the built-in catalogue. Built
 * from what is cached only: never a request. The cache goes through the same catalogue file
 * format that `catalog pull` writes to `.entra/catalog.json`.
 */
import { builtInCatalog, combineCatalogs, type ServicePrincipalLike } from '../manifest/catalog';
import { catalogFileFromServicePrincipals, catalogFromFile, type CatalogFile } from '../manifest/catalogFile';
import type { PermissionCatalog } from '../manifest/types';
import type { NameCache } from './nameCache';
import type { ResourceInfo } from './types';

/** A cached resource in the shape of a Graph service principal (only what the catalogue reads). */
export function resourceAsServicePrincipal(resource: ResourceInfo): ServicePrincipalLike {
  const scopes: NonNullable<ServicePrincipalLike['oauth2PermissionScopes']>[number][] = [];
  const roles: NonNullable<ServicePrincipalLike['appRoles']>[number][] = [];
  for (const p of resource.permissions.values()) {
    if (p.kind === 'Scope') {
      scopes.push({ id: p.id, value: p.value, type: p.adminConsentRequired ? 'Admin' : 'User', isEnabled: true });
    } else {
      roles.push({ id: p.id, value: p.value, allowedMemberTypes: ['Application'], isEnabled: true });
    }
  }
  return { appId: resource.appId, displayName: resource.displayName, oauth2PermissionScopes: scopes, appRoles: roles };
}

/** The catalogue file content of one tenant's cached resources (complete ones only). */
export function namesCatalogFile(names: NameCache, meta: { tenantId?: string; pulledAt?: string } = {}): CatalogFile {
  return catalogFileFromServicePrincipals(
    [...names.allResources.values()].filter((r) => r.complete).map(resourceAsServicePrincipal),
    meta,
  );
}

/** One tenant's resources read from its service principals (complete ones only), rebuilt when its names change. */
export function namesCatalog(names: NameCache): PermissionCatalog {
  return names.derived(namesCatalog, () => catalogFromFile(namesCatalogFile(names), undefined));
}

/**
 * The catalogue of one or more tenants (the first that knows a resource answers), then the
 * built-in one. The model's built-in partial Microsoft Graph entry is left to the built-in catalogue.
 */
export function tenantCatalog(caches: readonly NameCache[]): PermissionCatalog {
  return caches.length ? combineCatalogs(...caches.map(namesCatalog), builtInCatalog()) : builtInCatalog();
}
