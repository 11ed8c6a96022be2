// What the tenant rules share: documentation links and readers of Graph's JSON.
import type { AuditApp, AuditContext } from '../types';

export const DAY = 86_400_000;
export const BEST = 'https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration';
export const CREDS = 'https://learn.microsoft.com/entra/identity/enterprise-apps/migrate-applications-from-secrets';
export const OWNERS = 'https://learn.microsoft.com/entra/identity/enterprise-apps/overview-assign-app-owners';
export const PERMS = 'https://learn.microsoft.com/graph/permissions-overview';
export const CONSENT = 'https://learn.microsoft.com/entra/identity/enterprise-apps/manage-consent-requests';
export const PUBLISHER = 'https://learn.microsoft.com/entra/identity-platform/publisher-verification-overview';
export const REPLY = 'https://learn.microsoft.com/entra/identity-platform/reply-url';
export const ASSIGN = 'https://learn.microsoft.com/entra/identity-platform/howto-restrict-your-app-to-a-set-of-users';

type Json = Record<string, unknown>;
export const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
export const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const day = (t: number): string => new Date(t).toISOString().slice(0, 10);

export const publicClientOnly = (app: AuditApp): boolean => {
  const web = arr(obj(app.json.web)?.redirectUris).length;
  const spa = arr(obj(app.json.spa)?.redirectUris).length;
  return web === 0 && spa === 0 && arr(obj(app.json.publicClient)?.redirectUris).length > 0;
};

/** Application permissions the app's service principal holds, on resources whose assignments were read. */
export function grantedRoles(app: AuditApp, ctx: AuditContext): readonly { appRoleId: string; resourceId: string }[] {
  const sp = ctx.spByAppId.get(app.appId.toLowerCase());
  return sp ? (ctx.assignmentsByPrincipal.get(sp.id) ?? []) : [];
}

export const requestsRoles = (app: AuditApp): boolean =>
  arr(app.json.requiredResourceAccess).some((r) => arr(obj(r)?.resourceAccess).some((a) => obj(a)?.type === 'Role'));
