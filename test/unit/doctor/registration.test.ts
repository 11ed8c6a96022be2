import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractSignIn } from '../../../src/core/doctor/extract';
import { checkRegistration, scopeResources } from '../../../src/core/doctor/registration';
import type { LinkedApp } from '../../../src/core/token/linker';

const appId = 'c1000000-0000-4000-8000-000000000002';
const apiId = 'c1000000-0000-4000-8000-000000000001';
const tenantId = '7d9f3b52-6a1e-4c3f-9b8a-2f1e5c4d6a01';

const web = {
  appId,
  displayName: 'CRM Web',
  signInAudience: 'AzureADMyOrg',
  isFallbackPublicClient: null,
  identifierUris: [],
  web: {
    redirectUris: ['https://crm.example/signin-oidc', 'https://localhost:5001/signin-oidc'],
    implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false },
  },
  spa: { redirectUris: ['http://localhost:3000'] },
  publicClient: { redirectUris: [] },
  api: { oauth2PermissionScopes: [] },
  requiredResourceAccess: [
    { resourceAppId: apiId, resourceAccess: [{ id: 'f1000000-0000-4000-8000-000000000200', type: 'Scope' }] },
  ],
};
const crmApi: LinkedApp = {
  appId: apiId,
  displayName: 'CRM API',
  identifierUris: [`api://${apiId}`],
  scopes: [
    { value: 'user_impersonation', id: 'f1000000-0000-4000-8000-000000000200' },
    { value: 'Crm.ReadWrite.All', id: 'f1000000-0000-4000-8000-000000000206' },
  ],
  roles: [{ value: 'Accounts.Read.All', id: 'r1' }],
};

function authorize(params: Record<string, string>, tenant = tenantId): ReturnType<typeof extractSignIn> {
  return extractSignIn(
    `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: appId, ...params }).toString()}`,
  );
}

const ids = (c: ReturnType<typeof checkRegistration>): string[] => c.findings.map((f) => f.id);

test('a registered redirect URI passes; loopback ports are ignored', () => {
  const ok = checkRegistration(
    authorize({ redirect_uri: 'https://crm.example/signin-oidc', response_type: 'code' }),
    web,
  );
  assert.deepEqual(ids(ok), []);
  assert.match(ok.passed.join('\n'), /registered under Web/);
  const port = checkRegistration(authorize({ redirect_uri: 'http://localhost:4200', response_type: 'code' }), web);
  assert.deepEqual(ids(port), []);
  assert.match(port.passed.join('\n'), /Single-page application \(loopback, any port\)/);
});

test('an unregistered redirect URI: not registered, with near misses (trailing slash, scheme, case)', () => {
  const none = checkRegistration(authorize({ redirect_uri: 'https://crm.example/callback' }), web);
  assert.deepEqual(ids(none), ['redirect-uri-not-registered']);
  assert.deepEqual(none.findings[0]!.path, ['web', 'redirectUris']);
  assert.match(none.findings[0]!.fix, /Add https:\/\/crm\.example\/callback to Web/);
  const slash = checkRegistration(authorize({ redirect_uri: 'https://crm.example/signin-oidc/' }), web);
  assert.match(slash.findings[0]!.message, /differs from it only by a trailing slash/);
  assert.deepEqual(slash.findings[0]!.path, ['web', 'redirectUris', 0]);
  const scheme = checkRegistration(authorize({ redirect_uri: 'http://crm.example/signin-oidc' }), web);
  assert.match(scheme.findings[0]!.message, /only by the scheme \(http vs https\)/);
  const kase = checkRegistration(authorize({ redirect_uri: 'https://crm.example/SignIn-OIDC' }), web);
  assert.match(kase.findings[0]!.message, /upper\/lower case/);
});

test('platform: SPA code redemption on a Web URI (9002326), custom schemes go to Mobile and desktop', () => {
  const spa = checkRegistration(
    { ...authorize({ redirect_uri: 'https://crm.example/signin-oidc' }), code: '9002326', codes: ['9002326'] },
    web,
  );
  assert.deepEqual(ids(spa), ['redirect-uri-not-spa']);
  assert.deepEqual(spa.findings[0]!.path, ['web', 'redirectUris', 0]);
  const native = checkRegistration(authorize({ redirect_uri: 'msal' + appId + '://auth' }), web);
  assert.deepEqual(native.findings[0]!.path, ['publicClient', 'redirectUris']);
});

test('implicit flow needs the response type enabled (700054)', () => {
  const r = checkRegistration(
    authorize({ redirect_uri: 'https://crm.example/signin-oidc', response_type: 'id_token token' }),
    web,
  );
  assert.deepEqual(ids(r).sort(), ['implicit-access-token-disabled', 'implicit-id-token-disabled']);
  assert.deepEqual(r.findings.find((f) => f.id === 'implicit-id-token-disabled')!.path, [
    'web',
    'implicitGrantSettings',
    'enableIdTokenIssuance',
  ]);
});

test('scopes: exposed and listed passes; exposed but not listed, not exposed, an app role, unknown resource', () => {
  const req = authorize({
    scope: `openid api://${apiId}/user_impersonation api://${apiId}/Crm.ReadWrite.All api://${apiId}/Nope api://${apiId}/Accounts.Read.All`,
  });
  assert.deepEqual(scopeResources(req), [`api://${apiId}`]);
  const r = checkRegistration(req, web, { resources: new Map([[`api://${apiId}`, crmApi]]) });
  assert.deepEqual(ids(r).sort(), ['scope-not-exposed', 'scope-not-exposed', 'scope-not-requested']);
  const notListed = r.findings.find((f) => f.id === 'scope-not-requested')!;
  assert.match(notListed.message, /Crm\.ReadWrite\.All of CRM API is not listed/);
  assert.deepEqual(notListed.path, ['requiredResourceAccess', 0, 'resourceAccess']);
  assert.ok(r.findings.some((f) => /app role/.test(f.message)));
  assert.match(r.passed.join('\n'), /user_impersonation is exposed by CRM API and listed/);
  const missing = checkRegistration(authorize({ scope: 'api://typo/read' }), web, {
    resources: new Map([['api://typo', null]]),
  });
  assert.deepEqual(ids(missing), ['resource-not-found']);
});

test('.default: mixed with scopes, required for client credentials, resource must be listed', () => {
  const mixed = checkRegistration(
    authorize({ scope: `api://${apiId}/.default api://${apiId}/user_impersonation` }),
    web,
    { resources: new Map([[`api://${apiId}`, crmApi]]) },
  );
  assert.ok(ids(mixed).includes('scope-default-mixed'));
  const cc = extractSignIn(
    `grant_type=client_credentials&client_id=${appId}&scope=${encodeURIComponent('https://graph.microsoft.com/User.Read.All')}&error=invalid_scope`,
  );
  assert.ok(ids(checkRegistration(cc, web)).includes('scope-app-only-needs-default'));
  const graph: LinkedApp = {
    appId: '00000003-0000-0000-c000-000000000000',
    displayName: 'Microsoft Graph',
    scopes: [],
    roles: [],
  };
  const unlisted = checkRegistration(authorize({ scope: 'https://graph.microsoft.com/.default' }), web, {
    resources: new Map([['00000003-0000-0000-c000-000000000000', graph]]),
  });
  assert.deepEqual(ids(unlisted), ['default-resource-not-listed']);
});

test("the app's own API scopes are checked against api.oauth2PermissionScopes", () => {
  const api = {
    ...web,
    appId: apiId,
    identifierUris: [`api://${apiId}`],
    api: {
      oauth2PermissionScopes: [
        { value: 'read', id: 'x', isEnabled: true },
        { value: 'old', id: 'y', isEnabled: false },
      ],
    },
  };
  const r = checkRegistration(
    extractSignIn(
      `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/authorize?client_id=${apiId}&scope=api://${apiId}/read%20api://${apiId}/write%20api://${apiId}/old`,
    ),
    api,
  );
  assert.deepEqual(ids(r).sort(), ['scope-disabled', 'scope-not-exposed']);
  assert.deepEqual(r.findings.find((f) => f.id === 'scope-disabled')!.path, [
    'api',
    'oauth2PermissionScopes',
    1,
    'isEnabled',
  ]);
});

test('supported account types against the tenant in the URL', () => {
  const common = checkRegistration(authorize({}, 'common'), web);
  assert.deepEqual(ids(common), ['audience-mismatch']);
  assert.deepEqual(common.findings[0]!.path, ['signInAudience']);
  assert.match(common.findings[0]!.message, /single-tenant/);
  assert.deepEqual(
    ids(checkRegistration(authorize({}, 'consumers'), { ...web, signInAudience: 'AzureADMultipleOrgs' })),
    ['audience-mismatch'],
  );
  assert.deepEqual(
    ids(checkRegistration(authorize({}, 'organizations'), { ...web, signInAudience: 'AzureADMultipleOrgs' })),
    [],
  );
  const other = checkRegistration(authorize({}, 'fabrikam.onmicrosoft.com'), web, {
    homeTenant: { id: tenantId, domains: ['contoso.onmicrosoft.com'] },
  });
  assert.deepEqual(ids(other), ['audience-mismatch']);
  assert.deepEqual(
    ids(
      checkRegistration(authorize({}, 'Contoso.onmicrosoft.com'), web, {
        homeTenant: { id: tenantId, domains: ['contoso.onmicrosoft.com'] },
      }),
    ),
    [],
  );
});

test('device code and ROPC need public client flows allowed', () => {
  const dc = extractSignIn(
    `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/devicecode?client_id=${appId}&scope=User.Read`,
  );
  const r = checkRegistration(dc, web);
  assert.ok(ids(r).includes('public-client-flows-disabled'));
  assert.deepEqual(r.findings.find((f) => f.id === 'public-client-flows-disabled')!.path, ['isFallbackPublicClient']);
  assert.ok(
    !ids(checkRegistration(dc, { ...web, isFallbackPublicClient: true })).includes('public-client-flows-disabled'),
  );
  const secretless = {
    ...extractSignIn('AADSTS7000218: The request body must contain client_assertion or client_secret.'),
    clientId: appId,
  };
  assert.ok(ids(checkRegistration(secretless, web)).includes('public-client-flows-disabled'));
});
