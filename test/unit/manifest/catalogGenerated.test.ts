// The one built-in permission table (src/core/entra, generated from microsoft-info): full
// Microsoft Graph coverage, used by the manifest engine, the tenant model and the token decoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { helpText } from '../../../src/cli/main';
import { builtInGraphPermissions, CATALOG_SOURCE, firstPartyApis } from '../../../src/core/entra/permissions';
import { builtInCatalog } from '../../../src/core/manifest/catalog';
import { lintManifest } from '../../../src/core/manifest/lint';
import { builtInGraphResource, wellKnownApps } from '../../../src/core/tenant/wellKnown';
import { defaultCatalog } from '../../../src/core/token/catalog';

const root = resolve(__dirname, '../../..');
const MAIL_READWRITE_DELEGATED = '024d486e-b451-40bb-833d-3e66d98c5c73';

test('a delegated permission typed Role (Mail.ReadWrite) is flagged by the built-in catalogue', () => {
  const r = lintManifest(
    JSON.stringify(
      {
        displayName: 'x',
        signInAudience: 'AzureADMyOrg',
        requiredResourceAccess: [
          {
            resourceAppId: '00000003-0000-0000-c000-000000000000',
            resourceAccess: [{ id: MAIL_READWRITE_DELEGATED, type: 'Role' }],
          },
        ],
      },
      null,
      2,
    ),
  );
  const mismatch = r.problems.find((p) => p.ruleId === 'rra-type-mismatch');
  assert.ok(mismatch, r.problems.map((p) => p.ruleId).join());
  assert.match(mismatch.message, /Mail\.ReadWrite is a delegated permission/);
});

test('the generated table covers Microsoft Graph and is the only one: manifest, tenant and token catalogues agree', () => {
  const { scopes, roles } = builtInGraphPermissions();
  assert.ok(scopes.length > 700 && roles.length > 600, `${scopes.length} scopes, ${roles.length} roles`);
  assert.match(CATALOG_SOURCE.date, /^\d{4}-\d{2}-\d{2}$/);
  const graph = builtInCatalog().getResource('Microsoft Graph')!;
  assert.equal(graph.scopes.length, scopes.length);
  assert.equal(graph.roles.length, roles.length);
  assert.equal(builtInGraphResource().permissions.size, scopes.length + roles.length);
  for (const [appId, name] of firstPartyApis()) {
    assert.equal(wellKnownApps.get(appId), name);
    assert.ok(builtInCatalog().getResource(appId), appId);
  }
  assert.equal(defaultCatalog.nameOf('00000002-0000-0ff1-ce00-000000000000'), 'Office 365 Exchange Online');
  // Facts only: the generated file holds no description text.
  const text = readFileSync(resolve(root, 'src/core/entra/permissions.generated.ts'), 'utf8');
  assert.doesNotMatch(text, /Allows the app/);
});

test('--help shows the date of the permission data', () => {
  assert.match(helpText(), new RegExp(`data of ${CATALOG_SOURCE.date}`));
});

test('the generated table is what the generator writes from ../shared (skips without it)', (t) => {
  if (!existsSync(resolve(root, '../shared/data/microsoft-info/GraphDelegateRoles.json')))
    return t.skip('../shared is absent');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-catalog.ts', '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
});
