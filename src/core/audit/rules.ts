// The tenant rules of the audit: what only the live tenant can tell (grants, assignments, owners,
// credentials by date, publisher), each with its risk, what to do and peer controls.
import {
  credentialExpired,
  credentialExpiring,
  credentialLifetime,
  secretInsteadOfCertificate,
} from './rules/credentials';
import { assignmentNotRequired, noOwners, unverifiedPublisher } from './rules/governance';
import { highPrivilegeDelegatedForAll, highPrivilegeGranted, requestedNotGranted } from './rules/permissions';
import { redirectAzureWebsites, redirectTunnel } from './rules/redirects';
import type { AuditRule } from './types';
export {
  credentialExpired,
  credentialExpiring,
  credentialLifetime,
  secretInsteadOfCertificate,
} from './rules/credentials';
export { assignmentNotRequired, noOwners, unverifiedPublisher } from './rules/governance';
export { highPrivilegeDelegatedForAll, highPrivilegeGranted, requestedNotGranted } from './rules/permissions';
export { redirectAzureWebsites, redirectTunnel, TUNNEL_HOSTS } from './rules/redirects';

/** The tenant rules, in report order. */
export const auditRules: readonly AuditRule[] = [
  credentialExpired,
  credentialExpiring,
  credentialLifetime,
  secretInsteadOfCertificate,
  noOwners,
  highPrivilegeGranted,
  highPrivilegeDelegatedForAll,
  requestedNotGranted,
  unverifiedPublisher,
  redirectTunnel,
  redirectAzureWebsites,
  assignmentNotRequired,
];
