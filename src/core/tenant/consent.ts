/**
 * Consent status per requested permission, computed the way the Entra admin center fills the
 * "Status" and "Admin consent required" columns of an app's API permissions page.
 */
import type { GrantInfo, PermissionKind, RequiredResource, ResourceInfo, RoleAssignmentInfo } from './types';

/** `unknown`: the grants (delegated) or role assignments (application) could not be read. */
export type ConsentState = 'grantedForTenant' | 'grantedForSomeUsers' | 'notGranted' | 'unknown';

export interface PermissionStatus {
  readonly resourceAppId: string;
  readonly resourceName: string;
  readonly permissionId: string;
  readonly kind: PermissionKind;
  /** The permission's value (e.g. `User.Read`), or undefined when the resource does not define it (or is unknown). */
  readonly value: string | undefined;
  readonly state: ConsentState;
  /** "Granted for Contoso", "Granted for some users", "Not granted", "Status unknown". */
  readonly statusText: string;
  /** Application permissions always; scopes when of type Admin; undefined when the scope is unknown. */
  readonly adminConsentRequired: boolean | undefined;
}

export interface ConsentInput {
  readonly requiredResourceAccess: readonly RequiredResource[];
  /** Object id of the client app's service principal in this tenant, or undefined when it has none. */
  readonly clientSpId: string | undefined;
  readonly grants: readonly GrantInfo[];
  /** The client service principal's app role assignments (its application permissions). */
  readonly assignments: readonly RoleAssignmentInfo[];
  /** Known resources by appId. */
  readonly resources: ReadonlyMap<string, ResourceInfo>;
  /** Shown in "Granted for {tenant}". */
  readonly tenantName: string;
  /** The delegated grants could not be read (e.g. no Directory.Read.All): scopes get `unknown`. */
  readonly grantsUnknown?: boolean;
  /** The role assignments could not be read: application permissions get `unknown`. */
  readonly assignmentsUnknown?: boolean;
}

export function statusText(state: ConsentState, tenantName: string): string {
  switch (state) {
    case 'grantedForTenant':
      return `Granted for ${tenantName}`;
    case 'grantedForSomeUsers':
      return 'Granted for some users';
    case 'unknown':
      return 'Status unknown';
    default:
      return 'Not granted';
  }
}

function scopeValues(scope: string): Set<string> {
  return new Set(scope.split(/\s+/).filter(Boolean));
}

/** Pure: one status per `resourceAccess` entry, in the order of the app's registration. */
export function computeConsent(input: ConsentInput): PermissionStatus[] {
  const out: PermissionStatus[] = [];
  for (const required of input.requiredResourceAccess) {
    const resource = input.resources.get(required.resourceAppId);
    const resourceSpId = resource?.spId;
    const grants =
      input.clientSpId && resourceSpId
        ? input.grants.filter((g) => g.clientId === input.clientSpId && g.resourceId === resourceSpId)
        : [];
    const tenantScopes = new Set<string>();
    const someUserScopes = new Set<string>();
    for (const grant of grants) {
      const target =
        grant.consentType === 'AllPrincipals'
          ? tenantScopes
          : grant.consentType === 'Principal'
            ? someUserScopes
            : undefined;
      for (const value of scopeValues(grant.scope)) {
        target?.add(value);
      }
    }
    for (const access of required.resourceAccess) {
      const permission = resource?.permissions.get(`${access.type}:${access.id}`);
      const value = permission?.value;
      let state: ConsentState = 'notGranted';
      if (access.type === 'Role' ? input.assignmentsUnknown : input.grantsUnknown) {
        state = 'unknown';
      } else if (access.type === 'Role') {
        const assigned =
          input.clientSpId !== undefined &&
          resourceSpId !== undefined &&
          input.assignments.some(
            (a) => a.principalId === input.clientSpId && a.resourceId === resourceSpId && a.appRoleId === access.id,
          );
        state = assigned ? 'grantedForTenant' : 'notGranted';
      } else if (value !== undefined) {
        state = tenantScopes.has(value)
          ? 'grantedForTenant'
          : someUserScopes.has(value)
            ? 'grantedForSomeUsers'
            : 'notGranted';
      }
      out.push({
        resourceAppId: required.resourceAppId,
        resourceName: resource?.displayName ?? required.resourceAppId,
        permissionId: access.id,
        kind: access.type,
        value,
        state,
        statusText: statusText(state, input.tenantName),
        adminConsentRequired: access.type === 'Role' ? true : permission?.adminConsentRequired,
      });
    }
  }
  return out;
}
