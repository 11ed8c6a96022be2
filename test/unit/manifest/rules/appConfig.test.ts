import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ID, applyFix, assertAt, run } from './helper';

const NOW = new Date('2026-01-15T00:00:00Z');

test('implicit-access-token (graph and legacy) with a fix turning it off', () => {
  const text = JSON.stringify(
    {
      web: {
        redirectUris: ['https://c.com/a'],
        implicitGrantSettings: { enableAccessTokenIssuance: true, enableIdTokenIssuance: false },
      },
    },
    null,
    2,
  );
  const ps = run('implicit-access-token', text);
  assertAt(text, ps[0], ['web', 'implicitGrantSettings', 'enableAccessTokenIssuance']);
  const fixed = applyFix(text, ps[0]!);
  assert.deepEqual(run('implicit-access-token', fixed.text), []);
  const legacy = JSON.stringify({ oauth2AllowImplicitFlow: true, replyUrlsWithType: [] }, null, 2);
  assertAt(legacy, run('implicit-access-token', legacy)[0], ['oauth2AllowImplicitFlow']);
  assert.deepEqual(run('implicit-access-token', { web: { implicitGrantSettings: {} } }), []);
});

test('implicit-id-token-no-web-redirect', () => {
  const text = JSON.stringify(
    { spa: { redirectUris: ['https://c.com'] }, web: { implicitGrantSettings: { enableIdTokenIssuance: true } } },
    null,
    2,
  );
  const ps = run('implicit-id-token-no-web-redirect', text);
  assert.equal(ps[0]?.severity, 'info');
  assertAt(text, ps[0], ['web', 'implicitGrantSettings', 'enableIdTokenIssuance']);
  assert.deepEqual(
    run('implicit-id-token-no-web-redirect', {
      web: { redirectUris: ['https://c.com'], implicitGrantSettings: { enableIdTokenIssuance: true } },
    }),
    [],
  );
  const legacy = { oauth2AllowIdTokenImplicitFlow: true, replyUrlsWithType: [{ url: 'https://c.com', type: 'Web' }] };
  assert.deepEqual(run('implicit-id-token-no-web-redirect', legacy), []);
});

test('public-client-conflict: fallback public client with Web URIs or secrets', () => {
  const m = {
    isFallbackPublicClient: true,
    web: { redirectUris: ['https://c.com/a'] },
    passwordCredentials: [{ keyId: '1', endDateTime: '2026-06-01T00:00:00Z' }],
  };
  const text = JSON.stringify(m, null, 2);
  assertAt(text, run('public-client-conflict', text)[0], ['isFallbackPublicClient']);
  assert.match(
    run('public-client-conflict', { ...m, passwordCredentials: [] })[0]!.message,
    /has Web redirect URIs \(/,
  );
  assert.match(run('public-client-conflict', { ...m, web: { redirectUris: [] } })[0]!.message, /has client secrets \(/);
  assert.deepEqual(run('public-client-conflict', { ...m, web: { redirectUris: [] }, passwordCredentials: [] }), []);
  assert.deepEqual(run('public-client-conflict', { ...m, isFallbackPublicClient: false }), []);
});

test('group-claims-personal, accept-mapped-claims-multitenant, saml-metadata-url-audience', () => {
  const g = JSON.stringify(
    { signInAudience: 'PersonalMicrosoftAccount', groupMembershipClaims: 'SecurityGroup' },
    null,
    2,
  );
  assertAt(g, run('group-claims-personal', g)[0], ['groupMembershipClaims']);
  assert.deepEqual(
    run('group-claims-personal', { signInAudience: 'AzureADMyOrg', groupMembershipClaims: 'SecurityGroup' }),
    [],
  );
  assert.deepEqual(
    run('group-claims-personal', { signInAudience: 'PersonalMicrosoftAccount', groupMembershipClaims: 'None' }),
    [],
  );

  const a = JSON.stringify({ signInAudience: 'AzureADMultipleOrgs', api: { acceptMappedClaims: true } }, null, 2);
  assertAt(a, run('accept-mapped-claims-multitenant', a)[0], ['api', 'acceptMappedClaims']);
  assert.deepEqual(
    run('accept-mapped-claims-multitenant', { signInAudience: 'AzureADMyOrg', api: { acceptMappedClaims: true } }),
    [],
  );
  assert.equal(
    run('accept-mapped-claims-multitenant', {
      signInAudience: 'AzureADMultipleOrgs',
      acceptMappedClaims: true,
      replyUrlsWithType: [],
    })[0]?.path,
    '/acceptMappedClaims',
  );

  const s = JSON.stringify(
    { signInAudience: 'AzureADandPersonalMicrosoftAccount', samlMetadataUrl: 'https://c.com/md' },
    null,
    2,
  );
  assertAt(s, run('saml-metadata-url-audience', s)[0], ['samlMetadataUrl']);
  assert.deepEqual(
    run('saml-metadata-url-audience', { signInAudience: 'AzureADMyOrg', samlMetadataUrl: 'https://c.com/md' }),
    [],
  );
});

test('the audience rules compare in any case, and a long text that starts like a value is none of them', () => {
  // Any case: the same answers as for the exact spelling.
  assert.equal(
    run('group-claims-personal', { signInAudience: 'personalmicrosoftACCOUNT', groupMembershipClaims: 'All' }).length,
    1,
  );
  assert.equal(
    run('accept-mapped-claims-multitenant', {
      signInAudience: 'azureadmultipleorgs',
      api: { acceptMappedClaims: true },
    }).length,
    1,
  );
  assert.deepEqual(
    run('saml-metadata-url-audience', { signInAudience: 'AZUREADMYORG', samlMetadataUrl: 'https://c.com/md' }),
    [],
  );
  // A value followed by more text (here 300,000 characters, as a pasted file would be) is not that value.
  const long = (value: string): string => value + 'é'.repeat(300_000);
  assert.deepEqual(
    run('group-claims-personal', { signInAudience: long('PersonalMicrosoftAccount'), groupMembershipClaims: 'All' }),
    [],
  );
  assert.deepEqual(
    run('accept-mapped-claims-multitenant', {
      signInAudience: long('AzureADMultipleOrgs'),
      api: { acceptMappedClaims: true },
    }),
    [],
  );
  assert.equal(
    run('saml-metadata-url-audience', { signInAudience: long('AzureADMyOrg'), samlMetadataUrl: 'https://c.com/md' })
      .length,
    1,
  );
});

test('credential-expiry: expired (warning), within 30 days (info), relative to ctx.now', () => {
  const m = {
    passwordCredentials: [
      { keyId: 'a', endDateTime: '2025-12-31T00:00:00Z' },
      { keyId: 'b', endDateTime: '2026-02-01T00:00:00Z' },
      { keyId: 'c', endDateTime: '2026-06-01T00:00:00Z' },
    ],
    keyCredentials: [{ keyId: 'd', endDateTime: '2026-01-10T00:00:00Z' }],
  };
  const text = JSON.stringify(m, null, 2);
  const ps = run('credential-expiry', text, { now: NOW });
  assert.deepEqual(
    ps.map((p) => [p.path, p.severity]),
    [
      ['/passwordCredentials/0/endDateTime', 'warning'],
      ['/passwordCredentials/1/endDateTime', 'info'],
      ['/keyCredentials/0/endDateTime', 'warning'],
    ],
  );
  assertAt(text, ps[1], ['passwordCredentials', 1, 'endDateTime']);
  assert.match(ps[1]!.message, /17 days/);
  assert.deepEqual(run('credential-expiry', text, { now: new Date('2024-01-01T00:00:00Z') }), []);
  const legacy = { replyUrlsWithType: [], passwordCredentials: [{ endDate: '2025-05-24T09:05:30.5481774Z' }] };
  assert.equal(run('credential-expiry', legacy, { now: NOW })[0]?.path, '/passwordCredentials/0/endDate');
});

test('credential-long-lived: secrets valid more than 24 months', () => {
  const text = JSON.stringify(
    {
      passwordCredentials: [
        { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2099-12-31T00:00:00Z' },
        { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' },
      ],
    },
    null,
    2,
  );
  const ps = run('credential-long-lived', text, { now: NOW });
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['passwordCredentials', 0, 'endDateTime']);
});

test('credential-secret-in-file: secretText, key and legacy value, with a fix', () => {
  const text = JSON.stringify(
    {
      passwordCredentials: [
        { keyId: 'a', secretText: 'abc~0123456789abcdef', key: null },
        { value: 'legacy-secret-value' },
        { hint: 'abc', secretText: null },
      ],
    },
    null,
    2,
  );
  const ps = run('credential-secret-in-file', text);
  assert.equal(ps.length, 2);
  assertAt(text, ps[0], ['passwordCredentials', 0, 'secretText']);
  assertAt(text, ps[1], ['passwordCredentials', 1, 'value']);
  assert.ok(!ps[0]!.message.includes('abc~0123456789abcdef'), 'the secret is not echoed');
  const fixed = applyFix(text, ps[0]!);
  assert.equal(run('credential-secret-in-file', fixed.text).length, 1);
  assert.deepEqual(run('credential-secret-in-file', { passwordCredentials: [{ secretText: '${{SECRET}}' }] }), []);
});

test('credential-count-personal and credential-public-client', () => {
  const three = [{ keyId: '1' }, { keyId: '2' }, { keyId: '3' }];
  const text = JSON.stringify(
    { signInAudience: 'AzureADandPersonalMicrosoftAccount', passwordCredentials: three },
    null,
    2,
  );
  const ps = run('credential-count-personal', text);
  assert.equal(text.slice(ps[0]!.offset, ps[0]!.offset + ps[0]!.length), '"passwordCredentials"');
  assert.deepEqual(
    run('credential-count-personal', { signInAudience: 'AzureADMyOrg', passwordCredentials: three }),
    [],
  );

  const pub = {
    appId: APP_ID,
    publicClient: { redirectUris: ['http://localhost'] },
    passwordCredentials: [{ keyId: '1' }],
  };
  assert.equal(run('credential-public-client', pub)[0]?.path, '/passwordCredentials');
  assert.deepEqual(run('credential-public-client', { ...pub, web: { redirectUris: ['https://c.com/a'] } }), []);
  assert.deepEqual(run('credential-public-client', { ...pub, identifierUris: [`api://${APP_ID}`] }), []);
});
