import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helper';

const scope = (extra: Record<string, unknown> = {}) => ({
  id: '8a1f3e2d-4c5b-4a69-9e7f-1a2b3c4d5e6f',
  value: 'Files.Read',
  type: 'User',
  isEnabled: true,
  adminConsentDisplayName: 'Read files',
  adminConsentDescription: 'Reads files.',
  userConsentDisplayName: 'Read your files',
  userConsentDescription: 'Reads your files.',
  ...extra,
});

test('scope-without-identifier-uri: exposed or pre-authorized scopes need an App ID URI', () => {
  const exposed = run('scope-without-identifier-uri', {
    displayName: 'api',
    identifierUris: [],
    api: { oauth2PermissionScopes: [scope()] },
  });
  assert.equal(exposed.length, 1);
  assert.equal(exposed[0]!.path, '/identifierUris');
  assert.match(exposed[0]!.message, /exposes 1 scope but has no App ID URI/);
  const preAuth = run('scope-without-identifier-uri', {
    displayName: 'api',
    api: {
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [{ appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', delegatedPermissionIds: [] }],
    },
  });
  assert.match(preAuth[0]!.message, /pre-authorizes clients/);
  assert.deepEqual(
    run('scope-without-identifier-uri', {
      displayName: 'api',
      identifierUris: ['api://8a1f3e2d-0000-4a69-9e7f-1a2b3c4d5e6f'],
      api: { oauth2PermissionScopes: [scope()] },
    }),
    [],
  );
  assert.deepEqual(
    run('scope-without-identifier-uri', {
      displayName: 'api',
      identifierUris: [],
      api: { oauth2PermissionScopes: [scope({ isEnabled: false })] },
    }),
    [],
    'a disabled scope cannot be requested anyway',
  );
  assert.deepEqual(
    run('scope-without-identifier-uri', { api: { oauth2PermissionScopes: [scope()] } }, { format: 'partial' }),
    [],
    'an update body that leaves identifierUris alone',
  );
  // Legacy manifests name scopes oauth2Permissions.
  assert.equal(
    run('scope-without-identifier-uri', {
      name: 'api',
      identifierUris: [],
      oauth2Permissions: [scope()],
      replyUrlsWithType: [],
    }).length,
    1,
  );
});

test('scope-user-consent-text: scopes users may consent to carry the user consent text', () => {
  const missing = run('scope-user-consent-text', {
    displayName: 'api',
    api: { oauth2PermissionScopes: [scope({ userConsentDisplayName: null, userConsentDescription: '' })] },
  });
  assert.equal(missing.length, 1);
  assert.equal(missing[0]!.path, '/api/oauth2PermissionScopes/0/value');
  assert.match(missing[0]!.message, /no userConsentDisplayName and no userConsentDescription/);
  assert.deepEqual(
    run('scope-user-consent-text', { displayName: 'api', api: { oauth2PermissionScopes: [scope()] } }),
    [],
  );
  assert.deepEqual(
    run('scope-user-consent-text', {
      displayName: 'api',
      api: {
        oauth2PermissionScopes: [scope({ type: 'Admin', userConsentDisplayName: null, userConsentDescription: null })],
      },
    }),
    [],
    'admins only: users never see it',
  );
});

test('scope-without-identifier-uri: the user_impersonation scope Entra gives an app made from a template is not a mistake', () => {
  const templateApp = (extra: Record<string, unknown> = {}) => ({
    displayName: 'Expense portal (SAML)',
    applicationTemplateId: '0b3c5d7e-9f1a-4b2c-8d3e-5f6a7b8c9d0e',
    identifierUris: [],
    api: { oauth2PermissionScopes: [scope({ value: 'user_impersonation' })] },
    ...extra,
  });
  assert.deepEqual(run('scope-without-identifier-uri', templateApp()), []);
  // A scope of its own, or pre-authorized clients, still need the App ID URI.
  assert.equal(
    run('scope-without-identifier-uri', templateApp({ api: { oauth2PermissionScopes: [scope()] } })).length,
    1,
  );
  assert.equal(run('scope-without-identifier-uri', templateApp({ applicationTemplateId: null })).length, 1);
});
