/**
 * Names known without asking the tenant, so the tree can name permissions before (or without) a
 * round trip: every Microsoft Graph permission and the common first-party app ids, from the one
 * built-in table (core/entra). The tenant's own service principals remain the authority once fetched.
 */
import { builtInGraphPermissions, firstPartyApis } from '../entra/permissions';
import type { PermissionInfo, ResourceInfo } from './types';

export const microsoftGraphAppId = '00000003-0000-0000-c000-000000000000';

/** First-party app ids and their display names (the generated table, plus two common clients). */
export const wellKnownApps: ReadonlyMap<string, string> = new Map([
  ...firstPartyApis(),
  ['04b07795-8ddb-461a-bbee-02f9e1bf7b46', 'Microsoft Azure CLI'],
  ['aebc6443-996d-45c2-90f0-388ff96faa56', 'Visual Studio Code'],
]);

/** Built-in partial description of Microsoft Graph (no service principal id: that is per tenant). */
export function builtInGraphResource(): ResourceInfo {
  const permissions = new Map<string, PermissionInfo>();
  const { scopes, roles } = builtInGraphPermissions();
  for (const p of scopes) permissions.set(`Scope:${p.id}`, { id: p.id, value: p.value, kind: 'Scope', adminConsentRequired: p.adminConsentRequired });
  for (const p of roles) permissions.set(`Role:${p.id}`, { id: p.id, value: p.value, kind: 'Role', adminConsentRequired: true });
  return { appId: microsoftGraphAppId, displayName: 'Microsoft Graph', spId: undefined, permissions, complete: false };
}

/** Number of built-in Graph permissions (for tests). */
export const builtInGraphPermissionCount = { get scopes(): number { return builtInGraphPermissions().scopes.length; }, get roles(): number { return builtInGraphPermissions().roles.length; } };

/** The built-in entries, for tests that compare them with the public data set. */
export function builtInGraphEntries(): { scopes: ReadonlyArray<readonly [string, string, string]>; roles: ReadonlyArray<readonly [string, string]> } {
  const { scopes, roles } = builtInGraphPermissions();
  return { scopes: scopes.map((p) => [p.id, p.value, p.adminConsentRequired ? 'Admin' : 'User'] as const), roles: roles.map((p) => [p.id, p.value] as const) };
}
