// Every shape of application object a repository holds: the pre-2019 Azure AD Graph object,
// partial objects (update bodies, $select responses) and Teams Toolkit templates mixing schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintManifest } from '../../../src/core/manifest/lint';

const lint = (value: unknown) =>
  lintManifest(JSON.stringify(value, null, 2), { now: new Date('2026-01-01T00:00:00Z') });
const ids = (r: ReturnType<typeof lint>) => r.problems.map((p) => p.ruleId);

test('the pre-2019 Azure AD Graph object is legacy and its replyUrls are checked by the redirect rules', () => {
  const r = lint({
    'odata.metadata': 'https://graph.windows.net/contoso.onmicrosoft.com/$metadata#directoryObjects/@Element',
    'odata.type': 'Microsoft.DirectoryServices.Application',
    objectType: 'Application',
    objectId: 'b1d0c3f2-6a5e-4a3b-9f1e-2c3d4e5f6a7b',
    deletionTimestamp: null,
    appId: '0c4b8f2e-1d3a-4e5f-8a9b-7c6d5e4f3a2b',
    displayName: 'Old app',
    availableToOtherTenants: true,
    homepage: 'https://contoso.example/',
    replyUrls: ['http://contoso.example/signin', 'https://contoso.example/*'],
    publicClient: null,
    identifierUris: [],
    oauth2Permissions: [],
    requiredResourceAccess: [],
    keyCredentials: [],
    passwordCredentials: [],
  });
  assert.equal(r.format, 'legacy');
  const onReply = r.problems.filter((p) => p.path.startsWith('/replyUrls/')).map((p) => `${p.ruleId}@${p.path}`);
  assert.ok(onReply.includes('redirect-uri-scheme@/replyUrls/0'), onReply.join());
  assert.ok(onReply.includes('redirect-uri-wildcard@/replyUrls/1'), onReply.join());
  assert.deepEqual(
    ids(r).filter((id) => id === 'schema-unknown-property'),
    [],
    'every key of the old object is known',
  );
});

test('an update body with only requiredResourceAccess is partial: rules run, nothing is missing', () => {
  const r = lint({
    requiredResourceAccess: [
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Role' }],
      },
    ],
  });
  assert.equal(r.format, 'partial');
  assert.ok(ids(r).includes('rra-type-mismatch'), ids(r).join());
  assert.deepEqual(
    ids(r).filter((id) => id === 'schema-required' || id === 'not-a-manifest'),
    [],
  );
});

test('a $select response is partial; a body naming the app is whole; unknown keys keep JSON that is not an app out', () => {
  const select = lint({
    '@odata.context':
      'https://graph.microsoft.com/v1.0/$metadata#applications(id,appId,displayName,requiredResourceAccess)/$entity',
    id: 'b1d0c3f2-6a5e-4a3b-9f1e-2c3d4e5f6a7b',
    appId: '0c4b8f2e-1d3a-4e5f-8a9b-7c6d5e4f3a2b',
    displayName: 'x',
    requiredResourceAccess: [],
  });
  assert.equal(select.format, 'partial');
  assert.equal(lint({ displayName: 'x', requiredResourceAccess: [], web: { redirectUris: [] } }).format, 'graph');
  assert.equal(lint({ web: { redirectUris: ['http://contoso.example/cb'] } }).format, 'partial');
  assert.ok(ids(lint({ web: { redirectUris: ['http://contoso.example/cb'] } })).includes('redirect-uri-scheme'));
  assert.equal(lint({ requiredResourceAccess: 1, version: '1.0', manifestVersion: 2 }).format, 'not-manifest');
});

test('a scope written in both schemas of one Teams Toolkit template is one mixed-schema finding, not a duplicate', () => {
  const scope = {
    adminConsentDescription: 'a',
    adminConsentDisplayName: 'a',
    id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}',
    isEnabled: true,
    type: 'User',
    userConsentDescription: 'u',
    userConsentDisplayName: 'u',
    value: 'access_as_user',
  };
  const r = lint({
    id: '${{AAD_APP_OBJECT_ID}}',
    appId: '${{AAD_APP_CLIENT_ID}}',
    displayName: 'tab',
    signInAudience: 'AzureADMyOrg',
    identifierUris: ['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}'],
    api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [scope] },
    oauth2Permissions: [{ ...scope, lang: null, origin: 'Application' }],
  });
  assert.equal(r.format, 'teams-template');
  assert.deepEqual(
    ids(r).filter((id) => id === 'permission-value-duplicate' || id === 'permission-id-duplicate'),
    [],
  );
  const mixed = r.problems.filter((p) => /mix the two formats/.test(p.message));
  assert.equal(mixed.length, 1, r.problems.map((p) => p.message).join('\n'));
});
