// Permission rules: high-privilege roles and tenant-wide delegated grants, requested permissions
// that were never granted.
import { findPermission } from '../../manifest/catalog';
import { HIGH_PRIVILEGE_APP_ROLES, HIGH_PRIVILEGE_SCOPES, MICROSOFT_GRAPH_APP_ID } from '../highPrivilege';
import type { AuditApp, AuditContext, AuditRule } from '../types';
import { arr, CONSENT, grantedRoles, obj, PERMS, str } from './shared';

export const highPrivilegeGranted: AuditRule = {
  id: 'audit-high-privilege-granted',
  severity: 'error',
  title: 'High-privilege Microsoft Graph application permissions granted (admin-consented), not only requested.',
  risk: 'Whoever holds a credential of the app can act on the whole tenant without any user, e.g. make itself Global Administrator or read every mailbox.',
  action:
    'Replace the permission with a narrower one (.Read, .Selected, .OwnedBy, or delegated), or remove the grant in Enterprise applications > Permissions.',
  docs: PERMS,
  check(app, ctx, report) {
    if (!ctx.graphSpId) return;
    const requested = rraIndex(app);
    for (const a of grantedRoles(app, ctx)) {
      if (a.resourceId !== ctx.graphSpId) continue;
      const role = HIGH_PRIVILEGE_APP_ROLES.get(a.appRoleId.toLowerCase());
      if (!role) continue;
      const path =
        requested.get(`${MICROSOFT_GRAPH_APP_ID}|Role|${a.appRoleId.toLowerCase()}`) ?? '/requiredResourceAccess';
      report(
        path,
        `${role.value} is granted: without a user, the app can ${role.allows}. Use a narrower permission or remove the grant.`,
      );
    }
  },
};

export const highPrivilegeDelegatedForAll: AuditRule = {
  id: 'audit-high-privilege-consent-all',
  severity: 'warning',
  title: 'High-privilege Microsoft Graph delegated permissions consented for all users (consentType AllPrincipals).',
  risk: "Every user of the tenant has granted these permissions to the app; a compromised app or token acts with each signed-in user's full rights.",
  action:
    'Review the grant; keep admin consent for all users to low-privilege scopes and ask for the others per user or not at all.',
  docs: CONSENT,
  check(app, ctx, report) {
    if (!ctx.graphSpId || !ctx.grantsByClient) return;
    const sp = ctx.spByAppId.get(app.appId.toLowerCase());
    if (!sp) return;
    for (const g of ctx.grantsByClient.get(sp.id) ?? []) {
      if (g.consentType !== 'AllPrincipals' || g.resourceId !== ctx.graphSpId) continue;
      const high = g.scope.split(' ').filter((s) => s && HIGH_PRIVILEGE_SCOPES.has(s.toLowerCase()));
      if (high.length)
        report(
          '/requiredResourceAccess',
          `${high.join(', ')} ${high.length === 1 ? 'is' : 'are'} consented for all users of the tenant. Review the grant.`,
        );
    }
  },
};

/** `${resourceAppId}|${type}|${id}` (lower case) → JSON pointer of the requiredResourceAccess entry. */
function rraIndex(app: AuditApp): Map<string, string> {
  const out = new Map<string, string>();
  arr(app.json.requiredResourceAccess).forEach((r, i) => {
    const res = obj(r);
    const resourceAppId = str(res?.resourceAppId)?.toLowerCase();
    if (!resourceAppId) return;
    arr(res?.resourceAccess).forEach((a, j) => {
      const access = obj(a);
      const id = str(access?.id)?.toLowerCase();
      const type = str(access?.type);
      if (id && type) out.set(`${resourceAppId}|${type}|${id}`, `/requiredResourceAccess/${i}/resourceAccess/${j}`);
    });
  });
  return out;
}

/** The value of a scope or app role of a resource: from the tenant's own app registration, else the catalogue. */
function permissionValue(
  resourceAppId: string,
  id: string,
  type: 'Scope' | 'Role',
  ctx: AuditContext,
): string | undefined {
  const own = ctx.appByAppId.get(resourceAppId);
  if (own) {
    const list = type === 'Scope' ? obj(own.json.api)?.oauth2PermissionScopes : own.json.appRoles;
    return str(
      arr(list)
        .map(obj)
        .find((p) => str(p?.id)?.toLowerCase() === id)?.value,
    );
  }
  if (type === 'Role') {
    const high = resourceAppId === MICROSOFT_GRAPH_APP_ID ? HIGH_PRIVILEGE_APP_ROLES.get(id)?.value : undefined;
    if (high) return high;
  }
  const resource = ctx.catalog?.getResource(resourceAppId);
  return resource ? findPermission(resource, id, type)?.value : undefined;
}

export const requestedNotGranted: AuditRule = {
  id: 'audit-permission-not-granted',
  severity: 'info',
  title: 'Permissions requested in the app registration but never granted in this tenant.',
  risk: 'Leftover requests widen what a later admin consent grants at once, and make reviews harder.',
  action: 'Remove the permission from the app registration if the app does not need it; otherwise grant it.',
  docs: PERMS,
  check(app, ctx, report) {
    const sp = ctx.spByAppId.get(app.appId.toLowerCase());
    if (!sp) return;
    const roles = new Set(grantedRoles(app, ctx).map((a) => `${a.resourceId}|${a.appRoleId.toLowerCase()}`));
    const grants = ctx.grantsByClient?.get(sp.id) ?? [];
    arr(app.json.requiredResourceAccess).forEach((r, i) => {
      const res = obj(r);
      const resourceAppId = str(res?.resourceAppId)?.toLowerCase();
      const resource = resourceAppId ? ctx.spByAppId.get(resourceAppId) : undefined;
      if (!resourceAppId || !resource) return;
      arr(res?.resourceAccess).forEach((a, j) => {
        const access = obj(a);
        const id = str(access?.id)?.toLowerCase();
        if (!id) return;
        const path = `/requiredResourceAccess/${i}/resourceAccess/${j}`;
        if (access?.type === 'Role') {
          if (!ctx.assignmentsReadFor.has(resource.id) || roles.has(`${resource.id}|${id}`)) return;
          report(
            path,
            `The application permission ${permissionValue(resourceAppId, id, 'Role', ctx) ?? id} on ${resource.displayName} is requested but not granted. Remove it or grant admin consent.`,
          );
        } else if (access?.type === 'Scope' && ctx.grantsByClient) {
          const value = permissionValue(resourceAppId, id, 'Scope', ctx);
          if (!value) return;
          const lower = value.toLowerCase();
          const granted = grants.some(
            (g) => g.resourceId === resource.id && g.scope.split(' ').some((s) => s.toLowerCase() === lower),
          );
          if (!granted)
            report(
              path,
              `The delegated permission ${value} on ${resource.displayName} is requested but granted to nobody. Remove it or grant consent.`,
            );
        }
      });
    });
  },
};
