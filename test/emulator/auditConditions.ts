// Conditions the tenant audit rules look for, spread over the generated apps of `large:N`
// (deterministic by index): granted high-privilege Graph application permissions, requested but
// ungranted ones, tunnel and azurewebsites.net redirect URIs, tenant-wide consent to
// high-privilege delegated scopes. Expired secrets, ownerless and multi-tenant apps and user
// roles without assignment required come from the generator itself.
import { GRAPH_APP_ID, type Application, type TenantStore } from './types.js';

const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';
const DIRECTORY_READWRITE_ALL = '19dbc75e-c2e2-444c-a770-ec69d8559fc7';

const graphSps = new WeakMap<TenantStore, TenantStore['servicePrincipals'][number] | undefined>();

/** Adds the audit conditions of generated app number `i` (its service principal has id `spId`). */
export function addAuditConditions(tenant: TenantStore, i: number, app: Application, spId: string, now: number): void {
  let graphSp = graphSps.get(tenant);
  if (!graphSps.has(tenant)) {
    graphSp = tenant.servicePrincipals.find((s) => s.appId === GRAPH_APP_ID);
    graphSps.set(tenant, graphSp);
  }
  if (app.web && i % 99 === 0)
    app.web.redirectUris = [...(app.web.redirectUris ?? []), `https://app${i}-dev.ngrok-free.app/signin-oidc`];
  if (app.web && i % 87 === 0)
    app.web.redirectUris = [...(app.web.redirectUris ?? []), `https://app${i}-staging.azurewebsites.net/signin-oidc`];
  if (!graphSp) return;
  const created = new Date(now).toISOString();
  const assign = (appRoleId: string, n: number) =>
    tenant.appRoleAssignments.push({
      id: `gen-${i}-${n}`,
      appRoleId,
      principalId: spId,
      principalType: 'ServicePrincipal',
      principalDisplayName: app.displayName,
      resourceId: graphSp.id,
      resourceDisplayName: graphSp.displayName,
      createdDateTime: created,
      deletedDateTime: null,
    });
  // i % 7 === 0 request User.Read.All (Role): every other one is granted.
  if (i % 14 === 0) assign(USER_READ_ALL, 1);
  if (i % 100 === 0) assign(DIRECTORY_READWRITE_ALL, 2);
  if (i % 250 === 0) {
    tenant.oauth2PermissionGrants.push({
      id: `gen-grant-${i}`,
      clientId: spId,
      consentType: 'AllPrincipals',
      principalId: null,
      resourceId: graphSp.id,
      scope: 'User.Read Mail.Send Files.ReadWrite.All',
    });
  }
}
