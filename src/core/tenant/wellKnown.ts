/**
 * Names known without asking the tenant, so the tree can name permissions before (or without) a
 * round trip: every Microsoft Graph permission and the common first-party app ids, from the one
 * built-in table (core/entra). The tenant's own service principals remain the authority once fetched.
 */
import { AZURE_CLI_APP_ID, FIRST_PARTY_APPS, MICROSOFT_GRAPH_APP_ID, VISUAL_STUDIO_CODE_APP_ID } from '../entra/ids';
import { builtInGraphPermissions, firstPartyApis } from '../entra/permissions';
import type { PermissionInfo, ResourceInfo } from './types';

export const microsoftGraphAppId = MICROSOFT_GRAPH_APP_ID;

/** First-party app ids and their display names (the generated table, plus the common clients). */
export const wellKnownApps: ReadonlyMap<string, string> = new Map([
  ...firstPartyApis(),
  [AZURE_CLI_APP_ID, FIRST_PARTY_APPS.get(AZURE_CLI_APP_ID)!],
  [VISUAL_STUDIO_CODE_APP_ID, FIRST_PARTY_APPS.get(VISUAL_STUDIO_CODE_APP_ID)!],
]);

/** Built-in partial description of Microsoft Graph (no service principal id: that is per tenant). */
export function builtInGraphResource(): ResourceInfo {
  const permissions = new Map<string, PermissionInfo>();
  const { scopes, roles } = builtInGraphPermissions();
  for (const p of scopes)
    permissions.set(`Scope:${p.id}`, {
      id: p.id,
      value: p.value,
      kind: 'Scope',
      adminConsentRequired: p.adminConsentRequired,
    });
  for (const p of roles)
    permissions.set(`Role:${p.id}`, { id: p.id, value: p.value, kind: 'Role', adminConsentRequired: true });
  return { appId: microsoftGraphAppId, displayName: 'Microsoft Graph', spId: undefined, permissions, complete: false };
}

/** Number of built-in Graph permissions (for tests). */
export const builtInGraphPermissionCount = {
  get scopes(): number {
    return builtInGraphPermissions().scopes.length;
  },
  get roles(): number {
    return builtInGraphPermissions().roles.length;
  },
};

/** The built-in entries, for tests that compare them with the public data set. */
export function builtInGraphEntries(): {
  scopes: ReadonlyArray<readonly [string, string, string]>;
  roles: ReadonlyArray<readonly [string, string]>;
} {
  const { scopes, roles } = builtInGraphPermissions();
  return {
    scopes: scopes.map((p) => [p.id, p.value, p.adminConsentRequired ? 'Admin' : 'User'] as const),
    roles: roles.map((p) => [p.id, p.value] as const),
  };
}
