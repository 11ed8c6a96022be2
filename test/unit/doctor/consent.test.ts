// The doctor's consent check reads the client's actual grants (oauth2PermissionGrants) and app
// role assignments, not only what the app requests; its fixes are edits the plan engine applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractSignIn } from '../../../src/core/doctor/extract';
import { checkRegistration, consentFacts } from '../../../src/core/doctor/registration';
import { doctorEdit } from '../../../src/core/doctor/edits';
import { createPlan } from '../../../src/core/plan';
import type { JsonObject } from '../../../src/core/plan/types';
import type { LinkedApp } from '../../../src/core/token/linker';

const appId = 'c1000000-0000-4000-8000-000000000002';
const apiId = 'c1000000-0000-4000-8000-000000000001';
const tenantId = '7d9f3b52-6a1e-4c3f-9b8a-2f1e5c4d6a01';
const clientSp = 'd1000000-0000-4000-8000-000000000002';
const apiSp = 'd1000000-0000-4000-8000-000000000001';
const S = (n: number) => `f1000000-0000-4000-8000-000000000${n}`;

const web: JsonObject = {
  id: 'b1000000-0000-4000-8000-000000000002',
  appId,
  displayName: 'CRM Web',
  signInAudience: 'AzureADMyOrg',
  web: { redirectUris: ['https://crm.example/signin-oidc'], implicitGrantSettings: { enableIdTokenIssuance: false } },
  requiredResourceAccess: [
    {
      resourceAppId: apiId,
      resourceAccess: [
        { id: S(200), type: 'Scope' },
        { id: S(201), type: 'Scope' },
        { id: S(205), type: 'Scope' },
        { id: 'r-accounts', type: 'Role' },
      ],
    },
  ],
};
const crmApi: LinkedApp = {
  appId: apiId,
  displayName: 'CRM API',
  identifierUris: [`api://${apiId}`],
  scopes: [
    { value: 'user_impersonation', id: S(200) },
    { value: 'Crm.Read.My', id: S(201) },
    { value: 'Crm.ReadWrite.Team', id: S(205) },
    { value: 'Sales.ReadWrite.Team', id: S(207) },
  ],
  roles: [{ value: 'Accounts.Read.All', id: 'r-accounts' }],
};
const resources = new Map([[`api://${apiId}`, crmApi]]);
const resourceAppIds = new Map([[apiSp, apiId]]);

function request(scope: string, extra: Record<string, string> = {}) {
  return extractSignIn(
    `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/authorize?${new URLSearchParams({
      client_id: appId,
      response_type: 'code',
      redirect_uri: 'https://crm.example/signin-oidc',
      scope,
      ...extra,
    }).toString()}`,
  );
}

const grants = [
  { clientId: clientSp, consentType: 'AllPrincipals', resourceId: apiSp, scope: 'user_impersonation Crm.Read.My' },
  { clientId: clientSp, consentType: 'Principal', resourceId: apiSp, scope: 'Crm.ReadWrite.Team' },
  // Another client's grant of the scope does not count.
  {
    clientId: 'other-sp',
    consentType: 'AllPrincipals',
    resourceId: apiSp,
    scope: 'Crm.ReadWrite.Team Sales.ReadWrite.Team',
  },
];

test('consentFacts: grants of the client only, per resource appId, tenant-wide vs some users', () => {
  const facts = consentFacts({ clientSpId: clientSp, grants, assignments: [], resourceAppIds });
  assert.equal(facts.servicePrincipal, true);
  const g = facts.delegated?.get(apiId);
  assert.deepEqual([...(g?.tenant ?? [])], ['user_impersonation', 'Crm.Read.My']);
  assert.deepEqual([...(g?.someUsers ?? [])], ['Crm.ReadWrite.Team']);
  assert.equal(
    consentFacts({ clientSpId: clientSp, grants: undefined, assignments: undefined, resourceAppIds }).delegated,
    undefined,
  );
  assert.equal(
    consentFacts({ clientSpId: undefined, grants, assignments: [], resourceAppIds }).servicePrincipal,
    false,
  );
});

test('a listed scope without any grant: scope-not-consented (AADSTS65001 cause); a granted one passes', () => {
  const consent = consentFacts({ clientSpId: clientSp, grants: grants.slice(0, 1), assignments: [], resourceAppIds });
  const c = checkRegistration(
    request(`openid api://${apiId}/user_impersonation api://${apiId}/Crm.ReadWrite.Team`),
    web,
    { resources, consent },
  );
  assert.deepEqual(
    c.findings.map((f) => f.id),
    ['scope-not-consented'],
  );
  assert.match(c.findings[0]!.message, /Nobody has consented to Crm\.ReadWrite\.Team of CRM API/);
  assert.deepEqual(c.findings[0]!.path, ['requiredResourceAccess', 0]);
  assert.match(c.passed.join('\n'), /user_impersonation of CRM API is consented for all users/);
});

test('requested permissions alone are not consent: without grants the same request used to pass', () => {
  const req = request(`api://${apiId}/Crm.ReadWrite.Team`);
  assert.deepEqual(checkRegistration(req, web, { resources }).findings, []);
  const consent = consentFacts({ clientSpId: clientSp, grants: [], assignments: [], resourceAppIds });
  assert.deepEqual(
    checkRegistration(req, web, { resources, consent }).findings.map((f) => f.id),
    ['scope-not-consented'],
  );
});

test('consented by some users only: a warning saying other users are asked or refused', () => {
  const consent = consentFacts({ clientSpId: clientSp, grants, assignments: [], resourceAppIds });
  const c = checkRegistration(request(`api://${apiId}/Crm.ReadWrite.Team`), web, { resources, consent });
  assert.deepEqual(
    c.findings.map((f) => [f.id, f.severity]),
    [['scope-consented-some-users', 'warning']],
  );
});

test('.default (delegated) checks every listed scope of the resource against the grants', () => {
  const consent = consentFacts({ clientSpId: clientSp, grants: grants.slice(0, 1), assignments: [], resourceAppIds });
  const c = checkRegistration(request(`api://${apiId}/.default`), web, { resources, consent });
  assert.deepEqual(
    c.findings.map((f) => f.id),
    ['scope-not-consented'],
  );
  assert.match(c.findings[0]!.message, /Crm\.ReadWrite\.Team/);
});

test('client credentials .default: application permissions need app role assignments', () => {
  const text = `AADSTS501051: something
https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token?grant_type=client_credentials&client_id=${appId}&scope=${encodeURIComponent(`api://${apiId}/.default`)}`;
  const req = extractSignIn(text);
  assert.equal(req.flow, 'clientCredentials');
  const none = consentFacts({ clientSpId: clientSp, grants: [], assignments: [], resourceAppIds });
  const c = checkRegistration(req, web, { resources, consent: none });
  assert.deepEqual(
    c.findings.map((f) => f.id),
    ['role-not-granted'],
  );
  assert.match(c.findings[0]!.message, /Accounts\.Read\.All of CRM API is listed but not granted/);
  const assigned = consentFacts({
    clientSpId: clientSp,
    grants: [],
    assignments: [{ principalId: clientSp, resourceId: apiSp, appRoleId: 'R-ACCOUNTS' }],
    resourceAppIds,
  });
  assert.deepEqual(checkRegistration(req, web, { resources, consent: assigned }).findings, []);
});

test('no service principal: nobody has consented in this tenant', () => {
  const consent = consentFacts({ clientSpId: undefined, grants: [], assignments: [], resourceAppIds });
  const c = checkRegistration(request(`api://${apiId}/user_impersonation`), web, { resources, consent });
  assert.deepEqual(
    c.findings.map((f) => f.id),
    ['consent-no-service-principal'],
  );
});

test('a scope not listed: the finding says whether a grant covers it, and its fix requests the scope', () => {
  const consent = consentFacts({ clientSpId: clientSp, grants, assignments: [], resourceAppIds });
  const c = checkRegistration(request(`api://${apiId}/Sales.ReadWrite.Team`), web, { resources, consent });
  const f = c.findings.find((x) => x.id === 'scope-not-requested');
  assert.ok(f);
  assert.match(f.message, /No grant covers it either/);
  assert.deepEqual(f.edit, {
    kind: 'requestScope',
    label: 'Add Sales.ReadWrite.Team of CRM API to the API permissions',
    resourceAppId: apiId,
    scopeId: S(207),
  });
  const desired = doctorEdit(f.edit!, web)!;
  const plan = createPlan({ live: web, desired, base: web, skipRules: true });
  assert.equal(plan.requests.length, 1);
  assert.deepEqual(Object.keys(plan.requests[0]!.body!), ['requiredResourceAccess']);
  const access = (
    (plan.requests[0]!.body!.requiredResourceAccess as JsonObject[])[0]!.resourceAccess as JsonObject[]
  ).map((a) => a.id);
  assert.deepEqual(access, [S(200), S(201), S(205), 'r-accounts', S(207)]);
});

test('redirect mismatch: the fix adds the requested URI to the suggested platform (one PATCH), nothing when present', () => {
  const c = checkRegistration(request('openid', { redirect_uri: 'https://crm.example/signin-oidc/' }), web);
  const f = c.findings.find((x) => x.id === 'redirect-uri-not-registered');
  assert.deepEqual(f?.edit, {
    kind: 'addRedirectUri',
    label: 'Add https://crm.example/signin-oidc/ to the Web platform',
    platform: 'web',
    uri: 'https://crm.example/signin-oidc/',
  });
  const desired = doctorEdit(f!.edit!, web)!;
  const plan = createPlan({ live: web, desired, base: web, skipRules: true });
  assert.deepEqual((plan.requests[0]!.body!.web as JsonObject).redirectUris, [
    'https://crm.example/signin-oidc',
    'https://crm.example/signin-oidc/',
  ]);
  assert.equal(
    doctorEdit(f!.edit!, { ...web, web: { redirectUris: ['https://crm.example/signin-oidc/'] } }),
    undefined,
  );
});

test('SPA cross-origin redemption: the fix moves the URI from Web to SPA', () => {
  const text = `AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.
https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/authorize?client_id=${appId}&response_type=code&redirect_uri=${encodeURIComponent('https://crm.example/signin-oidc')}`;
  const c = checkRegistration(extractSignIn(text), web);
  const f = c.findings.find((x) => x.id === 'redirect-uri-not-spa');
  assert.equal(f?.edit?.kind, 'moveRedirectUri');
  assert.deepEqual(doctorEdit(f!.edit!, web), {
    web: { redirectUris: [] },
    spa: { redirectUris: ['https://crm.example/signin-oidc'] },
  });
});

test('public client flows off: the fix sets isFallbackPublicClient', () => {
  const text = `AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'. client_id=${appId}`;
  const c = checkRegistration(extractSignIn(text), web);
  const f = c.findings.find((x) => x.id === 'public-client-flows-disabled');
  assert.ok(f?.edit);
  assert.deepEqual(doctorEdit(f.edit, web), { isFallbackPublicClient: true });
  assert.equal(doctorEdit(f.edit, { ...web, isFallbackPublicClient: true }), undefined);
});
