// Consent status as the admin center's "Status" column shows it, for the situations of the
// product's source documents: authorized client apps (ClientApp/ServerApp), a daemon with
// application permissions, per-user vs tenant-wide delegated consent, and admin-only scopes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeConsent, type ConsentInput } from '../../../src/core/tenant/consent';
import type { GrantInfo, PermissionInfo, ResourceInfo, RoleAssignmentInfo } from '../../../src/core/tenant/types';

const graphAppId = '00000003-0000-0000-c000-000000000000';
const userRead = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const mailRead = '570282fd-fa5c-430d-a7fd-fc8dc98a9dca';
const directoryReadAll = '06da0dbc-49e2-44d2-8312-53f166ab848a';
const userReadAllRole = 'df021288-bdef-4463-88db-98f22de89214';
const mailSendRole = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';

function resource(appId: string, displayName: string, spId: string | undefined, perms: PermissionInfo[]): ResourceInfo {
  return { appId, displayName, spId, complete: true, permissions: new Map(perms.map((p) => [`${p.kind}:${p.id}`, p])) };
}

const graph = resource(graphAppId, 'Microsoft Graph', 'sp-graph', [
  { id: userRead, value: 'User.Read', kind: 'Scope', adminConsentRequired: false },
  { id: mailRead, value: 'Mail.Read', kind: 'Scope', adminConsentRequired: false },
  { id: directoryReadAll, value: 'Directory.Read.All', kind: 'Scope', adminConsentRequired: true },
  { id: userReadAllRole, value: 'User.Read.All', kind: 'Role', adminConsentRequired: true },
  { id: mailSendRole, value: 'Mail.Send', kind: 'Role', adminConsentRequired: true },
]);
const serverAppId = '11111111-0000-4000-8000-000000000001';
const testRead = '22222222-0000-4000-8000-000000000001';
const testWrite = '22222222-0000-4000-8000-000000000002';
const server = resource(serverAppId, 'ServerApp', 'sp-server', [
  { id: testRead, value: 'test.read', kind: 'Scope', adminConsentRequired: false },
  { id: testWrite, value: 'test.write', kind: 'Scope', adminConsentRequired: true },
]);

function grant(
  clientId: string,
  resourceId: string,
  consentType: 'AllPrincipals' | 'Principal',
  scope: string,
  principalId?: string,
): GrantInfo {
  return {
    id: `${clientId}-${resourceId}-${consentType}-${principalId ?? ''}`,
    clientId,
    resourceId,
    consentType,
    scope,
    principalId,
  };
}

function assignment(principalId: string, resourceId: string, appRoleId: string): RoleAssignmentInfo {
  return {
    id: `${principalId}-${appRoleId}`,
    principalId,
    resourceId,
    appRoleId,
    principalType: 'ServicePrincipal',
    principalDisplayName: undefined,
    resourceDisplayName: undefined,
  };
}

function input(partial: Partial<ConsentInput>): ConsentInput {
  return {
    requiredResourceAccess: [],
    clientSpId: 'sp-client',
    grants: [],
    assignments: [],
    resources: new Map([
      [graphAppId, graph],
      [serverAppId, server],
    ]),
    tenantName: 'Contoso',
    ...partial,
  };
}

test('tenant-wide delegated consent (AllPrincipals) reads "Granted for {tenant}"; admin-only scopes say so', () => {
  const statuses = computeConsent(
    input({
      requiredResourceAccess: [
        {
          resourceAppId: graphAppId,
          resourceAccess: [
            { id: userRead, type: 'Scope' },
            { id: directoryReadAll, type: 'Scope' },
          ],
        },
      ],
      grants: [grant('sp-client', 'sp-graph', 'AllPrincipals', 'User.Read openid  Directory.Read.All')],
    }),
  );
  assert.deepEqual(
    statuses.map((s) => [s.value, s.statusText, s.adminConsentRequired]),
    [
      ['User.Read', 'Granted for Contoso', false],
      ['Directory.Read.All', 'Granted for Contoso', true],
    ],
  );
});

test('per-user consent only (Principal grants) reads "Granted for some users"; tenant-wide wins over per-user', () => {
  const statuses = computeConsent(
    input({
      requiredResourceAccess: [
        {
          resourceAppId: graphAppId,
          resourceAccess: [
            { id: mailRead, type: 'Scope' },
            { id: userRead, type: 'Scope' },
            { id: directoryReadAll, type: 'Scope' },
          ],
        },
      ],
      grants: [
        grant('sp-client', 'sp-graph', 'Principal', 'Mail.Read User.Read', 'user-1'),
        grant('sp-client', 'sp-graph', 'AllPrincipals', 'User.Read'),
      ],
    }),
  );
  assert.deepEqual(
    statuses.map((s) => [s.value, s.state, s.statusText]),
    [
      ['Mail.Read', 'grantedForSomeUsers', 'Granted for some users'],
      ['User.Read', 'grantedForTenant', 'Granted for Contoso'],
      ['Directory.Read.All', 'notGranted', 'Not granted'],
    ],
  );
});

test('application permissions: granted only by an app role assignment from the client SP to the resource SP for that role', () => {
  const statuses = computeConsent(
    input({
      clientSpId: 'sp-daemon',
      requiredResourceAccess: [
        {
          resourceAppId: graphAppId,
          resourceAccess: [
            { id: userReadAllRole, type: 'Role' },
            { id: mailSendRole, type: 'Role' },
          ],
        },
      ],
      assignments: [
        assignment('sp-daemon', 'sp-graph', userReadAllRole),
        // Same role, other resource; and the other role assigned to a different principal: neither counts.
        assignment('sp-daemon', 'sp-server', mailSendRole),
        assignment('sp-other', 'sp-graph', mailSendRole),
      ],
      // A delegated grant naming the role's value does not grant an application permission.
      grants: [grant('sp-daemon', 'sp-graph', 'AllPrincipals', 'Mail.Send')],
    }),
  );
  assert.deepEqual(
    statuses.map((s) => [s.value, s.kind, s.statusText, s.adminConsentRequired]),
    [
      ['User.Read.All', 'Role', 'Granted for Contoso', true],
      ['Mail.Send', 'Role', 'Not granted', true],
    ],
  );
});

test('ClientApp requesting ServerApp scopes: grants of another client or resource do not count; authorized-client status is not consent', () => {
  const statuses = computeConsent(
    input({
      requiredResourceAccess: [
        {
          resourceAppId: serverAppId,
          resourceAccess: [
            { id: testRead, type: 'Scope' },
            { id: testWrite, type: 'Scope' },
          ],
        },
      ],
      grants: [
        grant('sp-other-client', 'sp-server', 'AllPrincipals', 'test.read test.write'),
        grant('sp-client', 'sp-graph', 'AllPrincipals', 'test.read'),
      ],
    }),
  );
  assert.deepEqual(
    statuses.map((s) => [s.resourceName, s.value, s.statusText, s.adminConsentRequired]),
    [
      ['ServerApp', 'test.read', 'Not granted', false],
      ['ServerApp', 'test.write', 'Not granted', true],
    ],
  );
});

test('multi-tenant client without a service principal in this tenant, or an unknown resource: Not granted, names fall back to ids', () => {
  const foreignApi = '33333333-0000-4000-8000-000000000003';
  const statuses = computeConsent(
    input({
      clientSpId: undefined,
      requiredResourceAccess: [
        { resourceAppId: serverAppId, resourceAccess: [{ id: testRead, type: 'Scope' }] },
        {
          resourceAppId: foreignApi,
          resourceAccess: [
            { id: 'scope-x', type: 'Scope' },
            { id: 'role-y', type: 'Role' },
          ],
        },
      ],
      grants: [grant('sp-client', 'sp-server', 'AllPrincipals', 'test.read')],
    }),
  );
  assert.deepEqual(
    statuses.map((s) => [s.resourceName, s.value, s.state, s.adminConsentRequired]),
    [
      ['ServerApp', 'test.read', 'notGranted', false],
      [foreignApi, undefined, 'notGranted', undefined],
      [foreignApi, undefined, 'notGranted', true],
    ],
  );
});

test('grants or role assignments that could not be read make only their kind "Status unknown", never "Not granted"', () => {
  const requiredResourceAccess = [
    {
      resourceAppId: graphAppId,
      resourceAccess: [
        { id: userRead, type: 'Scope' as const },
        { id: userReadAllRole, type: 'Role' as const },
      ],
    },
  ];
  const known = {
    grants: [grant('sp-client', 'sp-graph', 'AllPrincipals', 'User.Read')],
    assignments: [assignment('sp-client', 'sp-graph', userReadAllRole)],
  };
  const show = (partial: Partial<ConsentInput>) =>
    computeConsent(input({ requiredResourceAccess, ...known, ...partial })).map(
      (s) => `${s.value} ${s.state} ${s.statusText}`,
    );
  assert.deepEqual(show({}), [
    'User.Read grantedForTenant Granted for Contoso',
    'User.Read.All grantedForTenant Granted for Contoso',
  ]);
  assert.deepEqual(show({ grantsUnknown: true }), [
    'User.Read unknown Status unknown',
    'User.Read.All grantedForTenant Granted for Contoso',
  ]);
  assert.deepEqual(show({ assignmentsUnknown: true, grants: [] }), [
    'User.Read notGranted Not granted',
    'User.Read.All unknown Status unknown',
  ]);
});
