// Governance rules: owners, publisher verification of multi-tenant apps, user assignment.
import type { AuditRule } from '../types';
import { arr, ASSIGN, obj, OWNERS, PUBLISHER, str } from './shared';

export const noOwners: AuditRule = {
  id: 'audit-no-owners',
  severity: 'warning',
  title: 'App registrations without owners.',
  risk: 'Nobody is accountable: credentials expire unnoticed, and nobody reviews the permissions or answers for the app.',
  action: 'Add at least two owners (people or a service principal that manages the app).',
  docs: OWNERS,
  peers: [
    { tool: 'Zero Trust Assessment', id: '21867', title: 'All enterprise applications have owners', related: true },
  ],
  check(app, _ctx, report) {
    if (app.hasOwners === false) report('', `${app.displayName} has no owners. Add at least two.`);
  },
};

const MULTI = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

export const unverifiedPublisher: AuditRule = {
  id: 'audit-multitenant-unverified',
  severity: 'warning',
  title: 'Multi-tenant apps without a verified publisher.',
  risk: 'Users of other tenants see "unverified" on the consent prompt, and many tenants block user consent to unverified apps; attackers use look-alike unverified apps for consent phishing.',
  action:
    'Verify the publisher (Microsoft Partner Network id on a verified domain), or make the app single-tenant if only this tenant uses it.',
  docs: PUBLISHER,
  check(app, _ctx, report) {
    const audience = str(app.json.signInAudience);
    if (!audience || !MULTI.has(audience)) return;
    if (str(obj(app.json.verifiedPublisher)?.verifiedPublisherId)) return;
    report(
      '/signInAudience',
      `${app.displayName} is multi-tenant (${audience}) without a verified publisher. Verify the publisher or make it single-tenant.`,
    );
  },
};

export const assignmentNotRequired: AuditRule = {
  id: 'audit-assignment-not-required',
  severity: 'warning',
  title: 'Apps that define app roles for users while their service principal does not require assignment.',
  risk: 'Every user of the tenant can sign in to the app and get a token, only without a role: an app that treats "signed in" as "allowed" is open to everyone.',
  action: 'Set "Assignment required" on the enterprise application (appRoleAssignmentRequired) and assign the roles.',
  docs: ASSIGN,
  check(app, ctx, report) {
    const sp = ctx.spByAppId.get(app.appId.toLowerCase());
    if (!sp || sp.appRoleAssignmentRequired) return;
    const userRoles = arr(app.json.appRoles).some(
      (r) => obj(r)?.isEnabled !== false && arr(obj(r)?.allowedMemberTypes).includes('User'),
    );
    if (userRoles)
      report(
        '/appRoles',
        `${app.displayName} defines app roles for users, but its enterprise application does not require assignment. Set appRoleAssignmentRequired.`,
      );
  },
};
