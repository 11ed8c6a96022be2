// Contract tests: emulator responses against the JSON examples in Microsoft Graph's documentation
// (microsoft-graph-docs-contrib, api-reference/v1.0/api/*.md). The examples' shapes are kept here as
// small typed fixtures (property → JSON type); the full application example is read at run time
// from ../shared/corpus/manifests when it exists.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/index';
import { graphFetch, requireTrustedCa, type Json } from './helpers';

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
/** Property → JSON type; `string|null` where the docs show a value that may also be null. */
type Shape = Record<string, JsonType | `${JsonType}|null`>;

const repoRoot = resolve(__dirname, '../../..');
const shared = resolve(repoRoot, '../shared');

const typeOf = (v: unknown): JsonType => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as JsonType));

function assertShape(actual: Json, shape: Shape, where: string): void {
  for (const [key, expected] of Object.entries(shape)) {
    assert.ok(key in actual, `${where}: missing ${key}`);
    const allowed = expected.split('|');
    assert.ok(allowed.includes(typeOf(actual[key])), `${where}.${key}: ${typeOf(actual[key])} is not ${expected}`);
  }
}

// application-list.md, examples 1 and 3/4 (items).
const applicationListItem: Shape = {
  appId: 'string',
  identifierUris: 'array',
  displayName: 'string',
  publisherDomain: 'string',
  signInAudience: 'string',
};
// oauth2permissiongrant-list.md
const oauth2PermissionGrant: Shape = {
  clientId: 'string',
  consentType: 'string',
  id: 'string',
  principalId: 'string|null',
  resourceId: 'string',
  scope: 'string',
};
// serviceprincipal-list-approleassignments.md
const appRoleAssignment: Shape = {
  id: 'string',
  createdDateTime: 'string',
  appRoleId: 'string',
  principalDisplayName: 'string',
  principalId: 'string',
  principalType: 'string',
  resourceDisplayName: 'string',
  resourceId: 'string',
};
// user-get.md (GET /me)
const meShape: Shape = {
  businessPhones: 'array',
  displayName: 'string',
  givenName: 'string',
  jobTitle: 'string|null',
  mail: 'string|null',
  mobilePhone: 'string|null',
  officeLocation: 'string|null',
  preferredLanguage: 'string|null',
  surname: 'string',
  userPrincipalName: 'string',
  id: 'string',
};
// Graph error responses (errors.md)
const errorShape: Shape = { code: 'string', message: 'string', innerError: 'object' };
const innerErrorShape: Shape = { date: 'string', 'request-id': 'string', 'client-request-id': 'string' };

describe('contract: emulator vs Microsoft Graph documentation examples', () => {
  let emu: Emulator;
  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'sample' });
  });
  after(() => emu.close());

  it('GET /applications (example 1): context and item shape', async () => {
    const res = await graphFetch(emu, '/applications');
    assert.equal(res.body['@odata.context'], `${emu.config.graphBaseUrl}/$metadata#applications`);
    assert.ok(Array.isArray(res.body.value));
    for (const item of res.body.value) assertShape(item, applicationListItem, 'application');
  });

  it('GET /applications/$count (example 2): text/plain number with ConsistencyLevel', async () => {
    const res = await graphFetch(emu, '/applications/$count', { headers: { ConsistencyLevel: 'eventual' } });
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(res.text, /^\d+$/);
  });

  it('startswith + $count + $top + $orderby (example 3): @odata.count is a number', async () => {
    const q = `$filter=${encodeURIComponent("startswith(displayName, 'crm')")}&$count=true&$top=1&$orderby=displayName`;
    const res = await graphFetch(emu, `/applications?${q}`, { headers: { ConsistencyLevel: 'eventual' } });
    assert.equal(res.status, 200);
    assert.equal(typeOf(res.body['@odata.count']), 'number');
    assert.equal(res.body['@odata.count'], 2);
    assert.equal(res.body.value.length, 1);
    assertShape(res.body.value[0], applicationListItem, 'application');
    assert.equal(typeOf(res.body['@odata.nextLink']), 'string');
  });

  it('$search + $count + $select (example 4): context lists the selected properties', async () => {
    const select = 'appId,identifierUris,displayName,publisherDomain,signInAudience';
    const res = await graphFetch(emu, `/applications?$search="displayName:Web"&$count=true&$select=${select}`, {
      headers: { ConsistencyLevel: 'eventual' },
    });
    assert.equal(res.body['@odata.context'], `${emu.config.graphBaseUrl}/$metadata#applications(${select})`);
    assert.equal(res.body['@odata.count'], res.body.value.length);
    for (const item of res.body.value) {
      assert.deepEqual(Object.keys(item).sort(), select.split(',').sort());
      assertShape(item, applicationListItem, 'application');
    }
  });

  it('GET /oauth2PermissionGrants and appRoleAssignments: item shapes', async () => {
    const grants = await graphFetch(emu, '/oauth2PermissionGrants');
    assert.equal(grants.body['@odata.context'], `${emu.config.graphBaseUrl}/$metadata#oauth2PermissionGrants`);
    assert.ok(grants.body.value.length > 0);
    for (const g of grants.body.value) assertShape(g, oauth2PermissionGrant, 'grant');
    const assignments = await graphFetch(
      emu,
      '/servicePrincipals/d1000000-0000-4000-8000-000000000007/appRoleAssignments',
    );
    assert.equal(assignments.body['@odata.context'], `${emu.config.graphBaseUrl}/$metadata#appRoleAssignments`);
    for (const a of assignments.body.value) assertShape(a, appRoleAssignment, 'appRoleAssignment');
  });

  it('GET /me: user shape', async () => {
    const res = await graphFetch(emu, '/me', {
      token: await emu.issueToken({ user: true, clientId: emu.tenant.publicClientAppId }),
    });
    assert.equal(res.body['@odata.context'], `${emu.config.graphBaseUrl}/$metadata#users/$entity`);
    assertShape(res.body, meShape, 'me');
  });

  it('error responses: code, message, innerError with date and request ids', async () => {
    for (const path of ['/applications/00000000-0000-0000-0000-000000000000', '/nonsense', '/applications?$top=5000']) {
      const res = await graphFetch(emu, path, {
        headers: { 'client-request-id': '5b2a2d5e-5c39-4f61-a3c4-3a4e2f5d8e11' },
      });
      assertShape(res.body.error, errorShape, `${path} error`);
      assertShape(res.body.error.innerError, innerErrorShape, `${path} innerError`);
      assert.match(res.body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      assert.equal(res.body.error.innerError['client-request-id'], '5b2a2d5e-5c39-4f61-a3c4-3a4e2f5d8e11');
      assert.equal(res.headers.get('client-request-id'), '5b2a2d5e-5c39-4f61-a3c4-3a4e2f5d8e11');
    }
  });

  it('GET /applications/{id}: every property of the documented full example, with compatible types', async (t) => {
    const file = resolve(shared, 'corpus/manifests/graphdocs-application-get-full.json');
    if (!existsSync(file)) {
      t.skip('../shared is absent: the documented application example is not available');
      return;
    }
    const example = JSON.parse(readFileSync(file, 'utf8')) as Json;
    const res = await graphFetch(emu, '/applications/b1000000-0000-4000-8000-000000000002');
    // Properties the service returns as null when unset although the example shows a value.
    const nullable = new Set([
      'samlMetadataUrl',
      'certification',
      'publisherDomain',
      'isFallbackPublicClient',
      'isDeviceOnlyAuthSupported',
      'tokenEncryptionKeyId',
    ]);
    const compare = (expected: Json, actual: Json, where: string) => {
      for (const [key, value] of Object.entries(expected)) {
        if (key === '@odata.context') continue;
        assert.ok(key in actual, `${where}${key} missing`);
        const want = typeOf(value);
        const got = typeOf(actual[key]);
        if (want === 'null' || (got === 'null' && nullable.has(key))) continue;
        if (where !== '' && want === 'string' && got === 'null') continue; // unset nested strings (an unverified publisher) are null
        if (want === 'number' && got === 'null') continue; // requestedAccessTokenVersion null = 1
        assert.equal(got, want, `${where}${key}`);
        if (want === 'object') compare(value, actual[key], `${where}${key}.`);
      }
    };
    compare(example, res.body, '');
    assert.match(res.body['@odata.context'], /\$metadata#applications\/\$entity$/);
  });
});
