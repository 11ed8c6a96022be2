// The sections an expanded app shows in the explorer, built from the model's data without the editor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toGraphError } from '../../../src/core/graph/errors';
import type { AppDetails } from '../../../src/core/tenant/model';
import {
  appSections,
  type Localizer,
  type SectionRow,
  type Translate,
  type ValueRow,
} from '../../../src/core/tenant/sections';
import { credentialSummary, expiryState, readableDate } from '../../../src/core/tenant/expiry';
import type { AppDetail } from '../../../src/core/tenant/types';

const now = Date.parse('2025-06-01T00:00:00Z');
const day = 24 * 60 * 60 * 1000;
// Fills {0}, {1}… as the editor's translator does.
const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
const l10n: Localizer = { t };
const names = { appName: (appId: string) => (appId === 'client-1' ? 'CRM Web' : undefined) };

const app: AppDetail = {
  id: 'obj-1',
  appId: 'app-1',
  displayName: 'CRM API',
  signInAudience: 'AzureADMyOrg',
  publisherDomain: undefined,
  createdDateTime: '2024-05-01T10:00:00Z',
  requestedAccessTokenVersion: null,
  identifierUris: ['api://crm'],
  webRedirectUris: ['https://crm.example.com/signin'],
  spaRedirectUris: [],
  publicClientRedirectUris: [],
  implicitIdTokens: true,
  implicitAccessTokens: false,
  isFallbackPublicClient: false,
  credentials: [
    {
      kind: 'secret',
      keyId: 'k1',
      displayName: 'old',
      hint: 'abc',
      startDateTime: undefined,
      endDateTime: new Date(now - 2 * day).toISOString(),
    },
    {
      kind: 'certificate',
      keyId: 'k2',
      displayName: undefined,
      hint: undefined,
      startDateTime: undefined,
      endDateTime: new Date(now + 10 * day).toISOString(),
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
    },
  ],
  scopes: [
    {
      id: 's1',
      value: 'Orders.Read',
      type: 'Admin',
      isEnabled: false,
      adminConsentDisplayName: 'Read *orders*',
      userConsentDisplayName: undefined,
    },
  ],
  appRoles: [
    { id: 'r1', value: 'Orders.Admin', displayName: undefined, allowedMemberTypes: ['User'], isEnabled: true },
  ],
  preAuthorizedApplications: [{ appId: 'client-1', permissionIds: ['s1'] }],
  requiredResourceAccess: [],
  owners: [],
};

const details = (over: Partial<AppDetails> = {}): AppDetails => ({
  app,
  sp: null,
  grants: [],
  assignments: [],
  assignedTo: [],
  permissions: [
    {
      resourceAppId: 'graph',
      resourceName: 'Microsoft Graph',
      permissionId: 'p1',
      kind: 'Scope',
      value: 'User.Read',
      state: 'grantedForTenant',
      statusText: 'Granted for Contoso',
      adminConsentRequired: false,
    },
  ],
  errors: {},
  fetchedAt: now,
  ...over,
});

const value = (row: SectionRow | undefined): ValueRow => {
  assert.ok(row && row.kind === 'value', 'a value row');
  return row;
};
const child = (row: SectionRow | undefined, key: string): ValueRow =>
  value(value(row).children.find((c) => c.key === key));

test('an app shows its eight sections in order, with section menus where the write path acts', () => {
  const sections = appSections(details(), names, now, l10n);
  assert.deepEqual(
    sections.map((s) => s.key),
    ['overview', 'authentication', 'credentials', 'api', 'roles', 'permissions', 'owners', 'enterprise'],
  );
  assert.deepEqual(
    sections.map((s) => s.contextValue),
    [
      'entraSection',
      'entraSection entraAuthentication',
      'entraSection entraCredentials',
      'entraSection',
      'entraSection',
      'entraSection entraPermissions',
      'entraSection',
      'entraSection',
    ],
  );
});

test('overview rows carry the values "Copy Value" copies', () => {
  const [overview] = appSections(details(), names, now, l10n);
  assert.equal(child(overview, 'appId').copy, 'app-1');
  assert.equal(child(overview, 'tokenVersion').description, '1 (default)');
  assert.equal(child(overview, 'tokenVersion').copy, '1');
  assert.equal(child(overview, 'publisherDomain').description, '—');
  assert.equal(child(overview, 'publisherDomain').copy, undefined);
  assert.equal(child(overview, 'created').description, '2024-05-01 10:00 UTC');
});

test('redirect URIs are grouped by platform; implicit grant and public client in words', () => {
  const auth = appSections(details(), names, now, l10n)[1];
  const web = child(auth, 'web');
  assert.equal(web.description, '1');
  assert.equal(web.contextValue, 'entraRedirectPlatform');
  assert.deepEqual(
    web.children.map((c) => value(c).label),
    ['https://crm.example.com/signin'],
  );
  assert.equal(
    value(auth).children.find((c) => c.key === 'spa'),
    undefined,
  );
  assert.equal(child(auth, 'implicit').description, 'ID tokens');
  assert.deepEqual(child(auth, 'implicit').icon, { id: 'circle-slash' });
  assert.equal(child(auth, 'publicClient').description, 'No');
});

test('credentials: summary, expiry state in the context value and the text', () => {
  const creds = appSections(details(), names, now, l10n)[2];
  assert.equal(creds?.description, '2 · 1 expired, 1 expiring');
  const old = child(creds, 'cred:k1');
  assert.equal(old.description, 'Secret · expired 2 days ago');
  assert.equal(old.contextValue, 'entraCredential entraCredential-expired entraCredential-secret');
  assert.deepEqual(old.icon, { id: 'error', color: 'list.errorForeground' });
  const cert = child(creds, 'cred:k2');
  assert.equal(cert.label, 'k2');
  assert.equal(cert.description, 'Certificate · expires in 10 days');
  assert.ok(cert.tooltip?.includes('AsymmetricX509Cert Verify'));
});

test('an app without credentials or owners says so', () => {
  const bare = details({ app: { ...app, credentials: [], owners: [] } });
  const sections = appSections(bare, names, now, l10n);
  assert.equal(child(sections[2], 'none').label, 'No secrets or certificates');
  assert.equal(child(sections[6], 'none').label, 'No owners');
  // Owners that could not be read: no count and no "No owners" row.
  const unknown = appSections(details({ app: { ...app, owners: undefined } }), names, now, l10n)[6];
  assert.equal(unknown?.description, undefined);
  assert.equal(unknown?.children.length, 0);
});

test('exposed API: scope copy value is the full scope; clients named from the model, untrusted text escaped', () => {
  const api = appSections(details(), names, now, l10n)[3];
  const scope = child(child(api, 'scopes'), 's:s1');
  assert.equal(scope.copy, 'api://crm/Orders.Read');
  assert.equal(scope.description, 'Admins only · disabled');
  assert.equal(scope.contextValue, 'entraScope entraScope-disabled');
  assert.ok(
    scope.tooltip?.some((line) => line.includes('\\*orders\\*')),
    'Markdown in a name is escaped',
  );
  const client = child(child(api, 'authorizedClients'), 'c:client-1');
  assert.equal(client.label, 'CRM Web');
  assert.equal(client.description, 'Orders.Read');
});

test('permissions are grouped by resource; unreadable parts become error rows', () => {
  const error = toGraphError({
    statusCode: 403,
    code: 'Authorization_RequestDenied',
    message: 'Needs Directory.Read.All',
  });
  const perms = appSections(details({ errors: { grants: error } }), names, now, l10n)[5];
  const graph = child(perms, 'res:graph');
  assert.equal(graph.expanded, true);
  const perm = child(graph, 'p:Scope:p1');
  assert.equal(perm.description, 'Delegated · Granted for Contoso');
  assert.equal(perm.contextValue, 'entraPermission entraPermission-grantedForTenant');
  const last = value(perms).children.at(-1);
  assert.deepEqual(last, { kind: 'error', key: 'error-grants', error });
});

test('enterprise application: none, or its service principal and role assignments', () => {
  const none = appSections(details(), names, now, l10n)[7];
  assert.equal(none?.description, 'none');
  assert.equal(child(none, 'none').description, 'nobody can sign in to it here yet');
  const withSp = appSections(
    details({
      sp: {
        id: 'sp-1',
        appId: 'app-1',
        displayName: 'CRM API',
        appRoleAssignmentRequired: true,
        accountEnabled: true,
        servicePrincipalType: 'Application',
      },
      assignedTo: [
        {
          id: 'a1',
          appRoleId: '00000000-0000-0000-0000-000000000000',
          principalId: 'u1',
          principalType: 'Group',
          principalDisplayName: 'Sales',
          resourceId: 'sp-1',
          resourceDisplayName: 'CRM API',
        },
      ],
    }),
    names,
    now,
    l10n,
  )[7];
  assert.equal(child(withSp, 'assignmentRequired').description, 'Yes');
  const assigned = child(child(withSp, 'assignedTo'), 'as:a1');
  assert.equal(assigned.description, 'Default access · Group');
  assert.deepEqual(assigned.icon, { id: 'organization' });
});

test('expiry helpers', () => {
  assert.equal(expiryState(undefined, now), 'unknown');
  assert.equal(expiryState(now + 31 * day, now), 'valid');
  assert.equal(expiryState(now + 30 * day, now), 'expiring');
  assert.equal(expiryState(now, now), 'expired');
  assert.equal(credentialSummary([now + 40 * day], now, l10n), '');
  assert.equal(readableDate('not a date'), 'not a date');
});
