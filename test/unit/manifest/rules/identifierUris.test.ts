import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ID, applyFix, assertAt, guid, run } from './helper';

const app = (
  uris: unknown[],
  audience = 'AzureADMyOrg',
  version: unknown = 2,
  extra: Record<string, unknown> = {},
) => ({
  appId: APP_ID,
  signInAudience: audience,
  identifierUris: uris,
  api: { requestedAccessTokenVersion: version },
  ...extra,
});

test('identifier-uri-trailing-slash with a fix that drops it', () => {
  const text = JSON.stringify(app([`api://${APP_ID}/`, 'https://contoso.com/api']), null, 2);
  const ps = run('identifier-uri-trailing-slash', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['identifierUris', 0]);
  const fixed = applyFix(text, ps[0]!);
  assert.deepEqual((fixed.value as { identifierUris: string[] }).identifierUris, [
    `api://${APP_ID}`,
    'https://contoso.com/api',
  ]);
  assert.deepEqual(run('identifier-uri-trailing-slash', fixed.text), []);
});

test('identifier-uri-format: wildcards always; urn, query, length 120, count 50 for personal audiences', () => {
  assert.equal(run('identifier-uri-format', app(['https://*.contoso.com/api']))[0]?.severity, 'error');
  const personal = JSON.stringify(
    app(
      ['urn:contoso:api', 'https://contoso.com/api?x=1', 'https://contoso.com/' + 'a'.repeat(110)],
      'AzureADandPersonalMicrosoftAccount',
    ),
    null,
    2,
  );
  const ps = run('identifier-uri-format', personal);
  assert.deepEqual(
    ps.map((p) => p.path),
    ['/identifierUris/0', '/identifierUris/1', '/identifierUris/2'],
  );
  assertAt(personal, ps[1], ['identifierUris', 1]);
  assert.deepEqual(
    run(
      'identifier-uri-format',
      app(['urn:contoso:api', 'https://contoso.com/api?x=1', 'https://contoso.com/' + 'a'.repeat(110)]),
    ),
    [],
  );
  const many = Array.from({ length: 51 }, (_, i) => `api://${guid(i)}/x`);
  assert.equal(run('identifier-uri-format', app(many, 'PersonalMicrosoftAccount'))[0]?.path, '/identifierUris/50');
  assert.deepEqual(run('identifier-uri-format', app(many)), []);
});

test('identifier-uri-guid: api://{guid} must be the appId', () => {
  const other = guid(42);
  const text = JSON.stringify(app([`api://${other}`, `api://${APP_ID}`, `api://${other}/${APP_ID}`]), null, 2);
  const ps = run('identifier-uri-guid', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['identifierUris', 0]);
  const fixed = applyFix(text, ps[0]!);
  assert.equal((fixed.value as { identifierUris: string[] }).identifierUris[0], `api://${APP_ID}`);
});

test('identifier-uri-policy: v1-token apps with non-default URIs get the tenant-policy info', () => {
  const uris = [
    `api://${APP_ID}`,
    'api://contoso-api',
    'https://api.contoso.com/files',
    'https://contoso.onmicrosoft.com/files',
    `api://${guid(3)}/files`,
  ];
  const text = JSON.stringify(app(uris, 'AzureADMyOrg', null), null, 2);
  const ps = run('identifier-uri-policy', text);
  assert.deepEqual(
    ps.map((p) => p.path),
    ['/identifierUris/1', '/identifierUris/2'],
  );
  assert.match(ps[0]!.message, /verified domain, tenant ID or app ID/);
  assert.match(ps[1]!.message, /api\.contoso\.com is a verified domain/);
  assert.equal(ps[0]!.severity, 'info');
  assert.deepEqual(run('identifier-uri-policy', app(uris, 'AzureADMyOrg', 2)), []);
  // Apps for personal accounts: the secure formats whatever the token version.
  const personal = run('identifier-uri-policy', app(uris, 'PersonalMicrosoftAccount', 2));
  assert.deepEqual(
    personal.map((p) => p.path),
    ['/identifierUris/1', '/identifierUris/2'],
  );
  assert.match(
    personal[0]!.message,
    /personal accounts \(PersonalMicrosoftAccount\) accept only App ID URIs with the app ID/,
  );
});

test('identifier-uri-tunnel flags dev tunnel hosts, in api:// and https:// forms', () => {
  const text = JSON.stringify(
    app([
      `api://1a31-2404.ngrok-free.app/${APP_ID}`,
      'https://abc.devtunnels.ms/api',
      'https://contoso.com/api',
      'https://x.trycloudflare.com',
    ]),
    null,
    2,
  );
  const ps = run('identifier-uri-tunnel', text);
  assert.equal(ps.length, 3);
  assertAt(text, ps[0], ['identifierUris', 0]);
  assert.match(ps[0]!.message, /ngrok-free\.app/);
});

test('identifier-uri-public-client (legacy manifests)', () => {
  const legacy = { appId: APP_ID, allowPublicClient: true, identifierUris: ['api://x'], replyUrlsWithType: [] };
  const text = JSON.stringify(legacy, null, 2);
  const ps = run('identifier-uri-public-client', text);
  assert.equal(ps.length, 1);
  assert.equal(text.slice(ps[0]!.offset, ps[0]!.offset + ps[0]!.length), '"identifierUris"');
  assert.deepEqual(run('identifier-uri-public-client', { ...legacy, allowPublicClient: false }), []);
});

test('token-version-personal: error with a fix setting 2 (graph, missing api, legacy)', () => {
  const text = JSON.stringify(app([], 'AzureADandPersonalMicrosoftAccount', null), null, 2);
  const ps = run('token-version-personal', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['api', 'requestedAccessTokenVersion']);
  const fixed = applyFix(text, ps[0]!);
  assert.equal((fixed.value as { api: { requestedAccessTokenVersion: number } }).api.requestedAccessTokenVersion, 2);
  assert.deepEqual(run('token-version-personal', fixed.text), []);

  const noApi = JSON.stringify({ displayName: 'x', signInAudience: 'PersonalMicrosoftAccount' }, null, 2);
  const p2 = run('token-version-personal', noApi);
  assert.equal(p2[0]?.path, '/signInAudience');
  assert.deepEqual(applyFix(noApi, p2[0]!).value, {
    displayName: 'x',
    signInAudience: 'PersonalMicrosoftAccount',
    api: { requestedAccessTokenVersion: 2 },
  });

  const legacy = JSON.stringify(
    { signInAudience: 'AzureADandPersonalMicrosoftAccount', accessTokenAcceptedVersion: 1, replyUrlsWithType: [] },
    null,
    2,
  );
  const p3 = run('token-version-personal', legacy);
  assertAt(legacy, p3[0], ['accessTokenAcceptedVersion']);
  assert.equal(
    (applyFix(legacy, p3[0]!).value as { accessTokenAcceptedVersion: number }).accessTokenAcceptedVersion,
    2,
  );

  assert.deepEqual(run('token-version-personal', app([], 'AzureADMyOrg', null)), []);
  assert.deepEqual(run('token-version-personal', app([], 'AzureADandPersonalMicrosoftAccount', 2)), []);
});

test('token-version-personal reads signInAudience case-insensitively', () => {
  assert.equal(
    run('token-version-personal', { signInAudience: 'AzureADAndPersonalMicrosoftAccount', spa: { redirectUris: [] } })
      .length,
    1,
  );
});

test('token-version-v1-custom-uri: info for v1 apps with non-default URIs', () => {
  const text = JSON.stringify(app(['https://contoso.com/api'], 'AzureADMyOrg', null), null, 2);
  const ps = run('token-version-v1-custom-uri', text);
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.severity, 'info');
  assertAt(text, ps[0], ['api', 'requestedAccessTokenVersion']);
  assert.deepEqual(run('token-version-v1-custom-uri', app([`api://${APP_ID}`], 'AzureADMyOrg', null)), []);
  assert.deepEqual(run('token-version-v1-custom-uri', app(['https://contoso.com/api'], 'AzureADMyOrg', 2)), []);
});

test('placeholders in identifier URIs are never flagged', () => {
  const m = {
    appId: '${{AAD_APP_CLIENT_ID}}',
    signInAudience: 'AzureADandPersonalMicrosoftAccount',
    identifierUris: [
      'api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}',
      '{{state.fx-resource-aad-app-for-teams.applicationIdUris}}',
    ],
    accessTokenAcceptedVersion: 2,
  };
  for (const id of [
    'identifier-uri-trailing-slash',
    'identifier-uri-format',
    'identifier-uri-guid',
    'identifier-uri-policy',
    'identifier-uri-tunnel',
    'token-version-personal',
  ]) {
    assert.deepEqual(run(id, m), [], id);
  }
});
