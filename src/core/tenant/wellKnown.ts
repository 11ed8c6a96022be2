/**
 * A handful of names known without asking the tenant, so the tree can name the most common
 * permissions before (or without) a round trip: Microsoft Graph's app id and its most used
 * permission ids, and a few first-party app ids. The tenant's own service principals remain the
 * authority once fetched.
 */
import { FIRST_PARTY_APPS, MICROSOFT_GRAPH_APP_ID } from '../entra/ids';
import type { PermissionInfo, ResourceInfo } from './types';

export const microsoftGraphAppId = MICROSOFT_GRAPH_APP_ID;

/** First-party app ids and their display names. */
export const wellKnownApps: ReadonlyMap<string, string> = FIRST_PARTY_APPS;

/** Microsoft Graph delegated permissions: id, value, who can consent. */
const graphScopes: ReadonlyArray<readonly [string, string, 'User' | 'Admin']> = [
  ['c79f8feb-a9db-4090-85f9-90d820caa0eb', 'Application.Read.All', 'Admin'],
  ['bdfbf15f-ee85-4955-8675-146e8e5296b5', 'Application.ReadWrite.All', 'Admin'],
  ['84bccea3-f856-4a8a-967b-dbe0a3d53a64', 'AppRoleAssignment.ReadWrite.All', 'Admin'],
  ['465a38f9-76ea-45b9-9f34-9e8b0d4b0b42', 'Calendars.Read', 'User'],
  ['1ec239c2-d7c9-4623-a91a-a9775856bb36', 'Calendars.ReadWrite', 'User'],
  ['41ce6ca6-6826-4807-84f1-1c82854f7ee5', 'DelegatedPermissionGrant.ReadWrite.All', 'Admin'],
  ['06da0dbc-49e2-44d2-8312-53f166ab848a', 'Directory.Read.All', 'Admin'],
  ['c5366453-9fb0-48a5-a156-24f0c49a4b84', 'Directory.ReadWrite.All', 'Admin'],
  ['64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', 'email', 'User'],
  ['10465720-29dd-4523-a11a-6a75c743c9d9', 'Files.Read', 'User'],
  ['863451e7-0667-486c-a5d6-d135439485f0', 'Files.ReadWrite.All', 'User'],
  ['5f8c59db-677d-491f-a6b8-5f174b11ec1d', 'Group.Read.All', 'Admin'],
  ['4e46008b-f24c-477d-8fff-7bb4ec7aafe0', 'Group.ReadWrite.All', 'Admin'],
  ['570282fd-fa5c-430d-a7fd-fc8dc98a9dca', 'Mail.Read', 'User'],
  ['024d486e-b451-40bb-833d-3e66d98c5c73', 'Mail.ReadWrite', 'User'],
  ['e383f46e-2787-4529-855e-0e479a3ffac0', 'Mail.Send', 'User'],
  ['7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'offline_access', 'User'],
  ['37f7f235-527c-4136-accd-4a02d197296e', 'openid', 'User'],
  ['4908d5b9-3fb2-4b1e-9336-1888b7937185', 'Organization.Read.All', 'Admin'],
  ['14dad69e-099b-42c9-810b-d002981feec1', 'profile', 'User'],
  ['205e70e5-aba6-4c52-a976-6d2d46c48043', 'Sites.Read.All', 'User'],
  ['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'User'],
  ['a154be20-db9c-4678-8ab7-66f6cc099a59', 'User.Read.All', 'Admin'],
  ['b340eb25-3456-403f-be2f-af7a0d370277', 'User.ReadBasic.All', 'User'],
  ['204e0828-b5ca-4ad8-b9f3-f32a958e7cc4', 'User.ReadWrite.All', 'Admin'],
];

/** Microsoft Graph application permissions: id, value. */
const graphRoles: ReadonlyArray<readonly [string, string]> = [
  ['9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Application.Read.All'],
  ['1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All'],
  ['18a4783c-866b-4cc7-a460-3d5e5662c884', 'Application.ReadWrite.OwnedBy'],
  ['06b708a9-e830-4db3-a914-8e69da51d44f', 'AppRoleAssignment.ReadWrite.All'],
  ['798ee544-9d2d-430c-a058-570e29e34338', 'Calendars.Read'],
  ['ef54d2bf-783f-4e0f-bca1-3210c0444d99', 'Calendars.ReadWrite'],
  ['8e8e4742-1d95-4f68-9d56-6ee75648c72a', 'DelegatedPermissionGrant.ReadWrite.All'],
  ['7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'Directory.Read.All'],
  ['19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All'],
  ['75359482-378d-4052-8f01-80520e7db3cd', 'Files.ReadWrite.All'],
  ['5b567255-7703-4780-807c-7be8301ae99b', 'Group.Read.All'],
  ['62a82d76-70ea-41e2-9197-370581804d09', 'Group.ReadWrite.All'],
  ['810c84a8-4a9e-49e6-bf7d-12d183f40d01', 'Mail.Read'],
  ['e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'Mail.ReadWrite'],
  ['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Mail.Send'],
  ['498476ce-e0fe-48b0-b801-37ba7e2685c6', 'Organization.Read.All'],
  ['332a536c-c7ef-4017-ab91-336970924f0d', 'Sites.Read.All'],
  ['df021288-bdef-4463-88db-98f22de89214', 'User.Read.All'],
  ['97235f07-e226-4f63-ace3-39588e11d3a1', 'User.ReadBasic.All'],
  ['741f803b-c850-494e-b5df-cde7c675a1ca', 'User.ReadWrite.All'],
];

/** Built-in partial description of Microsoft Graph (no service principal id: that is per tenant). */
export function builtInGraphResource(): ResourceInfo {
  const permissions = new Map<string, PermissionInfo>();
  for (const [id, value, type] of graphScopes) {
    permissions.set(`Scope:${id}`, { id, value, kind: 'Scope', adminConsentRequired: type === 'Admin' });
  }
  for (const [id, value] of graphRoles) {
    permissions.set(`Role:${id}`, { id, value, kind: 'Role', adminConsentRequired: true });
  }
  return { appId: microsoftGraphAppId, displayName: 'Microsoft Graph', spId: undefined, permissions, complete: false };
}

/** Number of built-in Graph permissions (for tests). */
export const builtInGraphPermissionCount = { scopes: graphScopes.length, roles: graphRoles.length };

/** The built-in entries, for tests that compare them with the public data set. */
export function builtInGraphEntries(): { scopes: ReadonlyArray<readonly [string, string, string]>; roles: ReadonlyArray<readonly [string, string]> } {
  return { scopes: graphScopes, roles: graphRoles };
}
