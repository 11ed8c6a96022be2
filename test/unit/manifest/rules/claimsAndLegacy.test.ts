import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ID, applyFix, assertAt, guid, run } from './helper';

const claim = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  source: null,
  essential: false,
  additionalProperties: [],
  ...extra,
});

test('optional-claim-unknown with did-you-mean fix; extension attributes are skipped', () => {
  const text = JSON.stringify(
    {
      optionalClaims: {
        idToken: [
          claim('emial'),
          claim('zzzzzz'),
          claim('extension_abc_dept'),
          claim('employeeid', { source: 'user' }),
          claim('email'),
        ],
      },
    },
    null,
    2,
  );
  const ps = run('optional-claim-unknown', text);
  assert.equal(ps.length, 2);
  assertAt(text, ps[0], ['optionalClaims', 'idToken', 0, 'name']);
  assert.match(ps[0]!.message, /Did you mean 'email'/);
  assert.deepEqual(
    (applyFix(text, ps[0]!).value as { optionalClaims: { idToken: { name: string }[] } }).optionalClaims.idToken[0]!
      .name,
    'email',
  );
  assert.equal(ps[1]!.fixes, undefined);
});

test('optional-claim-token-type: idtyp only in access tokens, JWT-only claims not in SAML', () => {
  const text = JSON.stringify(
    {
      optionalClaims: {
        idToken: [claim('idtyp')],
        accessToken: [claim('idtyp')],
        saml2Token: [claim('sid'), claim('upn')],
      },
    },
    null,
    2,
  );
  const ps = run('optional-claim-token-type', text);
  assert.deepEqual(
    ps.map((p) => p.path),
    ['/optionalClaims/idToken/0/name', '/optionalClaims/saml2Token/0/name'],
  );
  assertAt(text, ps[0], ['optionalClaims', 'idToken', 0, 'name']);
});

test('optional-claim-groups-membership with a fix setting groupMembershipClaims', () => {
  const text = JSON.stringify({ groupMembershipClaims: null, optionalClaims: { idToken: [claim('groups')] } }, null, 2);
  const ps = run('optional-claim-groups-membership', text);
  assertAt(text, ps[0], ['optionalClaims', 'idToken', 0, 'name']);
  const fixed = applyFix(text, ps[0]!);
  assert.deepEqual(run('optional-claim-groups-membership', fixed.text), []);
  assert.deepEqual(
    run('optional-claim-groups-membership', {
      groupMembershipClaims: 'SecurityGroup',
      optionalClaims: { idToken: [claim('groups')] },
    }),
    [],
  );
  const missing = JSON.stringify({ optionalClaims: { accessToken: [claim('groups')] } });
  assert.equal(
    (applyFix(missing, run('optional-claim-groups-membership', missing)[0]!).value as { groupMembershipClaims: string })
      .groupMembershipClaims,
    'SecurityGroup',
  );
});

test('optional-claim-edov-email and optional-claim-additional-properties', () => {
  const text = JSON.stringify(
    { optionalClaims: { idToken: [claim('xms_edov')], accessToken: [claim('xms_edov'), claim('email')] } },
    null,
    2,
  );
  const ps = run('optional-claim-edov-email', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['optionalClaims', 'idToken', 0, 'name']);

  const t2 = JSON.stringify(
    {
      groupMembershipClaims: 'All',
      optionalClaims: {
        idToken: [
          claim('groups', { additionalProperties: ['emit_as_roles', 'sam_account'] }),
          claim('upn', { additionalProperties: ['include_externally_authenticated_upn'] }),
        ],
      },
    },
    null,
    2,
  );
  const ap = run('optional-claim-additional-properties', t2);
  assert.equal(ap.length, 1);
  assertAt(t2, ap[0], ['optionalClaims', 'idToken', 0, 'additionalProperties', 1]);
});

test('legacy-key-in-graph: a warning per legacy key, with move fixes', () => {
  const m = {
    appId: APP_ID,
    displayName: 'x',
    signInAudience: 'AzureADMyOrg',
    api: { requestedAccessTokenVersion: 2 },
    web: { redirectUris: ['https://c.com/a'], implicitGrantSettings: { enableIdTokenIssuance: false } },
    oauth2Permissions: [{ id: guid(1), value: 'a.read', lang: null, origin: 'Application', isEnabled: true }],
    allowPublicClient: false,
    name: 'legacy',
    oauth2AllowUrlPathMatching: false,
  };
  const text = JSON.stringify(m, null, 2);
  const ps = run('legacy-key-in-graph', text, { format: 'graph' });
  assert.deepEqual(
    ps.map((p) => p.path),
    ['/oauth2Permissions', '/allowPublicClient', '/name', '/oauth2AllowUrlPathMatching'],
  );
  assert.equal(text.slice(ps[0]!.offset, ps[0]!.offset + ps[0]!.length), '"oauth2Permissions"');
  const moved = applyFix(text, ps[0]!).value as Record<string, unknown> & { api: Record<string, unknown> };
  assert.deepEqual(moved.api.oauth2PermissionScopes, [{ id: guid(1), value: 'a.read', isEnabled: true }]);
  assert.equal(moved.oauth2Permissions, undefined);
  const pub = applyFix(text, ps[1]!).value as Record<string, unknown>;
  assert.equal(pub.isFallbackPublicClient, false);
  assert.equal(ps[2]!.fixes, undefined, 'displayName already exists: no automatic fix');
  const dropped = applyFix(text, ps[3]!).value as Record<string, unknown>;
  assert.equal('oauth2AllowUrlPathMatching' in dropped, false);
});

test('legacy-key-in-graph moves replyUrlsWithType into the platform lists', () => {
  const text = JSON.stringify(
    {
      displayName: 'x',
      web: { redirectUris: ['https://c.com/a'] },
      replyUrlsWithType: [
        { url: 'https://c.com/b', type: 'Web' },
        { url: 'https://c.com/spa', type: 'Spa' },
        { url: 'http://localhost', type: 'InstalledClient' },
      ],
    },
    null,
    2,
  );
  const ps = run('legacy-key-in-graph', text, { format: 'graph' });
  const v = applyFix(text, ps[0]!).value as Record<string, { redirectUris: string[] }>;
  assert.deepEqual(v.web!.redirectUris, ['https://c.com/a', 'https://c.com/b']);
  assert.deepEqual(v.spa!.redirectUris, ['https://c.com/spa']);
  assert.deepEqual(v.publicClient!.redirectUris, ['http://localhost']);
  assert.equal('replyUrlsWithType' in v, false);
});

test('legacy-format: one info on the first legacy key of a legacy file', () => {
  const text = JSON.stringify(
    { appId: APP_ID, accessTokenAcceptedVersion: 2, name: 'x', replyUrlsWithType: [] },
    null,
    2,
  );
  const ps = run('legacy-format', text);
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.severity, 'info');
  assert.equal(text.slice(ps[0]!.offset, ps[0]!.offset + ps[0]!.length), '"accessTokenAcceptedVersion"');
  assert.deepEqual(run('legacy-key-in-graph', text), [], 'legacy files are not mixed');
  assert.deepEqual(run('legacy-format', { displayName: 'x', api: {} }), []);
});

test('optional-claim-source: a source other than null or "user" names nothing, so the claim is not emitted', () => {
  const found = run('optional-claim-source', {
    displayName: 'claims',
    groupMembershipClaims: 'SecurityGroup',
    optionalClaims: {
      idToken: [
        { name: 'groups', source: 'groups', essential: false },
        { name: 'extension_0a1b2c3d4e5f_costCentre', source: 'user' },
        { name: 'email', source: null },
        { name: 'upn', source: '' },
      ],
      accessToken: [{ name: 'extension_0a1b2c3d4e5f_region', source: 'User' }],
    },
  });
  assert.deepEqual(
    found.map((p) => p.path),
    ['/optionalClaims/idToken/0/source', '/optionalClaims/accessToken/0/source'],
  );
  assert.match(found[0]!.message, /set source to null/);
  assert.equal(found[0]!.fixes?.[0]?.title, 'Set source to null');
  assert.match(found[1]!.message, /case-sensitive/);
});
