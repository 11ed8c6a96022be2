/**
 * Resolves a token's `aud` and `azp`/`appid` to what the tenant knows about the app: its app
 * registration (by appId or App ID URI), else its service principal (APIs registered in other
 * tenants, such as Microsoft Graph). One Graph request per lookup (a `$batch` of both queries),
 * answers (also "not found") cached until the model is reset; app details the explorer already
 * loaded answer without a request.
 */
import type {
  LinkedApp,
  LinkedPermission,
  RequestedConsent,
  RequestedPermission,
  TokenTenantLinker,
} from '../token/linker';
import type { PermissionStatus } from './consent';
import type { ReadAnswer, ReadRequest, TenantGraph } from './ports';
import { toResource, values } from './narrow';
import type { AppDetail, ResourceInfo } from './types';
import { isGuid } from '../entra/ids';
import { withoutTrailingSlashes } from '../text/trailing';

/** What the resolver needs from the tenant model. */
export interface LinkSource {
  readonly graph: Pick<TenantGraph, 'readMany' | 'errorOf'>;
  /** An app registration's details already loaded by the explorer (no request), by appId. */
  loadedApp(appId: string): AppDetail | undefined;
  /** Consent states of a loaded app's requested permissions (no request), by appId. */
  loadedPermissions?(appId: string): readonly PermissionStatus[] | undefined;
  /** Told about service principals read on the way (their names feed the permission names cache). */
  onResource?(resource: ResourceInfo): void;
}

/** Normal form of a lookup key: GUIDs lower-case, URIs without trailing slashes (case kept for the query). */
export function linkKey(appIdOrUri: string): string {
  const trimmed = appIdOrUri.trim();
  return isGuid(trimmed) ? trimmed.toLowerCase() : withoutTrailingSlashes(trimmed).toLowerCase();
}

export function isGuidKey(text: string): boolean {
  return isGuid(text.trim());
}

function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function permission(raw: unknown, names: { display: string; description: string }): LinkedPermission | undefined {
  const p = obj(raw);
  const value = str(p.value);
  if (!value) {
    return undefined;
  }
  const id = str(p.id);
  const displayName = str(p[names.display]);
  const description = str(p[names.description]);
  const members = Array.isArray(p.allowedMemberTypes)
    ? p.allowedMemberTypes.filter((m): m is string => typeof m === 'string')
    : undefined;
  return {
    value,
    ...(id ? { id } : {}),
    ...(displayName ? { displayName } : {}),
    ...(description ? { description } : {}),
    ...(members ? { allowedMemberTypes: members } : {}),
  };
}

function permissions(list: unknown, names: { display: string; description: string }): LinkedPermission[] {
  return arr(list)
    .map((p) => permission(p, names))
    .filter((p): p is LinkedPermission => p !== undefined);
}

const scopeNames = { display: 'adminConsentDisplayName', description: 'adminConsentDescription' };
const roleNames = { display: 'displayName', description: 'description' };

/** An app registration (Graph JSON) as a linked app; undefined without appId. */
export function linkedFromApplication(raw: unknown): LinkedApp | undefined {
  const app = obj(raw);
  const appId = str(app.appId);
  if (!appId) {
    return undefined;
  }
  return {
    appId,
    displayName: str(app.displayName) ?? appId,
    identifierUris: arr(app.identifierUris).filter((u): u is string => typeof u === 'string'),
    scopes: permissions(obj(app.api).oauth2PermissionScopes, scopeNames),
    roles: permissions(app.appRoles, roleNames),
    ...('api' in app ? { accessTokenVersion: accessTokenVersion(obj(app.api).requestedAccessTokenVersion) } : {}),
    ...(Array.isArray(app.requiredResourceAccess) ? { requested: requestedFrom(app.requiredResourceAccess) } : {}),
  };
}

function accessTokenVersion(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

/** requiredResourceAccess (Graph JSON or the explorer's model) as a flat list. */
function requestedFrom(list: unknown): RequestedPermission[] {
  return arr(list).flatMap((r) => {
    const resourceAppId = str(obj(r).resourceAppId);
    if (!resourceAppId) return [];
    return arr(obj(r).resourceAccess).flatMap((a) => {
      const id = str(obj(a).id);
      const type = str(obj(a).type);
      return id && type ? [{ resourceAppId, id, type }] : [];
    });
  });
}

function consentFrom(statuses: readonly PermissionStatus[]): RequestedConsent[] {
  return statuses.map((p) => ({
    resourceAppId: p.resourceAppId,
    permissionId: p.permissionId,
    kind: p.kind,
    ...(p.value !== undefined ? { value: p.value } : {}),
    granted: p.state === 'unknown' ? undefined : p.state !== 'notGranted',
  }));
}

/** A service principal (Graph JSON) as a linked app: its names other than the appId stand for the App ID URIs. */
export function linkedFromServicePrincipal(raw: unknown): LinkedApp | undefined {
  const sp = obj(raw);
  const appId = str(sp.appId);
  if (!appId) {
    return undefined;
  }
  return {
    appId,
    displayName: str(sp.displayName) ?? appId,
    identifierUris: arr(sp.servicePrincipalNames).filter(
      (n): n is string => typeof n === 'string' && n.toLowerCase() !== appId.toLowerCase(),
    ),
    scopes: permissions(sp.oauth2PermissionScopes, scopeNames),
    roles: permissions(sp.appRoles, roleNames),
  };
}

/** Details the explorer loaded (no request), with the consent states it computed when given. */
export function linkedFromDetail(app: AppDetail, statuses?: readonly PermissionStatus[]): LinkedApp {
  return {
    appId: app.appId,
    displayName: app.displayName || app.appId,
    identifierUris: app.identifierUris,
    scopes: app.scopes
      .filter((s) => s.value)
      .map((s) => ({
        value: s.value,
        id: s.id,
        ...(s.adminConsentDisplayName ? { displayName: s.adminConsentDisplayName } : {}),
      })),
    roles: app.appRoles.flatMap((r) =>
      r.value
        ? [
            {
              value: r.value,
              id: r.id,
              allowedMemberTypes: r.allowedMemberTypes,
              ...(r.displayName ? { displayName: r.displayName } : {}),
            },
          ]
        : [],
    ),
    accessTokenVersion: app.requestedAccessTokenVersion,
    requested: requestedFrom(app.requiredResourceAccess),
    ...(statuses ? { consent: consentFrom(statuses) } : {}),
  };
}

/** The two reads of one lookup: the app registration first, the service principal as fallback. */
export function linkRequests(appIdOrUri: string): ReadRequest[] {
  const value = appIdOrUri.trim();
  if (isGuidKey(value)) {
    const appId = value.toLowerCase();
    return [
      { id: 'app', read: { kind: 'linkApplication', by: 'appId', value: appId } },
      { id: 'sp', read: { kind: 'linkServicePrincipal', by: 'appId', value: appId } },
    ];
  }
  return [
    { id: 'app', read: { kind: 'linkApplication', by: 'identifierUri', value } },
    { id: 'sp', read: { kind: 'linkServicePrincipal', by: 'servicePrincipalName', value } },
  ];
}

/** Per-tenant resolver with its cache (kept by the tenant model). */
export class AppLinkCache implements TokenTenantLinker {
  private readonly answers = new Map<string, LinkedApp | null>();
  private readonly pending = new Map<string, Promise<LinkedApp | undefined>>();

  constructor(private readonly source: LinkSource) {}

  /** A cached answer: a linked app, null for "not in this tenant", undefined when never asked. */
  peek(appIdOrUri: string): LinkedApp | null | undefined {
    const key = linkKey(appIdOrUri);
    const cached = this.answers.get(key);
    // Details the explorer loaded are at least as fresh as a cached answer and carry consent states.
    const appId = isGuidKey(key) ? key : cached?.appId.toLowerCase();
    const loaded = appId ? this.source.loadedApp(appId) : undefined;
    if (loaded && appId) {
      return linkedFromDetail(loaded, this.source.loadedPermissions?.(appId));
    }
    return cached;
  }

  async resolveApp(appIdOrUri: string): Promise<LinkedApp | undefined> {
    const key = linkKey(appIdOrUri);
    if (!key) {
      return undefined;
    }
    const known = this.peek(key);
    if (known !== undefined) {
      return known ?? undefined;
    }
    let run = this.pending.get(key);
    if (!run) {
      run = this.fetch(appIdOrUri, key).finally(() => this.pending.delete(key));
      this.pending.set(key, run);
    }
    return run;
  }

  /** Forgets every answer (refresh). */
  clear(): void {
    this.answers.clear();
  }

  /** Forgets the answers about one app (after its registration was re-read). */
  forget(appId: string): void {
    for (const [key, app] of this.answers) {
      if (key === appId.toLowerCase() || app?.appId.toLowerCase() === appId.toLowerCase()) {
        this.answers.delete(key);
      }
    }
  }

  private async fetch(appIdOrUri: string, key: string): Promise<LinkedApp | undefined> {
    const requests = linkRequests(appIdOrUri);
    const responses = await this.source.graph.readMany(requests);
    const ok = (id: string): ReadAnswer | undefined => {
      const r = responses.get(id);
      return r && r.status >= 200 && r.status < 300 ? r : undefined;
    };
    const appResponse = ok('app');
    const spResponse = ok('sp');
    const spRaw = spResponse ? values(spResponse.body)[0] : undefined;
    if (spRaw !== undefined) {
      const resource = toResource(spRaw);
      if (resource) {
        this.source.onResource?.(resource);
      }
    }
    const linked =
      (appResponse ? linkedFromApplication(values(appResponse.body)[0]) : undefined) ??
      (spRaw !== undefined ? linkedFromServicePrincipal(spRaw) : undefined);
    if (linked) {
      this.remember(key, linked);
      return linked;
    }
    if (appResponse && spResponse) {
      // Both answered and neither knows it: not in this tenant.
      this.answers.set(key, null);
      return undefined;
    }
    // A query failed (e.g. no permission to read service principals): say why, cache nothing.
    const failed = requests.find((r) => !ok(r.id) && responses.get(r.id));
    if (failed) {
      throw this.source.graph.errorOf(responses.get(failed.id)!, failed.read);
    }
    return undefined;
  }

  private remember(key: string, app: LinkedApp): void {
    this.answers.set(key, app);
    this.answers.set(app.appId.toLowerCase(), app);
    for (const uri of app.identifierUris ?? []) {
      this.answers.set(linkKey(uri), app);
    }
  }
}

/** Something with a tenant id and a resolver: one signed-in tenant. */
export interface LinkTenant {
  /** Tenant id (GUID) when known, else the configured tenant. */
  readonly tenantId: string;
  readonly links: TokenTenantLinker;
}

/**
 * Resolves across signed-in tenants: the tenant whose id equals the token's `tid` first, then the
 * others in order. A tenant that fails does not stop the others; the first failure is thrown only
 * when no tenant knows the app.
 */
export async function resolveAcrossTenants(
  tenants: readonly LinkTenant[],
  appIdOrUri: string,
  tid: string | null | undefined,
): Promise<LinkedApp | undefined> {
  const wanted = tid?.toLowerCase();
  const ordered = wanted
    ? [
        ...tenants.filter((t) => t.tenantId.toLowerCase() === wanted),
        ...tenants.filter((t) => t.tenantId.toLowerCase() !== wanted),
      ]
    : [...tenants];
  let firstError: unknown;
  for (const t of ordered) {
    try {
      const hit = await t.links.resolveApp(appIdOrUri);
      if (hit) {
        return hit;
      }
    } catch (err) {
      firstError ??= err;
    }
  }
  if (firstError !== undefined) {
    throw firstError;
  }
  return undefined;
}
