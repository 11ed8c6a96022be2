/**
 * The Graph query layer: every read the product sends, named and built with the Graph SDK's
 * request builder (`.select/.filter/.search/.top/.count/.header`). Callers (the tenant model
 * through {@link ./tenantGraph}, the audit reader, the write path) never write OData by hand.
 *
 * The builder appends `$filter` and `$search` values as given, so values are encoded here, once.
 */
import type { GraphRequest } from '@microsoft/microsoft-graph-client';
import type { AppListQuery, AppView, TenantRead } from '../../core/tenant/ports';
import type { GraphAccess } from './client';

/** Fields of the explorer's list rows: keep this narrow (memory, throughput). */
export const listSelect = ['id', 'appId', 'displayName', 'createdDateTime', 'passwordCredentials', 'keyCredentials'];
const deletedSelect = ['id', 'appId', 'displayName', 'createdDateTime', 'deletedDateTime'];
/** Fields the expanded app shows. */
export const detailSelect = [
  'id',
  'appId',
  'displayName',
  'signInAudience',
  'publisherDomain',
  'createdDateTime',
  'identifierUris',
  'api',
  'web',
  'spa',
  'publicClient',
  'isFallbackPublicClient',
  'passwordCredentials',
  'keyCredentials',
  'appRoles',
  'requiredResourceAccess',
];
const ownerSelect = ['id', 'displayName', 'userPrincipalName'];
const spSelect = ['id', 'appId', 'displayName', 'appRoleAssignmentRequired', 'accountEnabled', 'servicePrincipalType'];
const resourceSelect = ['id', 'appId', 'displayName', 'oauth2PermissionScopes', 'appRoles'];
const assignmentSelect = [
  'id',
  'appRoleId',
  'principalId',
  'principalType',
  'principalDisplayName',
  'resourceId',
  'resourceDisplayName',
];
/** Fields read from an app registration and from a service principal to link a token to them. */
export const linkAppSelect = [
  'id',
  'appId',
  'displayName',
  'identifierUris',
  'api',
  'appRoles',
  'requiredResourceAccess',
];
export const linkSpSelect = [
  'id',
  'appId',
  'displayName',
  'servicePrincipalNames',
  'oauth2PermissionScopes',
  'appRoles',
];

/** `ConsistencyLevel: eventual`: what `$search` and `$count` in a filter need (advanced queries). */
export const eventual = { ConsistencyLevel: 'eventual' } as const;

/** An OData string literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A `$filter` or `$search` value as the URL carries it (the builder does not encode). */
function encoded(expression: string): string {
  return encodeURIComponent(expression);
}

function path(...segments: string[]): string {
  return segments.map((s, i) => (i % 2 === 1 ? encodeURIComponent(s) : s)).join('/');
}

/** The path of one app registration, `/applications/{id}` (writes.ts sends its writes there). */
export function applicationPath(id: string): string {
  return path('/applications', id);
}

/** The path of one deleted directory object, `/directory/deletedItems/{id}`. */
export function deletedItemPath(id: string): string {
  return `/directory/deletedItems/${encodeURIComponent(id)}`;
}

function filtered(graph: GraphAccess, collection: string, expression: string): GraphRequest {
  return graph.api(collection).filter(encoded(expression));
}

const viewPaths: Record<AppView, { path: string; select: readonly string[] }> = {
  all: { path: '/applications', select: listSelect },
  owned: { path: '/me/ownedObjects/microsoft.graph.application', select: listSelect },
  deleted: { path: '/directory/deletedItems/microsoft.graph.application', select: deletedSelect },
};

/** The first page of an explorer list: a view, a display-name search or an appId lookup. */
export function listApplicationsPage(graph: GraphAccess, query: AppListQuery, pageSize: number): GraphRequest {
  switch (query.kind) {
    case 'view': {
      const view = viewPaths[query.view];
      return graph
        .api(view.path)
        .select([...view.select])
        .top(pageSize);
    }
    case 'search': {
      const escaped = query.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
      return graph
        .api('/applications')
        .search(encoded(`"displayName:${escaped}"`))
        .select(listSelect)
        .top(pageSize)
        .header('ConsistencyLevel', eventual.ConsistencyLevel);
    }
    case 'appId':
      return filtered(graph, '/applications', `appId eq ${odataString(query.appId)}`).select(listSelect);
  }
}

/** The page an `@odata.nextLink` points to, with the headers its list needs. */
export function nextPage(graph: GraphAccess, nextLink: string, query?: AppListQuery): GraphRequest {
  const request = graph.api(nextLink);
  return query?.kind === 'search' ? request.header('ConsistencyLevel', eventual.ConsistencyLevel) : request;
}

export function getOrganization(graph: GraphAccess): GraphRequest {
  return graph.api('/organization').select(['id', 'displayName', 'verifiedDomains']);
}

export function getSignedInUser(graph: GraphAccess): GraphRequest {
  return graph.api('/me').select(['id', 'displayName', 'userPrincipalName']);
}

/** App registrations by client id: `fields` names the properties, none for all of them. */
export function applicationsByAppId(graph: GraphAccess, appId: string, fields?: readonly string[]): GraphRequest {
  const request = filtered(graph, '/applications', `appId eq ${odataString(appId)}`);
  return fields ? request.select([...fields]) : request;
}

/** One app registration: `fields` names the properties, none for all of them (the manifest). */
export function getApplication(graph: GraphAccess, id: string, fields?: readonly string[]): GraphRequest {
  const request = graph.api(applicationPath(id));
  return fields ? request.select([...fields]) : request;
}

export function applicationOwners(graph: GraphAccess, id: string): GraphRequest {
  return graph.api(`${applicationPath(id)}/owners`).select(ownerSelect);
}

/** The service principal of an appId in this tenant. */
export function servicePrincipalOf(graph: GraphAccess, appId: string): GraphRequest {
  return filtered(graph, '/servicePrincipals', `appId eq ${odataString(appId)}`).select(spSelect);
}

/** Service principals of several appIds (Graph caps the values of one `in` clause: keep ≤ 15). */
export function servicePrincipalsByAppIds(graph: GraphAccess, appIds: readonly string[]): GraphRequest {
  return filtered(graph, '/servicePrincipals', `appId in (${appIds.map(odataString).join(',')})`).select(
    resourceSelect,
  );
}

/** App registrations' names of several appIds (≤ 15). */
export function applicationNamesByAppIds(graph: GraphAccess, appIds: readonly string[]): GraphRequest {
  return filtered(graph, '/applications', `appId in (${appIds.map(odataString).join(',')})`).select([
    'appId',
    'displayName',
  ]);
}

/** Delegated grants where the service principal is the client. */
export function grantsOfClient(graph: GraphAccess, spId: string): GraphRequest {
  return filtered(graph, '/oauth2PermissionGrants', `clientId eq ${odataString(spId)}`);
}

/** Application permissions granted to the service principal. */
export function roleAssignmentsOf(graph: GraphAccess, spId: string): GraphRequest {
  return graph.api(`${path('/servicePrincipals', spId)}/appRoleAssignments`).select(assignmentSelect);
}

/** Who is assigned to the service principal's roles (`fields`, `pageSize` for the audit's listing). */
export function roleAssignedTo(
  graph: GraphAccess,
  spId: string,
  fields: readonly string[] = assignmentSelect,
  pageSize?: number,
): GraphRequest {
  const request = graph.api(`${path('/servicePrincipals', spId)}/appRoleAssignedTo`).select([...fields]);
  return pageSize ? request.top(pageSize) : request;
}

/** Service principals by a property: the one Graph and other tenants' APIs have in every tenant. */
export function servicePrincipalsWhere(
  graph: GraphAccess,
  by: 'appId' | 'servicePrincipalName',
  value: string,
  fields: readonly string[],
): GraphRequest {
  const expression =
    by === 'appId' ? `appId eq ${odataString(value)}` : `servicePrincipalNames/any(x:x eq ${odataString(value)})`;
  return filtered(graph, '/servicePrincipals', expression).select([...fields]);
}

/** App registrations by appId or App ID URI. */
export function applicationsWhere(
  graph: GraphAccess,
  by: 'appId' | 'identifierUri',
  value: string,
  fields: readonly string[],
): GraphRequest {
  const expression =
    by === 'appId' ? `appId eq ${odataString(value)}` : `identifierUris/any(x:x eq ${odataString(value)})`;
  return filtered(graph, '/applications', expression).select([...fields]);
}

/** A `$batch` step of the tenant model's reads. */
export function tenantRead(graph: GraphAccess, read: TenantRead): GraphRequest {
  switch (read.kind) {
    case 'application':
      return getApplication(graph, read.id, detailSelect);
    case 'owners':
      return applicationOwners(graph, read.id);
    case 'servicePrincipalOf':
      return servicePrincipalOf(graph, read.appId);
    case 'grantsOfClient':
      return grantsOfClient(graph, read.spId);
    case 'assignmentsOf':
      return roleAssignmentsOf(graph, read.spId);
    case 'assignedTo':
      return roleAssignedTo(graph, read.spId);
    case 'resources':
      return servicePrincipalsByAppIds(graph, read.appIds);
    case 'applicationNames':
      return applicationNamesByAppIds(graph, read.appIds);
    case 'linkApplication':
      return applicationsWhere(graph, read.by, read.value, linkAppSelect);
    case 'linkServicePrincipal':
      return servicePrincipalsWhere(graph, read.by, read.value, linkSpSelect);
  }
}

// ---- the tenant audit's listings (pages of 999, followed to their end) ------------------------

/** Every application with the properties the audit reads, and the total (`$count`, an advanced query). */
export function auditApplications(graph: GraphAccess, fields: readonly string[], pageSize: number): GraphRequest {
  return graph
    .api('/applications')
    .select([...fields])
    .top(pageSize)
    .count(true)
    .header('ConsistencyLevel', eventual.ConsistencyLevel);
}

/** Every service principal, some fields. */
export function allServicePrincipals(graph: GraphAccess, fields: readonly string[], pageSize: number): GraphRequest {
  return graph
    .api('/servicePrincipals')
    .select([...fields])
    .top(pageSize);
}

/** Applications without an owner (`owners/$count eq 0`, an advanced query): ids only. */
export function ownerlessApplications(graph: GraphAccess, pageSize: number): GraphRequest {
  return filtered(graph, '/applications', 'owners/$count eq 0')
    .count(true)
    .select(['id'])
    .top(pageSize)
    .header('ConsistencyLevel', eventual.ConsistencyLevel);
}

/** Every delegated permission grant of the tenant. */
export function allGrants(graph: GraphAccess, fields: readonly string[], pageSize: number): GraphRequest {
  return graph
    .api('/oauth2PermissionGrants')
    .select([...fields])
    .top(pageSize);
}

/** Who holds a resource's application permissions, the resource named by its appId (alternate key). */
export function roleAssignedToByAppId(
  graph: GraphAccess,
  appId: string,
  fields: readonly string[],
  pageSize: number,
): GraphRequest {
  return graph
    .api(`/servicePrincipals(appId=${odataString(appId)})/appRoleAssignedTo`)
    .select([...fields])
    .top(pageSize);
}

// ---- the write path and its pickers --------------------------------------------------------------

/** An application's certificates with their keys (Graph returns keys only to a `$select` on one object). */
export function applicationKeys(graph: GraphAccess, id: string): GraphRequest {
  return getApplication(graph, id, ['keyCredentials']);
}

/** A resource's service principal with the permissions it publishes (the permission picker). */
export function servicePrincipalPermissions(graph: GraphAccess, appId: string): GraphRequest {
  return servicePrincipalsWhere(graph, 'appId', appId, ['appId', 'displayName', 'oauth2PermissionScopes', 'appRoles']);
}

/** One app registration by its client id (alternate key), every default property. */
export function getApplicationByAppId(graph: GraphAccess, appId: string): GraphRequest {
  return graph.api(`/applications(appId='${encodeURIComponent(appId)}')`);
}
