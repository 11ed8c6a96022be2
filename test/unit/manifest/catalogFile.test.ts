// The permission catalogue file (.entra/catalog.json): its format, and lint checking a custom
// API's permissions with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInCatalog } from '../../../src/core/manifest/catalog';
import {
  CATALOG_FILE_FORMAT,
  catalogFileFromServicePrincipals,
  catalogFromFile,
  parseCatalogFile,
  serializeCatalogFile,
} from '../../../src/core/manifest/catalogFile';
import { lintManifest } from '../../../src/core/manifest/lint';
import { NameCache } from '../../../src/core/tenant/nameCache';
import { namesCatalogFile } from '../../../src/core/tenant/catalog';

const API = 'c1000000-0000-4000-8000-00000000a001';
const READ = 'f1000000-0000-4000-8000-00000000b001';
const ADMIN = 'f1000000-0000-4000-8000-00000000b002';
const ROLE = 'f1000000-0000-4000-8000-00000000b003';
const USER_ONLY_ROLE = 'f1000000-0000-4000-8000-00000000b004';

const sps = [
  {
    appId: API,
    displayName: 'Orders API',
    oauth2PermissionScopes: [
      { id: READ, value: 'Orders.Read', type: 'User', isEnabled: true, adminConsentDescription: 'not kept' },
      { id: ADMIN, value: 'Orders.Manage', type: 'Admin', isEnabled: false },
    ],
    appRoles: [
      { id: ROLE, value: 'Orders.Read.All', allowedMemberTypes: ['Application'], isEnabled: true },
      { id: USER_ONLY_ROLE, value: 'Orders.Approver', allowedMemberTypes: ['User'], isEnabled: true },
    ],
  },
];

function manifest(access: { id: string; type: string }[], resourceAppId = API): string {
  return JSON.stringify(
    {
      displayName: 'Orders client',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [{ resourceAppId, resourceAccess: access }],
    },
    null,
    2,
  );
}

const rules = (text: string, catalog = catalogFromFile(catalogFileFromServicePrincipals(sps))) =>
  lintManifest(text, { catalog }).problems.map((p) => `${p.ruleId} ${p.path}`);

describe('catalogue file format', () => {
  it('keeps ids, values and types (no description text), sorted, and round-trips', () => {
    const file = catalogFileFromServicePrincipals(sps, {
      tenantId: 'contoso.onmicrosoft.com',
      pulledAt: '2026-01-01T00:00:00.000Z',
    });
    assert.equal(file.format, CATALOG_FILE_FORMAT);
    assert.deepEqual(file.resources[0]!.permissions, [
      { id: ADMIN, value: 'Orders.Manage', type: 'Scope', adminConsentRequired: true, enabled: false },
      { id: READ, value: 'Orders.Read', type: 'Scope', adminConsentRequired: false },
      { id: ROLE, value: 'Orders.Read.All', type: 'Role' },
    ]);
    const text = serializeCatalogFile(file);
    assert.doesNotMatch(text, /not kept|Orders\.Approver/);
    const parsed = parseCatalogFile(text);
    assert.ok('file' in parsed);
    assert.deepEqual(parsed.file, file);
  });

  it('refuses what is not a catalogue file, naming the first bad entry', () => {
    const bad = (v: unknown) => {
      const r = parseCatalogFile(typeof v === 'string' ? v : JSON.stringify(v));
      assert.ok('error' in r, JSON.stringify(v));
      return r.error;
    };
    assert.match(bad('{'), /not JSON/);
    assert.match(bad([]), /not an object/);
    assert.match(bad({ format: 'other', resources: [] }), /expected "entra-workbench-permission-catalog\/1"/);
    assert.match(
      bad({
        format: CATALOG_FILE_FORMAT,
        resources: [{ appId: API, displayName: 'x', permissions: [{ id: 'no', value: 'a', type: 'Scope' }] }],
      }),
      /resources\[0\]\.permissions\[0\]\.id is not a GUID/,
    );
    assert.match(
      bad({
        format: CATALOG_FILE_FORMAT,
        resources: [{ appId: API, displayName: 'x', permissions: [{ id: READ, value: 'a', type: 'Admin' }] }],
      }),
      /type is neither "Scope" nor "Role"/,
    );
  });

  it('leaves out service principal fields of the wrong type instead of copying them', () => {
    const file = catalogFileFromServicePrincipals([
      { appId: 42 as unknown as string, displayName: 'x' },
      {
        appId: API,
        displayName: { a: 1 } as unknown as string,
        oauth2PermissionScopes: [null as never, { id: READ, value: 7 as unknown as string }],
      },
    ]);
    assert.deepEqual(file.resources, [{ appId: API, displayName: API, permissions: [] }]);
  });

  it('the explorer name cache feeds the same format', () => {
    const names = new NameCache('tenant');
    names.setResource({
      appId: API,
      displayName: 'Orders API',
      spId: undefined,
      complete: true,
      permissions: new Map([
        ['Scope:' + READ, { id: READ, value: 'Orders.Read', kind: 'Scope', adminConsentRequired: false }],
        ['Role:' + ROLE, { id: ROLE, value: 'Orders.Read.All', kind: 'Role', adminConsentRequired: true }],
      ]),
    });
    const file = namesCatalogFile(names);
    assert.equal(file.format, CATALOG_FILE_FORMAT);
    assert.deepEqual(
      file.resources.map((r) => [r.appId, r.permissions.map((p) => `${p.type}:${p.value}`)]),
      [[API, ['Scope:Orders.Read', 'Role:Orders.Read.All']]],
    );
    assert.ok('file' in parseCatalogFile(serializeCatalogFile(file)));
  });
});

describe('lint with a catalogue file', () => {
  it('a custom API scope requested by id passes when the catalogue defines it', () => {
    assert.deepEqual(rules(manifest([{ id: READ, type: 'Scope' }])), []);
  });

  it('an id the API does not define is an error; without the catalogue the API is unknown and nothing is said', () => {
    const unknown = 'f1000000-0000-4000-8000-00000000beef';
    assert.deepEqual(rules(manifest([{ id: unknown, type: 'Scope' }])), [
      'rra-unknown-permission /requiredResourceAccess/0/resourceAccess/0/id',
    ]);
    assert.deepEqual(rules(manifest([{ id: unknown, type: 'Scope' }]), builtInCatalog()), []);
  });

  it('a scope typed Role (and a role typed Scope) is a type mismatch; a user-only role is unknown to applications', () => {
    assert.deepEqual(rules(manifest([{ id: READ, type: 'Role' }])), [
      'rra-type-mismatch /requiredResourceAccess/0/resourceAccess/0/type',
    ]);
    assert.deepEqual(rules(manifest([{ id: ROLE, type: 'Scope' }])), [
      'rra-type-mismatch /requiredResourceAccess/0/resourceAccess/0/type',
    ]);
    assert.deepEqual(rules(manifest([{ id: USER_ONLY_ROLE, type: 'Role' }])), [
      'rra-unknown-permission /requiredResourceAccess/0/resourceAccess/0/id',
    ]);
  });

  it('the API is found by its display name in templates, and Microsoft Graph still comes from the built-in table', () => {
    const template = manifest([{ id: 'Orders.Read', type: 'Scope' }], 'Orders API').replace(
      '"Orders client"',
      '"${{APP_NAME}}"',
    );
    assert.deepEqual(rules(template), []);
    const graph = manifest(
      [{ id: '024d486e-b451-40bb-833d-3e66d98c5c73', type: 'Role' }],
      '00000003-0000-0000-c000-000000000000',
    );
    assert.deepEqual(rules(graph), ['rra-type-mismatch /requiredResourceAccess/0/resourceAccess/0/type']);
  });
});
