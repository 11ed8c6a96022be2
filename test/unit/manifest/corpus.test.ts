import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  builtInCatalog,
  catalogFromServicePrincipals,
  findPermission,
  MICROSOFT_GRAPH_APP_ID,
} from '../../../src/core/manifest/catalog';
import { loadCatalogFromMicrosoftInfo } from '../../../src/io/catalogFiles';
import { lintManifest } from '../../../src/core/manifest/lint';
import { rules } from '../../../src/core/manifest/rules';
import type { ManifestFormat, Problem } from '../../../src/core/manifest/types';

const repoRoot = resolve(__dirname, '../../..');
const shared = resolve(repoRoot, '../shared');
const manifests = resolve(shared, 'corpus/manifests');
const infoDir = resolve(shared, 'data/microsoft-info');
const hasShared = existsSync(manifests) && existsSync(infoDir);
const now = new Date('2026-01-01T00:00:00Z');

function lintFile(name: string) {
  const text = readFileSync(resolve(manifests, name), 'utf8');
  return { text, ...lintManifest(text, { now, catalog: loadCatalogFromMicrosoftInfo(infoDir), fileName: name }) };
}
const ids = (problems: readonly Problem[]) => problems.map((p) => p.ruleId);
const registered = (id: string) => rules.some((r) => r.id === id);

test('every corpus manifest is linted without throwing and without internal errors; verdicts match SOURCES.md', (t) => {
  if (!hasShared) return t.skip('../shared is absent: corpus manifests not available');
  const sources = readFileSync(resolve(manifests, 'SOURCES.md'), 'utf8');
  const expected = new Map<string, ManifestFormat>();
  const map: Record<string, ManifestFormat> = {
    graph: 'graph',
    aadgraph: 'legacy',
    'teamsfx-template': 'teams-template',
    unknown: 'not-manifest',
  };
  // A Graph object SOURCES.md calls partial (a $select response) gets the partial verdict, and so
  // does a bare requiredResourceAccess array it calls unknown (the value of that one property).
  for (const m of sources.matchAll(/^\| `([^`]+\.json)` \|[^|]*\|[^|]*\|[^|]*\| ([a-z-]+) \| ([^|]*)\|/gm))
    expected.set(
      m[1]!,
      (m[2] === 'graph' && /\bpartial object\b/.test(m[3]!)) ||
        (m[2] === 'unknown' && /\brequiredResourceAccess value\b/.test(m[3]!))
        ? 'partial'
        : map[m[2]!]!,
    );
  const files = readdirSync(manifests).filter((f) => f.endsWith('.json'));
  assert.equal(expected.size, files.length, 'SOURCES.md lists every file');
  for (const f of files) {
    const r = lintFile(f);
    assert.deepEqual(
      ids(r.problems).filter((id) => id === 'internal-error'),
      [],
      f,
    );
    for (const p of r.problems) {
      assert.ok(p.offset >= 0 && p.offset + p.length <= r.text.length, `${f}: ${p.ruleId} range inside the text`);
    }
    if (f === 'teamsfx-test-invalid-json.json') {
      // Truncated after one property: nothing left to recognise it by; the syntax error is what counts.
      assert.ok(ids(r.problems).includes('json-syntax'), f);
      continue;
    }
    assert.equal(r.format, expected.get(f), f);
  }
});

test('notable findings of the corpus, by rule id', (t) => {
  if (!hasShared) return t.skip('../shared is absent: corpus manifests not available');
  // Wrong-case audience: schema-enum with the right-case fix.
  const onenote = lintFile('teach-onenote-create-body.json');
  const enumProblem = onenote.problems.find((p) => p.ruleId === 'schema-enum' && p.path === '/signInAudience')!;
  assert.equal(
    onenote.text.slice(enumProblem.offset, enumProblem.offset + enumProblem.length),
    '"AzureADAndPersonalMicrosoftAccount"',
  );
  assert.equal(enumProblem.fixes![0]!.edits[0]!.content, '"AzureADandPersonalMicrosoftAccount"');
  // BOM + comments: accepted, four comment warnings, legacy verdict, no syntax error.
  const bom = lintFile('optimizely-jsonc-bom.json');
  assert.equal(bom.text.charCodeAt(0), 0xfeff);
  assert.equal(bom.format, 'legacy');
  assert.equal(ids(bom.problems).filter((id) => id === 'json-comment').length, 4);
  assert.ok(!ids(bom.problems).includes('json-syntax'));
  // A top-level array named like a manifest: one notice.
  // A bare requiredResourceAccess array (az ad app create --required-resource-accesses @file): partial, clean.
  assert.equal(lintFile('azhop-rra-array.json').format, 'partial');
  assert.deepEqual(ids(lintFile('azhop-rra-array.json').problems), []);
  // Truncated JSON.
  assert.ok(ids(lintFile('teamsfx-test-invalid-json.json').problems).includes('json-syntax'));
  // Docs GET responses: read-only properties and @odata.context are allowed.
  for (const f of [
    'graphdocs-application-get-full.json',
    'graphdocs-application-get-select.json',
    'rendered-graph-tab-localhost.json',
    'agent-bridge-many-scopes.json',
  ]) {
    assert.deepEqual(
      ids(lintFile(f).problems).filter((id) => id.startsWith('schema-') || id.startsWith('json-')),
      [],
      f,
    );
  }
  // Teams templates: placeholders and friendly names ("Microsoft Graph", "User.Read") are not schema errors.
  for (const f of [
    'teamsfx-csharp-sso-tab.json',
    'teamsfx-fxcore-aad-template.json',
    'teamsfx-query-org-user-me-sso.json',
    'community-eionet2-usermgmt-graph.json',
  ]) {
    assert.deepEqual(
      ids(lintFile(f).problems).filter((id) => id.startsWith('schema-')),
      [],
      f,
    );
  }
  // Legacy downloads offer the whole-document conversion.
  for (const f of [
    'cli-m365-basic-aadgraph.json',
    'rendered-teamsai-multiorg-noreply.json',
    'rendered-bot-multiorg-azureapi.json',
    'rendered-tab-ngrok-mismatch.json',
  ]) {
    const r = lintFile(f);
    assert.ok(
      r.problems.some((p) => p.fixes?.some((x) => x.title === 'Convert to Microsoft Graph format')),
      f,
    );
  }
});

test('notable semantic findings of the corpus (rules registry)', (t) => {
  if (!hasShared) return t.skip('../shared is absent: corpus manifests not available');
  const expectations: [string, string][] = [
    ['teach-onenote-create-body.json', 'token-version-personal'],
    ['rendered-tab-ngrok-mismatch.json', 'identifier-uri-tunnel'],
    ['rendered-teamsai-multiorg-noreply.json', 'credential-expiry'],
    ['community-eionet2-usermgmt-graph.json', 'rra-high-privilege'],
    ['graphdocs-application-get-full.json', 'saml-metadata-url-audience'],
    ['cli-m365-basic-aadgraph.json', 'legacy-format'],
  ];
  const missing = expectations.filter(([, id]) => !registered(id));
  for (const [f, id] of expectations) {
    if (!registered(id)) continue;
    assert.ok(ids(lintFile(f).problems).includes(id), `${f}: ${id}`);
  }
  if (missing.length > 0)
    t.diagnostic(`rules not registered (not asserted): ${missing.map(([, id]) => id).join(', ')}`);
});

test('the built-in catalogue ids agree with the microsoft-info data set', (t) => {
  if (!hasShared) return t.skip('../shared is absent: microsoft-info not available');
  const full = loadCatalogFromMicrosoftInfo(infoDir).getResource(MICROSOFT_GRAPH_APP_ID)!;
  assert.equal(full.complete, true);
  assert.ok(full.scopes.length > 500 && full.roles.length > 500);
  const builtIn = builtInCatalog().getResource(MICROSOFT_GRAPH_APP_ID)!;
  assert.equal(builtIn.complete, false);
  for (const p of [...builtIn.scopes, ...builtIn.roles]) {
    const same = findPermission(full, p.id, p.type);
    assert.ok(same, `${p.value} ${p.type} ${p.id} exists`);
    assert.equal(same.value, p.value);
    assert.equal(same.adminConsentRequired, p.adminConsentRequired, `${p.value} consent`);
  }
  const info = loadCatalogFromMicrosoftInfo(infoDir);
  assert.equal(info.getResource('797f4846-ba00-4fd7-ba43-dac1f8f63013')?.displayName, 'Azure Resource Manager');
  assert.equal(info.getResource('microsoft graph')?.appId, MICROSOFT_GRAPH_APP_ID);
  assert.throws(() => loadCatalogFromMicrosoftInfo(resolve(repoRoot, 'no-such-dir')));
});

test('the built-in catalogue knows the well-known ids and names', () => {
  const c = builtInCatalog();
  const graph = c.getResource('00000003-0000-0000-C000-000000000000')!;
  assert.equal(graph.displayName, 'Microsoft Graph');
  const expect: [string, 'Scope' | 'Role', string][] = [
    ['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope', 'User.Read'],
    ['c79f8feb-a9db-4090-85f9-90d820caa0eb', 'Scope', 'Application.Read.All'],
    ['9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Role', 'Application.Read.All'],
    ['06da0dbc-49e2-44d2-8312-53f166ab848a', 'Scope', 'Directory.Read.All'],
    ['7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'Role', 'Directory.Read.All'],
    ['37f7f235-527c-4136-accd-4a02d197296e', 'Scope', 'openid'],
    ['14dad69e-099b-42c9-810b-d002981feec1', 'Scope', 'profile'],
    ['64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', 'Scope', 'email'],
    ['7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'Scope', 'offline_access'],
    ['df021288-bdef-4463-88db-98f22de89214', 'Role', 'User.Read.All'],
  ];
  for (const [id, type, value] of expect) assert.equal(findPermission(graph, id, type)?.value, value, id);
  assert.equal(
    findPermission(graph, '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Scope'),
    undefined,
    'a role id is not a scope',
  );
  assert.equal(c.getResource('Azure Service Management API')?.appId, '797f4846-ba00-4fd7-ba43-dac1f8f63013');
});

test('a catalogue from tenant service principals is complete per resource and falls back to the built-in one', () => {
  const c = catalogFromServicePrincipals([
    {
      appId: '6f1b3a2e-8c1d-4e0f-9a7b-2c3d4e5f6a7b',
      displayName: 'Contoso Orders API',
      oauth2PermissionScopes: [
        {
          id: 'aa6e1c3d-0000-4000-8000-000000000001',
          value: 'Orders.Read',
          type: 'Admin',
          adminConsentDisplayName: 'Read orders',
          isEnabled: true,
        },
      ],
      appRoles: [
        {
          id: 'aa6e1c3d-0000-4000-8000-000000000002',
          value: 'Orders.ReadWrite.All',
          displayName: 'Manage orders',
          allowedMemberTypes: ['Application'],
          isEnabled: true,
        },
        {
          id: 'aa6e1c3d-0000-4000-8000-000000000003',
          value: 'Approver',
          displayName: 'Approver',
          allowedMemberTypes: ['User'],
          isEnabled: true,
        },
      ],
    },
    { appId: null, displayName: 'broken' },
  ]);
  const orders = c.getResource('contoso orders api')!;
  assert.equal(orders.complete, true);
  assert.deepEqual(
    orders.scopes.map((s) => [s.value, s.adminConsentRequired]),
    [['Orders.Read', true]],
  );
  assert.deepEqual(
    orders.roles.map((r) => r.value),
    ['Orders.ReadWrite.All'],
    'user-only roles are not application permissions',
  );
  assert.equal(c.getResource(MICROSOFT_GRAPH_APP_ID)?.displayName, 'Microsoft Graph');
  assert.equal([...c.resources()].filter((r) => r.appId === MICROSOFT_GRAPH_APP_ID).length, 1);
});
