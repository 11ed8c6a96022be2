// Rules must never throw, whatever the document holds: wrong types anywhere, missing objects,
// non-object documents, unparseable text; and they must stay fast on a large manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNodeAtLocation, getNodeValue, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { ManifestFormat } from '../../../../src/core/manifest/types';
import { rules } from '../../../../src/core/manifest/rules';
import { APP_ID, guid, makeCtx, testCatalog } from './helper';

const rich = {
  appId: APP_ID,
  displayName: 'Contoso',
  name: 'legacy name',
  description: 'd',
  signInAudience: 'AzureADandPersonalMicrosoftAccount',
  identifierUris: [`api://${APP_ID}/`, 'https://x.ngrok.io/api'],
  tags: ['a', 'a b'],
  groupMembershipClaims: 'SecurityGroup',
  isFallbackPublicClient: true,
  allowPublicClient: true,
  samlMetadataUrl: 'https://c.com/md',
  api: {
    requestedAccessTokenVersion: 1,
    acceptMappedClaims: true,
    knownClientApplications: [guid(9), APP_ID],
    oauth2PermissionScopes: [
      { id: guid(1), value: 'Files Read', type: 'User', isEnabled: true, adminConsentDisplayName: 'x' },
    ],
    preAuthorizedApplications: [{ appId: guid(9), delegatedPermissionIds: [guid(1), guid(2)] }],
  },
  oauth2Permissions: [{ id: guid(3), value: '.x', lang: null, origin: 'Application' }],
  appRoles: [{ id: guid(1), value: 'Files Read', allowedMemberTypes: [], displayName: 'y', isEnabled: true }],
  web: {
    redirectUris: ['http://contoso.com/a', 'https://*.c.com'],
    logoutUrl: 'http://c.com/l',
    implicitGrantSettings: { enableAccessTokenIssuance: true, enableIdTokenIssuance: true },
  },
  spa: { redirectUris: ['https://c.com/a?x=1'] },
  publicClient: { redirectUris: ['urn:ietf:wg:oauth:2.0:oob'] },
  replyUrlsWithType: [
    { url: 'http://localhost:1/a', type: 'Web' },
    { url: 'http://localhost:2/a', type: 'Spa' },
  ],
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000',
      resourceAccess: [
        { id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', type: 'Scope' },
        { id: 'User.Read', type: 'Role' },
      ],
    },
    { resourceAppId: '00000002-0000-0000-c000-000000000000', resourceAccess: [] },
  ],
  passwordCredentials: [
    { endDateTime: '2020-01-01T00:00:00Z', startDateTime: '2010-01-01T00:00:00Z', secretText: 'verysecretvalue123' },
    { endDate: '2026-01-20T00:00:00Z', value: 'x' },
  ],
  keyCredentials: [{ endDateTime: 'not a date' }],
  optionalClaims: {
    idToken: [{ name: 'idtyp', additionalProperties: ['bogus'] }, { name: 'groups' }, { name: 'xms_edov' }],
    saml2Token: [{ name: 'emial' }],
  },
};
const original = {
  api: {
    oauth2PermissionScopes: [
      { id: guid(1), value: 'Files.Read', isEnabled: true },
      { id: guid(7), value: 'Gone', isEnabled: true },
    ],
  },
  appRoles: [{ id: guid(1), value: 'x' }],
};
const ODD: unknown[] = [null, 0, -1, 'x', '${{X}}', true, [], {}, [null, 1, 'x', [], {}], { a: { b: [] } }];
const FORMATS: ManifestFormat[] = ['graph', 'legacy', 'teams-template', 'partial'];
const catalog = testCatalog();

function checkAll(text: string, format: ManifestFormat, label: string): number {
  const ctx = makeCtx(text, { format, catalog, original });
  let n = 0;
  for (const r of rules) {
    let ps;
    try {
      ps = r.check(ctx);
    } catch (e) {
      assert.fail(`${r.id} threw on ${label}: ${(e as Error).stack}`);
    }
    for (const p of ps) {
      assert.ok(
        p.offset >= 0 && p.length >= 0 && p.offset + p.length <= text.length,
        `${r.id} range inside the text (${label})`,
      );
      assert.ok(p.path === '' || p.path.startsWith('/'), 'JSON pointer');
      assert.equal(p.ruleId, r.id);
    }
    n += ps.length;
  }
  return n;
}

function paths(
  node: JsonNode,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (node.type === 'object') {
    for (const p of node.children ?? []) {
      const k = p.children?.[0]?.value as string;
      const v = p.children?.[1];
      out.push([...prefix, k]);
      if (v) paths(v, [...prefix, k], out);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((c, i) => {
      out.push([...prefix, i]);
      paths(c, [...prefix, i], out);
    });
  }
  return out;
}

function setAt(obj: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = copy;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

test('the rich manifest triggers many rules, in every format', () => {
  for (const f of FORMATS) assert.ok(checkAll(JSON.stringify(rich, null, 2), f, f) > 30);
});

test('no rule throws when any value is replaced by a value of another type', () => {
  const root = parseTree(JSON.stringify(rich));
  assert.ok(root);
  const all = paths(root);
  assert.ok(all.length > 100);
  let runs = 0;
  for (const p of all) {
    for (const odd of ODD) {
      const text = JSON.stringify(setAt(rich, p, odd));
      checkAll(text, FORMATS[runs % 3]!, `${p.join('/')} = ${JSON.stringify(odd)}`);
      runs++;
    }
  }
  assert.ok(runs > 1000);
});

test('no rule throws on non-object documents, empty or unparseable text', () => {
  for (const text of [
    '',
    '[]',
    '[{"resourceAppId": 1}]',
    'null',
    '42',
    '"str"',
    '{',
    '{"api": ',
    '{"identifierUris": [1, "a", {}], "api": []}',
    '\uFEFF{}',
    '// c\n{"tags": ["a",]}',
  ]) {
    for (const f of FORMATS) checkAll(text, f, JSON.stringify(text));
  }
});

test('the original may be anything', () => {
  const text = JSON.stringify(rich);
  for (const o of [
    ...ODD,
    { api: null, appRoles: 'x' },
    { api: { oauth2PermissionScopes: [null, 1, { id: 5 }, { id: guid(1) }] } },
  ]) {
    const ctx = makeCtx(text, { format: 'graph', original: o });
    for (const r of rules) assert.doesNotThrow(() => r.check(ctx), r.id);
  }
});

test('a 700 KB manifest with hundreds of scopes, roles and URIs lints in a few ms', () => {
  const scopes = Array.from({ length: 350 }, (_, i) => ({
    id: guid(i + 1),
    value: `Area${i}.Read.All`,
    type: 'User',
    isEnabled: true,
    adminConsentDisplayName: 'Read area '.repeat(10),
    adminConsentDescription: 'Allows the app to read area data on behalf of the signed-in user. '.repeat(8),
    userConsentDisplayName: 'Read your area',
    userConsentDescription: 'Allows the app to read your area data. '.repeat(8),
  }));
  const roles = Array.from({ length: 340 }, (_, i) => ({
    id: guid(i + 5000),
    value: `Area${i}.Write.All`,
    allowedMemberTypes: ['Application'],
    displayName: 'Write area',
    description: 'Allows the app to write area data. '.repeat(10),
    isEnabled: true,
  }));
  const m = {
    ...rich,
    signInAudience: 'AzureADMyOrg',
    api: {
      ...rich.api,
      oauth2PermissionScopes: scopes,
      preAuthorizedApplications: Array.from({ length: 50 }, (_, i) => ({
        appId: guid(9000 + i),
        delegatedPermissionIds: scopes.slice(0, 5).map((s) => s.id),
      })),
    },
    appRoles: roles,
    web: {
      ...rich.web,
      redirectUris: Array.from({ length: 120 }, (_, i) => `https://app${i}.contoso.com/signin-oidc`),
    },
    requiredResourceAccess: Array.from({ length: 40 }, (_, r) => ({
      resourceAppId: guid(20000 + r),
      resourceAccess: Array.from({ length: 9 }, (_, i) => ({ id: guid(30000 + r * 10 + i), type: 'Scope' })),
    })),
  };
  const text = JSON.stringify(m, null, 2);
  assert.ok(text.length > 700_000, `size ${text.length}`);
  const times: number[] = [];
  let problems = 0;
  // 5 warm-up runs, then 21 measured (each on a fresh context, as the engine builds one per run)
  for (let i = 0; i < 26; i++) {
    const ctx = makeCtx(text, { format: 'graph', catalog });
    const t0 = performance.now();
    problems = rules.reduce((n, r) => n + r.check(ctx).length, 0);
    if (i >= 5) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[10]!;
  console.log(
    `# ${rules.length} rules over ${(text.length / 1024).toFixed(0)} KB (${scopes.length} scopes, ${roles.length} roles): median ${median.toFixed(2)} ms, ${problems} problems`,
  );
  assert.ok(getNodeValue(findNodeAtLocation(parseTree(text)!, ['appRoles', 0, 'id'])!) === guid(5000));
});
