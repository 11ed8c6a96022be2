// Data model of the emulated tenant: Microsoft Graph shapes (from @microsoft/microsoft-graph-types)
// with the keys the emulator relies on made required, plus the few private records the identity
// endpoints need (client secrets, who owns what).
import type * as MG from '@microsoft/microsoft-graph-types';

type WithId<T> = T & { id: string };

export type Application = WithId<MG.Application> & { appId: string; displayName: string };
export type ServicePrincipal = WithId<MG.ServicePrincipal> & { appId: string; displayName: string };
export type User = WithId<MG.User> & { userPrincipalName: string; displayName: string };
export type AppRoleAssignment = WithId<MG.AppRoleAssignment> & {
  appRoleId: string;
  principalId: string;
  resourceId: string;
};
export type OAuth2PermissionGrant = WithId<MG.OAuth2PermissionGrant> & {
  clientId: string;
  resourceId: string;
  scope: string;
};
export type Organization = WithId<MG.Organization>;

/** A client secret the token endpoint accepts; never returned by Graph (only its `hint`). */
export interface SecretRecord {
  appId: string;
  keyId: string;
  secretText: string;
  endDateTime: string;
}

export interface TenantStore {
  tenantId: string;
  /** Initial domain, e.g. `contoso.onmicrosoft.com`; accepted in identity URLs in place of the id. */
  domain: string;
  displayName: string;
  organization: Organization;
  users: User[];
  applications: Application[];
  deletedApplications: Application[];
  servicePrincipals: ServicePrincipal[];
  appRoleAssignments: AppRoleAssignment[];
  oauth2PermissionGrants: OAuth2PermissionGrant[];
  /** Owners of applications: application object id → directory object ids (users or service principals). */
  owners: Map<string, string[]>;
  secrets: SecretRecord[];
  /** The confidential client tests sign in with (client credentials). */
  testClient: { appId: string; secret: string };
  /** Passwords for ROPC sign-in: user id → password (scenario data only, never returned). */
  userPasswords: Map<string, string>;
  /** The user device code and ROPC sign in as. */
  signedInUserId: string;
  /** Public client (isFallbackPublicClient) used for device code sign-in. */
  publicClientAppId: string;
  /** Free-form notes per object id, from the scenario's "$comment" fields. */
  comments: Map<string, string>;
}

/** Well-known ids used across scenarios. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const AAD_GRAPH_APP_ID = '00000002-0000-0000-c000-000000000000';
export const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
