/**
 * Run-time narrowing of Microsoft Graph JSON into the tenant model's shapes. Inputs are typed
 * with @microsoft/microsoft-graph-types but treated as untrusted: every field is checked.
 */
import type * as MSGraph from '@microsoft/microsoft-graph-types';
import type {
  AppDetail,
  AppListEntry,
  AppRoleInfo,
  CredentialInfo,
  GrantInfo,
  OwnerInfo,
  PermissionInfo,
  PermissionKind,
  RequiredResource,
  ResourceInfo,
  RoleAssignmentInfo,
  ScopeInfo,
  ServicePrincipalInfo,
} from './types';

type Loose<T> = { [K in keyof T]?: unknown };

/** A string pool so repeated values (audiences, dates' prefixes are not; ids of resources are) share memory. */
export class Interner {
  private readonly pool = new Map<string, string>();
  intern(value: string): string {
    const hit = this.pool.get(value);
    if (hit !== undefined) {
      return hit;
    }
    this.pool.set(value, value);
    return value;
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function bool(value: unknown, fallback = false): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return arr(value).filter((x): x is string => typeof x === 'string');
}

/**
 * Copies a string so it does not keep a larger parent string alive (V8 may slice JSON text).
 * Used for the few strings the list keeps per app.
 */
function own(value: string): string {
  return value.length > 12 ? (' ' + value).slice(1) : value;
}

function endTime(value: unknown): number | undefined {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** Narrows one item of an `/applications` page; undefined when id or appId is missing. */
export function toListEntry(raw: unknown, interner?: Interner): AppListEntry | undefined {
  const app = obj(raw) as Loose<MSGraph.Application>;
  const id = str(app.id);
  const appId = str(app.appId);
  if (!id || !appId) {
    return undefined;
  }
  const ends: number[] = [];
  for (const c of [...arr(app.passwordCredentials), ...arr(app.keyCredentials)]) {
    const t = endTime(obj(c).endDateTime);
    if (t !== undefined) {
      ends.push(t);
    }
  }
  const created = str(app.createdDateTime);
  const deleted = str(app.deletedDateTime);
  const entry: AppListEntry = {
    id: own(id),
    appId: own(appId),
    displayName: own(str(app.displayName) ?? ''),
    createdDateTime: created ? (interner ? interner.intern(created) : own(created)) : undefined,
    credentialEnds: ends.length ? ends : undefined,
  };
  return deleted ? { ...entry, deletedDateTime: deleted } : entry;
}

function toCredential(raw: unknown, kind: CredentialInfo['kind']): CredentialInfo | undefined {
  const c = obj(raw) as Loose<MSGraph.PasswordCredential & MSGraph.KeyCredential>;
  const keyId = str(c.keyId);
  if (!keyId) {
    return undefined;
  }
  return {
    kind,
    keyId,
    displayName: str(c.displayName) ?? undefined,
    hint: kind === 'secret' ? str(c.hint) : undefined,
    startDateTime: str(c.startDateTime),
    endDateTime: str(c.endDateTime),
    ...(kind === 'certificate' ? { type: str(c.type), usage: str(c.usage) } : {}),
  };
}

function toScope(raw: unknown): ScopeInfo | undefined {
  const s = obj(raw) as Loose<MSGraph.PermissionScope>;
  const id = str(s.id);
  if (!id) {
    return undefined;
  }
  return {
    id,
    value: str(s.value) ?? '',
    type: str(s.type) ?? 'User',
    isEnabled: bool(s.isEnabled, true),
    adminConsentDisplayName: str(s.adminConsentDisplayName),
    userConsentDisplayName: str(s.userConsentDisplayName),
  };
}

function toRole(raw: unknown): AppRoleInfo | undefined {
  const r = obj(raw) as Loose<MSGraph.AppRole>;
  const id = str(r.id);
  if (!id) {
    return undefined;
  }
  return {
    id,
    value: str(r.value),
    displayName: str(r.displayName),
    allowedMemberTypes: strings(r.allowedMemberTypes),
    isEnabled: bool(r.isEnabled, true),
  };
}

function defined<T>(items: Array<T | undefined>): T[] {
  return items.filter((x): x is T => x !== undefined);
}

export function toRequiredResources(value: unknown): RequiredResource[] {
  return defined(
    arr(value).map((raw) => {
      const r = obj(raw) as Loose<MSGraph.RequiredResourceAccess>;
      const resourceAppId = str(r.resourceAppId);
      if (!resourceAppId) {
        return undefined;
      }
      const resourceAccess = defined(
        arr(r.resourceAccess).map((a) => {
          const x = obj(a) as Loose<MSGraph.ResourceAccess>;
          const id = str(x.id);
          const type: PermissionKind | undefined =
            x.type === 'Role' ? 'Role' : x.type === 'Scope' ? 'Scope' : undefined;
          return id && type ? { id, type } : undefined;
        }),
      );
      return { resourceAppId, resourceAccess };
    }),
  );
}

function toOwner(raw: unknown): OwnerInfo | undefined {
  const o = obj(raw) as Loose<MSGraph.User> & { '@odata.type'?: unknown };
  const id = str(o.id);
  if (!id) {
    return undefined;
  }
  const type = str(o['@odata.type'])?.replace('#microsoft.graph.', '');
  return { id, displayName: str(o.displayName), userPrincipalName: str(o.userPrincipalName), type };
}

/** Narrows `GET /applications/{id}` (with the tree's $select and $expand=owners). */
export function toAppDetail(raw: unknown): AppDetail | undefined {
  const app = obj(raw) as Loose<MSGraph.Application> & { owners?: unknown };
  const id = str(app.id);
  const appId = str(app.appId);
  if (!id || !appId) {
    return undefined;
  }
  const api = obj(app.api) as Loose<MSGraph.ApiApplication>;
  const web = obj(app.web) as Loose<MSGraph.WebApplication>;
  const implicit = obj(web.implicitGrantSettings) as Loose<MSGraph.ImplicitGrantSettings>;
  const version = api.requestedAccessTokenVersion;
  return {
    id,
    appId,
    displayName: str(app.displayName) ?? '',
    signInAudience: str(app.signInAudience),
    publisherDomain: str(app.publisherDomain),
    createdDateTime: str(app.createdDateTime),
    requestedAccessTokenVersion: typeof version === 'number' ? version : null,
    identifierUris: strings(app.identifierUris),
    webRedirectUris: strings(web.redirectUris),
    spaRedirectUris: strings(obj(app.spa).redirectUris),
    publicClientRedirectUris: strings(obj(app.publicClient).redirectUris),
    implicitIdTokens: bool(implicit.enableIdTokenIssuance),
    implicitAccessTokens: bool(implicit.enableAccessTokenIssuance),
    isFallbackPublicClient: bool(app.isFallbackPublicClient),
    credentials: [
      ...defined(arr(app.passwordCredentials).map((c) => toCredential(c, 'secret'))),
      ...defined(arr(app.keyCredentials).map((c) => toCredential(c, 'certificate'))),
    ],
    scopes: defined(arr(api.oauth2PermissionScopes).map(toScope)),
    appRoles: defined(arr(app.appRoles).map(toRole)),
    preAuthorizedApplications: defined(
      arr(api.preAuthorizedApplications).map((p) => {
        const x = obj(p) as Loose<MSGraph.PreAuthorizedApplication>;
        const a = str(x.appId);
        return a
          ? {
              appId: a,
              permissionIds: strings(x.delegatedPermissionIds ?? (x as Record<string, unknown>).permissionIds),
            }
          : undefined;
      }),
    ),
    requiredResourceAccess: toRequiredResources(app.requiredResourceAccess),
    owners: Array.isArray(app.owners) ? defined(app.owners.map(toOwner)) : undefined,
  };
}

export function toServicePrincipal(raw: unknown): ServicePrincipalInfo | undefined {
  const sp = obj(raw) as Loose<MSGraph.ServicePrincipal>;
  const id = str(sp.id);
  const appId = str(sp.appId);
  if (!id || !appId) {
    return undefined;
  }
  return {
    id,
    appId,
    displayName: str(sp.displayName) ?? str(sp.appDisplayName) ?? appId,
    appRoleAssignmentRequired: bool(sp.appRoleAssignmentRequired),
    accountEnabled: bool(sp.accountEnabled, true),
    servicePrincipalType: str(sp.servicePrincipalType),
  };
}

/** A resource service principal with the permissions it defines. */
export function toResource(raw: unknown, interner?: Interner): ResourceInfo | undefined {
  const sp = obj(raw) as Loose<MSGraph.ServicePrincipal>;
  const id = str(sp.id);
  const appId = str(sp.appId);
  if (!id || !appId) {
    return undefined;
  }
  const i = (s: string): string => (interner ? interner.intern(s) : s);
  const permissions = new Map<string, PermissionInfo>();
  for (const s of arr(sp.oauth2PermissionScopes)) {
    const scope = toScope(s);
    if (scope) {
      permissions.set(`Scope:${scope.id}`, {
        id: scope.id,
        value: i(scope.value),
        kind: 'Scope',
        adminConsentRequired: scope.type === 'Admin',
      });
    }
  }
  for (const r of arr(sp.appRoles)) {
    const role = toRole(r);
    if (role && (role.allowedMemberTypes.length === 0 || role.allowedMemberTypes.includes('Application'))) {
      permissions.set(`Role:${role.id}`, {
        id: role.id,
        value: i(role.value ?? role.displayName ?? role.id),
        kind: 'Role',
        adminConsentRequired: true,
      });
    }
  }
  return {
    appId,
    displayName: str(sp.displayName) ?? str(sp.appDisplayName) ?? appId,
    spId: id,
    permissions,
    complete: true,
  };
}

export function toGrant(raw: unknown): GrantInfo | undefined {
  const g = obj(raw) as Loose<MSGraph.OAuth2PermissionGrant>;
  const id = str(g.id);
  const clientId = str(g.clientId);
  const resourceId = str(g.resourceId);
  if (!id || !clientId || !resourceId) {
    return undefined;
  }
  return {
    id,
    clientId,
    resourceId,
    consentType: str(g.consentType) ?? '',
    principalId: str(g.principalId),
    scope: str(g.scope) ?? '',
  };
}

export function toRoleAssignment(raw: unknown): RoleAssignmentInfo | undefined {
  const a = obj(raw) as Loose<MSGraph.AppRoleAssignment>;
  const id = str(a.id);
  const appRoleId = str(a.appRoleId);
  const principalId = str(a.principalId);
  const resourceId = str(a.resourceId);
  if (!id || !appRoleId || !principalId || !resourceId) {
    return undefined;
  }
  return {
    id,
    appRoleId,
    principalId,
    resourceId,
    principalType: str(a.principalType),
    principalDisplayName: str(a.principalDisplayName),
    resourceDisplayName: str(a.resourceDisplayName),
  };
}

export function values(body: unknown): unknown[] {
  return arr(obj(body).value);
}

export { defined };
