import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminConsentScope, adminConsentTenant, adminConsentUrl } from '../../../src/core/doctor/adminConsent';
import { getCloud } from '../../../src/core/entra/clouds';

const clientId = 'C1000000-0000-4000-8000-000000000002';

test('builds the v2 admin consent URL with scope and redirect_uri', () => {
  const url = adminConsentUrl({
    authorityHost: 'https://login.microsoftonline.com',
    tenant: 'contoso.onmicrosoft.com',
    clientId,
    scope: 'https://graph.microsoft.com/.default',
    redirectUri: 'https://app.example/consented',
  });
  assert.equal(
    url,
    'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2/adminconsent?client_id=c1000000-0000-4000-8000-000000000002&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=https%3A%2F%2Fapp.example%2Fconsented',
  );
  const parsed = new URL(url);
  assert.equal(parsed.searchParams.get('scope'), 'https://graph.microsoft.com/.default');
});

test('national clouds and organizations vs the tenant id', () => {
  const gov = getCloud('AzureUSGovernment');
  const url = adminConsentUrl({
    authorityHost: gov.authorityHost,
    tenant: adminConsentTenant('AzureADMultipleOrgs', 't'),
    clientId,
    scope: `${gov.graphBaseUrl}/.default api://x/.default`,
  });
  assert.ok(url.startsWith('https://login.microsoftonline.us/organizations/v2/adminconsent?'));
  assert.equal(new URL(url).searchParams.get('scope'), 'https://graph.microsoft.us/.default api://x/.default');
  assert.ok(!url.includes('+'), 'spaces are %20');
  assert.equal(adminConsentTenant('AzureADMyOrg', 'tid'), 'tid');
  assert.equal(adminConsentTenant(undefined, 'tid'), 'tid');
  assert.equal(adminConsentTenant('AzureADandPersonalMicrosoftAccount', 'tid'), 'organizations');
  assert.ok(
    adminConsentUrl({ authorityHost: 'https://login.example.test/', tenant: 't', clientId, scope: 's' }).startsWith(
      'https://login.example.test/t/v2/adminconsent?',
    ),
  );
});

test('refuses inputs that cannot work, saying what to change', () => {
  const base = {
    authorityHost: 'https://login.microsoftonline.com',
    tenant: 'organizations',
    clientId,
    scope: 'https://graph.microsoft.com/.default',
  };
  assert.throws(
    () => adminConsentUrl({ ...base, clientId: 'my-app' }),
    /not a GUID; copy the Application \(client\) ID/,
  );
  assert.throws(() => adminConsentUrl({ ...base, tenant: 'common' }), /work or school tenant/);
  assert.throws(() => adminConsentUrl({ ...base, scope: ' ' }), /at least one scope/);
  assert.throws(() => adminConsentUrl({ ...base, authorityHost: 'http://login.microsoftonline.com' }), /https/);
  assert.throws(() => adminConsentUrl({ ...base, tenant: 'a/b' }), /not a tenant id/);
});

test('the scope covers each listed resource with .default', () => {
  const app = {
    requiredResourceAccess: [
      { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [] },
      { resourceAppId: 'C1000000-0000-4000-8000-000000000001', resourceAccess: [] },
    ],
  };
  assert.equal(
    adminConsentScope(app),
    'https://graph.microsoft.com/.default c1000000-0000-4000-8000-000000000001/.default',
  );
  assert.equal(adminConsentScope({}, 'https://graph.microsoft.us'), 'https://graph.microsoft.us/.default');
});
