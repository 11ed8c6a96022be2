// Issuing the emulator's tokens: which resource a scope or audience names, the scopes consented
// for a user, and access tokens (v1 or v2) with Entra's claims, signed by the tenant's keys.
import { createHash, randomBytes } from 'node:crypto';
import { TokenError } from './identityErrors.js';
import { v1Issuer, v2Issuer } from './identityMetadata.js';
import { opaque, signJwt, type KeyRing } from './tokens.js';
import { GRAPH_APP_ID, type Application, type ServicePrincipal, type TenantStore, type User } from './types.js';

export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_ALIASES = ['https://graph.microsoft.com', GRAPH_APP_ID];
export const ACCESS_TOKEN_SECONDS = 3599;

export interface IssueTokenOptions {
  /** Resource: `graph` (default), an appId, an App ID URI or any string (used as `aud` as is). */
  audience?: string;
  /** Client application id (default: the test client). */
  clientId?: string;
  /** Delegated token for this user id (`true` = the signed-in user). App-only when absent. */
  user?: string | true;
  /** Override the roles claim (default: the app role assignments in the tenant). */
  roles?: string[];
  /** Override the scp claim for delegated tokens (default: the consented scopes). */
  scp?: string[];
  /** Token version (default: the resource's api.requestedAccessTokenVersion; Graph = 1). */
  version?: 1 | 2;
  /** Issue a token that expired an hour ago. */
  expired?: boolean;
  lifetimeSeconds?: number;
  /** Which key signs: the current one (default), the published next one, or an unpublished one. */
  key?: 'current' | 'next' | 'other';
  /** Graph-style nonce header (default: true for Microsoft Graph audiences). */
  nonce?: boolean;
  /** Extra or replaced claims. */
  claims?: Record<string, unknown>;
  /** How the client authenticated: 0 public, 1 secret, 2 certificate (default 1, or 0 for delegated). */
  clientAuth?: '0' | '1' | '2';
}

export interface ResolvedResource {
  sp: ServicePrincipal | undefined;
  app: Application | undefined;
  aud1: string;
  isGraph: boolean;
  version: 1 | 2;
}

/** What issuing needs of the emulator: its origin, the tenant and the signing keys. */
export interface IssuerOptions {
  origin: () => string;
  tenant: TenantStore;
  keys: KeyRing;
}

/** Issues the tenant's tokens (the token endpoint's grants and tests through `emulator.issueToken`). */
export class TokenIssuer {
  constructor(private readonly opts: IssuerOptions) {}

  private get tenant(): TenantStore {
    return this.opts.tenant;
  }

  /** Consented scope values of `app` for `user` on `resource`: grants (AllPrincipals or this user) plus pre-authorization. */
  grantedScopes(app: Application, user: User, resource: ResolvedResource): string[] {
    const clientSp = this.tenant.servicePrincipals.find((s) => s.appId === app.appId);
    const out = new Set<string>();
    if (clientSp && resource.sp) {
      for (const g of this.tenant.oauth2PermissionGrants) {
        if (g.clientId !== clientSp.id || g.resourceId !== resource.sp.id) continue;
        if (g.consentType === 'AllPrincipals' || g.principalId === user.id)
          for (const v of g.scope.split(/\s+/).filter(Boolean)) out.add(v);
      }
    }
    const pre = resource.app?.api?.preAuthorizedApplications?.find((p) => p.appId === app.appId);
    for (const id of pre?.delegatedPermissionIds ?? []) {
      const scope = resource.app?.api?.oauth2PermissionScopes?.find((s) => s.id === id);
      if (scope?.value) out.add(scope.value);
    }
    return [...out].filter((v) => !OIDC_SCOPES.has(v));
  }

  /** Finds the resource a scope or audience names: appId, servicePrincipalName, or the emulator's own origin (Graph). */
  resolveResource(name: string): ResolvedResource {
    const trimmed = name.replace(/\/+$/, '');
    const lower = trimmed.toLowerCase();
    const origin = this.opts.origin().toLowerCase();
    const isGraph = lower === origin || GRAPH_ALIASES.includes(lower) || lower === 'graph';
    const sp = isGraph
      ? this.tenant.servicePrincipals.find((s) => s.appId === GRAPH_APP_ID)
      : this.tenant.servicePrincipals.find(
          (s) =>
            s.appId.toLowerCase() === lower ||
            (s.servicePrincipalNames ?? []).some((n) => n.replace(/\/+$/, '').toLowerCase() === lower),
        );
    if (!sp && !isGraph) {
      throw new TokenError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${name} was not found in the tenant named ${this.tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const app = sp ? this.tenant.applications.find((a) => a.appId === sp.appId) : undefined;
    const version = isGraph ? 1 : app?.api?.requestedAccessTokenVersion === 2 ? 2 : 1;
    const aud1 = lower === 'graph' ? 'https://graph.microsoft.com' : trimmed;
    return { sp, app, aud1, isGraph, version };
  }

  /** Issues an access token (used by the token endpoint and by tests through `emulator.issueToken`). */
  async issue(opts: IssueTokenOptions, resolved?: ResolvedResource): Promise<string> {
    let resource: ResolvedResource;
    try {
      resource = resolved ?? this.resolveResource(opts.audience ?? 'graph');
    } catch {
      resource = { sp: undefined, app: undefined, aud1: opts.audience as string, isGraph: false, version: 1 };
    }
    const version = opts.version ?? resource.version;
    const clientId = opts.clientId ?? this.tenant.testClient.appId;
    const clientApp = this.tenant.applications.find((a) => a.appId === clientId);
    const clientSp = this.tenant.servicePrincipals.find((s) => s.appId === clientId);
    const userId = opts.user === true ? this.tenant.signedInUserId : opts.user;
    const user = userId ? this.tenant.users.find((u) => u.id === userId) : undefined;
    if (userId && !user) throw new Error(`issueToken: unknown user ${userId}`);
    const principalId = user?.id ?? clientSp?.id;
    const roleValues = (principal: string | undefined) =>
      this.tenant.appRoleAssignments
        .filter((a) => a.principalId === principal && a.resourceId === resource.sp?.id)
        .map((a) => resource.sp?.appRoles?.find((r) => r.id === a.appRoleId)?.value)
        .filter((v): v is string => typeof v === 'string' && v.length > 0);
    const roles = opts.roles ?? roleValues(principalId);
    const scp = user ? (opts.scp ?? (clientApp ? this.grantedScopes(clientApp, user, resource) : [])) : undefined;
    const now = Math.floor(Date.now() / 1000);
    const lifetime = opts.lifetimeSeconds ?? 3600 + Math.floor(Math.random() * 1800);
    const iat = opts.expired ? now - lifetime - 3600 : now;
    const clientAuth = opts.clientAuth ?? (user ? '0' : '1');
    const tid = this.tenant.tenantId;
    const aud = version === 2 ? (resource.sp?.appId ?? resource.aud1) : resource.aud1;
    const claims: Record<string, unknown> =
      version === 1
        ? {
            aud,
            iss: v1Issuer(this.tenant.tenantId),
            iat,
            nbf: iat,
            exp: iat + lifetime,
            ...(user ? { acr: '1', amr: ['pwd'] } : {}),
            aio: opaque.aio(),
            ...(resource.isGraph && clientApp ? { app_displayname: clientApp.displayName } : {}),
            appid: clientId,
            appidacr: clientAuth,
            ...(user ? { family_name: user.surname, given_name: user.givenName } : {}),
            idtyp: user ? 'user' : 'app',
            ...(user ? { ipaddr: '127.0.0.1', name: user.displayName } : {}),
            oid: principalId,
            rh: opaque.rh(tid),
            ...(roles.length > 0 ? { roles } : {}),
            ...(scp ? { scp: scp.join(' ') } : {}),
            sub: user ? pairwiseSub(user.id, clientId) : principalId,
            tenant_region_scope: 'NA',
            tid,
            ...(user ? { unique_name: user.userPrincipalName, upn: user.userPrincipalName } : {}),
            uti: opaque.uti(),
            ver: '1.0',
          }
        : {
            aud,
            iss: v2Issuer(this.opts.origin(), this.tenant.tenantId),
            iat,
            nbf: iat,
            exp: iat + lifetime,
            aio: opaque.aio(),
            azp: clientId,
            azpacr: clientAuth,
            idtyp: user ? 'user' : 'app',
            ...(user ? { name: user.displayName } : {}),
            oid: principalId,
            ...(user ? { preferred_username: user.userPrincipalName } : {}),
            rh: opaque.rh(tid),
            ...(roles.length > 0 ? { roles } : {}),
            ...(scp ? { scp: scp.join(' ') } : {}),
            sub: user ? pairwiseSub(user.id, clientId) : principalId,
            tid,
            uti: opaque.uti(),
            ver: '2.0',
          };
    Object.assign(claims, opts.claims ?? {});
    const key =
      opts.key === 'other' ? this.opts.keys.other : opts.key === 'next' ? this.opts.keys.next : this.opts.keys.current;
    const useNonce = opts.nonce ?? resource.isGraph;
    return signJwt(claims, key, { version, ...(useNonce ? { nonce: randomBytes(32).toString('base64url') } : {}) });
  }
}

/** Entra's `sub` is pairwise: stable per (user, application). */
export function pairwiseSub(userId: string, appId: string): string {
  return createHash('sha256').update(`${userId}|${appId}`).digest('base64url').slice(0, 43);
}
