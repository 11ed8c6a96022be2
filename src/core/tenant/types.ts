/**
 * The tenant model's data: small, narrowed shapes built from Microsoft Graph responses
 * (typed with @microsoft/microsoft-graph-types at the boundary, checked at run time).
 */

export type PermissionKind = 'Scope' | 'Role';

/** One permission a resource (API) defines: a delegated scope or an application role. */
export interface PermissionInfo {
  readonly id: string;
  readonly value: string;
  readonly kind: PermissionKind;
  /** Scopes of type Admin and every application permission need admin consent. */
  readonly adminConsentRequired: boolean;
}

/** A resource (API) as known in one tenant: its service principal and the permissions it defines. */
export interface ResourceInfo {
  readonly appId: string;
  readonly displayName: string;
  /** Object id of the resource's service principal in this tenant; undefined when unknown or absent. */
  readonly spId: string | undefined;
  /** Keyed `${kind}:${id}`. */
  readonly permissions: ReadonlyMap<string, PermissionInfo>;
  /** True when read from the tenant's service principal (not only the built-in list). */
  readonly complete: boolean;
}

/** One row of the app list: only what the list shows. */
export interface AppListEntry {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly createdDateTime: string | undefined;
  /** End times (ms since epoch) of the app's secrets and certificates; undefined when none. */
  readonly credentialEnds: readonly number[] | undefined;
  readonly deletedDateTime?: string | undefined;
}

export interface CredentialInfo {
  readonly kind: 'secret' | 'certificate';
  readonly keyId: string;
  readonly displayName: string | undefined;
  readonly hint: string | undefined;
  readonly startDateTime: string | undefined;
  readonly endDateTime: string | undefined;
  /** Certificates: `AsymmetricX509Cert`…; usage `Verify`/`Sign`. */
  readonly type?: string | undefined;
  readonly usage?: string | undefined;
}

export interface ScopeInfo {
  readonly id: string;
  readonly value: string;
  readonly type: string;
  readonly isEnabled: boolean;
  readonly adminConsentDisplayName: string | undefined;
  readonly userConsentDisplayName: string | undefined;
}

export interface AppRoleInfo {
  readonly id: string;
  readonly value: string | undefined;
  readonly displayName: string | undefined;
  readonly allowedMemberTypes: readonly string[];
  readonly isEnabled: boolean;
}

export interface RequiredResource {
  readonly resourceAppId: string;
  readonly resourceAccess: ReadonlyArray<{ readonly id: string; readonly type: PermissionKind }>;
}

export interface OwnerInfo {
  readonly id: string;
  readonly displayName: string | undefined;
  readonly userPrincipalName: string | undefined;
  readonly type: string | undefined;
}

/** The full app registration as the tree shows it. */
export interface AppDetail {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly signInAudience: string | undefined;
  readonly publisherDomain: string | undefined;
  readonly createdDateTime: string | undefined;
  readonly requestedAccessTokenVersion: number | null;
  readonly identifierUris: readonly string[];
  readonly webRedirectUris: readonly string[];
  readonly spaRedirectUris: readonly string[];
  readonly publicClientRedirectUris: readonly string[];
  readonly implicitIdTokens: boolean;
  readonly implicitAccessTokens: boolean;
  readonly isFallbackPublicClient: boolean;
  readonly credentials: readonly CredentialInfo[];
  readonly scopes: readonly ScopeInfo[];
  readonly appRoles: readonly AppRoleInfo[];
  readonly preAuthorizedApplications: ReadonlyArray<{
    readonly appId: string;
    readonly permissionIds: readonly string[];
  }>;
  readonly requiredResourceAccess: readonly RequiredResource[];
  /** Undefined when owners could not be read. */
  readonly owners: readonly OwnerInfo[] | undefined;
}

export interface ServicePrincipalInfo {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly appRoleAssignmentRequired: boolean;
  readonly accountEnabled: boolean;
  readonly servicePrincipalType: string | undefined;
}

export interface GrantInfo {
  readonly id: string;
  readonly clientId: string;
  readonly consentType: 'AllPrincipals' | 'Principal' | string;
  readonly principalId: string | undefined;
  readonly resourceId: string;
  readonly scope: string;
}

export interface RoleAssignmentInfo {
  readonly id: string;
  readonly appRoleId: string;
  readonly principalId: string;
  readonly principalType: string | undefined;
  readonly principalDisplayName: string | undefined;
  readonly resourceId: string;
  readonly resourceDisplayName: string | undefined;
}
