// Classes of flaws found in real manifests from public repositories, each on inputs written here:
// an App ID URI host the app does not use, pre-authorized ids written with another placeholder
// than the scope's, mixed placeholder styles, one page on both Web and SPA, and a bare
// requiredResourceAccess array (the file `az ad app create --required-resource-accesses @file` reads).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { lintManifest } from '../../../../src/core/manifest/lint';
import { looksLikeManifestText } from '../../../../src/core/manifest/format';
import { APP_ID } from './helper';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const USER_READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const OFFLINE_ACCESS = '7427e0e9-2fba-42fe-b0c0-848c9e6a8182';

const findings = (m: unknown) => {
  const text = typeof m === 'string' ? m : JSON.stringify(m, null, 2);
  return lintManifest(text).problems.map((p) => `${p.severity} ${p.ruleId} ${p.path}`);
};
const only = (m: unknown, rule: string) => findings(m).filter((f) => f.includes(` ${rule} `));

test('identifier-uri-host-mismatch: an App ID URI host none of the redirect or home page URIs use is a hint', () => {
  const app = (uri: string, redirects: string[], extra: Record<string, unknown> = {}) => ({
    appId: APP_ID,
    displayName: 'Tab',
    signInAudience: 'AzureADMyOrg',
    identifierUris: [uri],
    api: { requestedAccessTokenVersion: 2 },
    web: { redirectUris: redirects, ...extra },
  });
  assert.deepEqual(
    only(
      app(`api://old-tunnel.example.net/${APP_ID}`, ['https://localhost:53000/auth-end.html']),
      'identifier-uri-host-mismatch',
    ),
    ['hint identifier-uri-host-mismatch /identifierUris/0'],
  );
  // The same site (another subdomain), the tenant's initial domain, api://{appId}, a home page host, placeholders: nothing.
  for (const ok of [
    app(`api://tab.contoso.com/${APP_ID}`, ['https://app.contoso.com/auth']),
    app('https://contoso.onmicrosoft.com/orders', ['https://orders.azurewebsites.net/signin']),
    app(`api://${APP_ID}`, ['https://orders.azurewebsites.net/signin']),
    app(`api://tabs.fabrikam.co.uk/${APP_ID}`, ['https://www.fabrikam.co.uk/cb']),
    app(`api://portal.fabrikam.com/${APP_ID}`, [], { homePageUrl: 'https://portal.fabrikam.com' }),
    app(`api://\${{TAB_DOMAIN}}/${APP_ID}`, ['https://localhost:53000/auth-end.html']),
    app(`api://tab.contoso.com/${APP_ID}`, []),
  ])
    assert.deepEqual(only(ok, 'identifier-uri-host-mismatch'), [], JSON.stringify(ok.identifierUris));
  // Legacy: replyUrlsWithType and homepage are read too.
  assert.deepEqual(
    only(
      {
        appId: APP_ID,
        name: 'Tab',
        identifierUris: [`api://stale.ngrok-free.app/${APP_ID}`],
        replyUrlsWithType: [{ url: 'https://tab.contoso.com/auth-end.html', type: 'Web' }],
      },
      'identifier-uri-host-mismatch',
    ),
    ['hint identifier-uri-host-mismatch /identifierUris/0'],
  );
  // The message names the first three hosts the app uses, and "…" when there are more.
  const message = (redirects: string[]): string | undefined =>
    lintManifest(JSON.stringify(app(`api://old-tunnel.example.net/${APP_ID}`, redirects))).problems.find(
      (p) => p.ruleId === 'identifier-uri-host-mismatch',
    )?.message;
  const hosts = ['a.contoso.com', 'b.fabrikam.com', 'c.tailspin.com', 'd.northwind.com'];
  assert.match(
    message(hosts.slice(0, 3).map((h) => `https://${h}/cb`)) ?? '',
    /\(a\.contoso\.com, b\.fabrikam\.com, c\.tailspin\.com\)/,
  );
  assert.match(
    message(hosts.map((h) => `https://${h}/cb`)) ?? '',
    /\(a\.contoso\.com, b\.fabrikam\.com, c\.tailspin\.com, …\)/,
  );
});

const template = (scopeId: string, preAuthIds: string[]) => ({
  id: '${{AAD_APP_OBJECT_ID}}',
  appId: '${{AAD_APP_CLIENT_ID}}',
  name: 'tab-aad',
  oauth2Permissions: [
    {
      adminConsentDescription: 'Access the API as the user',
      adminConsentDisplayName: 'Access as user',
      id: scopeId,
      isEnabled: true,
      type: 'User',
      userConsentDescription: 'Access the API as you',
      userConsentDisplayName: 'Access as you',
      value: 'access_as_user',
    },
  ],
  preAuthorizedApplications: preAuthIds.map((id, i) => ({
    appId: `1fec8e78-bce4-4aaf-ab1b-5451cc387264`.replace(/4$/, String(i)),
    permissionIds: [id],
  })),
  identifierUris: ['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}'],
});

test('preauthorized-unknown-scope: a pre-authorized placeholder that is not the scope id placeholder is a warning', () => {
  const scope = '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}';
  assert.deepEqual(
    only(template(scope, [scope, '${{ AAD_APP_ACCESS_AS_USER_PERMISSION_ID }}']), 'preauthorized-unknown-scope'),
    [],
  );
  assert.deepEqual(
    only(template(scope, [scope, '${{AAD_APP_ACCESS_AS_USER_SCOPE_ID}}']), 'preauthorized-unknown-scope'),
    ['warning preauthorized-unknown-scope /preAuthorizedApplications/1/permissionIds/0'],
  );
  // A literal scope id may be what the placeholder renders to: nothing is said.
  assert.deepEqual(
    only(template('00000000-0000-4000-8000-0000000000a1', ['${{SCOPE_ID}}']), 'preauthorized-unknown-scope'),
    [],
  );
});

test('template-placeholder-styles: a template mixing ${{NAME}} and {{state.x}} is a warning on the odd one', () => {
  const older = '{{state.fx-resource-aad-app-for-teams.oauth2PermissionScopeId}}';
  const mixed = template(older, [older, older, '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}']);
  mixed.id = '{{state.fx-resource-aad-app-for-teams.objectId}}';
  mixed.appId = '{{state.fx-resource-aad-app-for-teams.clientId}}';
  mixed.identifierUris = ['{{state.fx-resource-aad-app-for-teams.applicationIdUris}}'];
  const text = JSON.stringify(mixed, null, 2);
  const p = lintManifest(text).problems.filter((x) => x.ruleId === 'template-placeholder-styles');
  assert.equal(p.length, 1);
  assert.equal(text.slice(p[0]!.offset, p[0]!.offset + p[0]!.length), '"${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}"');
  assert.equal(p[0]!.path, '/preAuthorizedApplications/2/permissionIds/0');
  assert.equal(p[0]!.severity, 'warning');
  assert.deepEqual(only(template('${{A}}', ['${{A}}']), 'template-placeholder-styles'), []);
});

test('redirect-uri-spa-and-web: the same URI on both is a warning, the same page differing by query an info, placeholders included', () => {
  const graph = (web: string[], spa: string[]) => ({
    appId: APP_ID,
    displayName: 'Tab',
    signInAudience: 'AzureADMyOrg',
    web: { redirectUris: web },
    spa: { redirectUris: spa },
  });
  assert.deepEqual(
    only(graph(['https://app.contoso.com/auth'], ['https://app.contoso.com/auth']), 'redirect-uri-spa-and-web'),
    ['warning redirect-uri-spa-and-web /spa/redirectUris/0'],
  );
  assert.deepEqual(
    only(
      graph(
        ['https://app.contoso.com/auth-end.html'],
        ['https://APP.contoso.com/auth-end.html?clientId=1', 'https://app.contoso.com/blank.html'],
      ),
      'redirect-uri-spa-and-web',
    ),
    ['info redirect-uri-spa-and-web /spa/redirectUris/0'],
  );
  const legacy = {
    appId: '${{AAD_APP_CLIENT_ID}}',
    name: 'tab',
    replyUrlsWithType: [
      { url: '${{TAB_ENDPOINT}}/auth-end.html', type: 'Web' },
      { url: '${{TAB_ENDPOINT}}/auth-end.html?clientId=${{AAD_APP_CLIENT_ID}}', type: 'Spa' },
      { url: '${{TAB_ENDPOINT}}/blank-auth-end.html', type: 'Spa' },
      { url: '${{TAB_ENDPOINT}}/blank-auth-end.html', type: 'Web' },
    ],
  };
  assert.deepEqual(only(legacy, 'redirect-uri-spa-and-web'), [
    'info redirect-uri-spa-and-web /replyUrlsWithType/1/url',
    'warning redirect-uri-spa-and-web /replyUrlsWithType/2/url',
  ]);
  // Different pages on the two platforms: nothing.
  assert.deepEqual(
    only(graph(['https://app.contoso.com/signin-oidc'], ['https://app.contoso.com/']), 'redirect-uri-spa-and-web'),
    [],
  );
});

test('a bare requiredResourceAccess array is a partial application: its permissions are linted, fixes edit the array', () => {
  const rra = (access: { id: string; type: string }[]) =>
    JSON.stringify([{ resourceAppId: GRAPH, resourceAccess: access }], null, 2);
  const clean = lintManifest(
    rra([
      { id: OFFLINE_ACCESS, type: 'Scope' },
      { id: USER_READ, type: 'Scope' },
    ]),
  );
  assert.equal(clean.format, 'partial');
  assert.deepEqual(clean.problems, []);
  assert.ok(looksLikeManifestText(rra([{ id: USER_READ, type: 'Scope' }])), 'the editor sniffs it as a manifest');

  const text = rra([
    { id: USER_READ, type: 'Role' },
    { id: OFFLINE_ACCESS, type: 'Scope' },
    { id: OFFLINE_ACCESS, type: 'Scope' },
    { id: 'not-a-guid', type: 'Scope' },
  ]);
  const r = lintManifest(text);
  assert.equal(r.format, 'partial');
  assert.deepEqual(r.problems.map((p) => `${p.ruleId} ${p.path}`).sort(), [
    'rra-duplicate /requiredResourceAccess/0/resourceAccess/2/id',
    'rra-type-mismatch /requiredResourceAccess/0/resourceAccess/0/type',
    'schema-format /requiredResourceAccess/0/resourceAccess/3/id',
  ]);
  const mismatch = r.problems.find((p) => p.ruleId === 'rra-type-mismatch')!;
  assert.equal(text.slice(mismatch.offset, mismatch.offset + mismatch.length), '"Role"');
  // The duplicate's fix removes the entry from the array itself (no wrapper property is written).
  const dup = r.problems.find((p) => p.ruleId === 'rra-duplicate')!;
  const fixed = applyEdits(text, [...dup.fixes![0]!.edits]);
  const value = JSON.parse(fixed) as { resourceAccess: unknown[] }[];
  assert.ok(Array.isArray(value));
  assert.equal(value[0]!.resourceAccess.length, 3);
  // Arrays of anything else stay "not a manifest".
  assert.equal(lintManifest('[{"name": "x"}]').format, 'not-manifest');
  assert.equal(lintManifest('[]').format, 'not-manifest');
  assert.equal(lintManifest(`[{"resourceAppId": "${GRAPH}", "other": 1}]`).format, 'not-manifest');
});
