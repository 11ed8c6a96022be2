// The emulator's Microsoft Graph subset, driven by the Graph SDK client (paging, batching, retry
// middleware) and by plain fetch for status codes and error bodies.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { startEmulator, type Emulator } from '../../emulator/index';
import { credentialFor, graphClientFor, graphFetch, requireTrustedCa, type Json } from './helpers';

const CRM_API_OBJECT = 'b1000000-0000-4000-8000-000000000001';
const CRM_API_APPID = 'c1000000-0000-4000-8000-000000000001';
const CRM_WEB_SP = 'd1000000-0000-4000-8000-000000000002';
const GRAPH_SP = 'e1000000-0000-4000-8000-000000000001';
const DAEMON_SP = 'd1000000-0000-4000-8000-000000000007';
const ADMIN_CLIENT = { id: 'c1000000-0000-4000-8000-000000000010', secret: 'Emulator~Admin~Client~Secret~0006' };

async function graphErrorOf(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  assert.fail('expected a GraphError');
}

describe('emulator Graph endpoint', () => {
  let emu: Emulator;
  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'sample' });
  });
  after(() => emu.close());
  afterEach(() => emu.faults.clear());

  it('the Graph SDK PageIterator walks every application across pages', async () => {
    const client = graphClientFor(emu);
    emu.requests.clear();
    const first = (await client.api('/applications').top(4).select(['id', 'displayName']).get()) as PageCollection;
    assert.equal(first.value.length, 4);
    assert.match(String(first['@odata.nextLink']), /^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/applications\?.*\$skiptoken=/);
    const names: string[] = [];
    await new PageIterator(client, first, (item: Json) => {
      names.push(item.displayName);
      return true;
    }).iterate();
    assert.deepEqual(
      names,
      emu.tenant.applications.map((a) => a.displayName),
    );
    assert.equal(
      emu.requests.count({ kind: 'graph', path: '/v1.0/applications' }),
      Math.ceil(emu.tenant.applications.length / 4),
    );
  });

  it('lists, filters and gets applications and service principals', async () => {
    const byAppId = await graphFetch(emu, `/applications(appId='${CRM_API_APPID}')`);
    assert.equal(byAppId.status, 200);
    assert.equal(byAppId.body.id, CRM_API_OBJECT);
    assert.match(byAppId.body['@odata.context'], /\$metadata#applications\/\$entity$/);
    const starts = await graphFetch(
      emu,
      `/applications?$filter=${encodeURIComponent("startswith(displayName,'crm')")}`,
    );
    assert.deepEqual(starts.body.value.map((a: Json) => a.displayName).sort(), ['CRM API', 'CRM Web']);
    const eq = await graphFetch(
      emu,
      `/applications?$filter=${encodeURIComponent(`appId eq '${CRM_API_APPID}'`)}&$select=id`,
    );
    assert.deepEqual(eq.body.value, [{ id: CRM_API_OBJECT }]);
    const uri = await graphFetch(
      emu,
      `/applications?$filter=${encodeURIComponent(`identifierUris/any(x:x eq 'api://${CRM_API_APPID}')`)}`,
    );
    assert.equal(uri.body.value.length, 1);
    const name = await graphFetch(emu, `/applications?$filter=${encodeURIComponent("displayName eq 'ClientApp'")}`);
    assert.equal(name.body.value[0].appId, 'c1000000-0000-4000-8000-000000000004');
    const sp = await graphFetch(
      emu,
      `/servicePrincipals?$filter=${encodeURIComponent("servicePrincipalNames/any(x:x eq 'https://graph.microsoft.com')")}`,
    );
    assert.equal(sp.body.value[0].id, GRAPH_SP);
    const spKey = await graphFetch(
      emu,
      `/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id,appRoles`,
    );
    assert.equal(spKey.body.id, GRAPH_SP);
    assert.ok(
      spKey.body.appRoles.some(
        (r: Json) => r.value === 'Application.Read.All' && r.id === '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
      ),
    );
    const missing = await graphFetch(emu, '/applications/00000000-0000-0000-0000-000000000001');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'Request_ResourceNotFound');
  });

  it('serves owners, grants, assignments, deleted apps, organization', async () => {
    const owners = await graphFetch(emu, `/applications/${CRM_API_OBJECT}/owners`);
    assert.equal(owners.body.value[0]['@odata.type'], '#microsoft.graph.user');
    assert.equal(owners.body.value[0].id, emu.tenant.signedInUserId);
    const grants = await graphFetch(
      emu,
      `/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq '${CRM_WEB_SP}'`)}`,
    );
    assert.deepEqual(grants.body.value.map((g: Json) => g.consentType).sort(), [
      'AllPrincipals',
      'AllPrincipals',
      'Principal',
    ]);
    const assigned = await graphFetch(emu, `/servicePrincipals/${DAEMON_SP}/appRoleAssignments`);
    assert.equal(assigned.body.value.filter((a: Json) => a.resourceId === GRAPH_SP).length, 2);
    const assignedTo = await graphFetch(emu, `/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo`);
    assert.ok(
      assignedTo.body.value.every(
        (a: Json) => a.resourceId === GRAPH_SP && a.resourceDisplayName === 'Microsoft Graph',
      ),
    );
    const deleted = await graphFetch(emu, '/directory/deletedItems/microsoft.graph.application');
    assert.equal(deleted.body.value.length, 1);
    assert.equal(typeof deleted.body.value[0].deletedDateTime, 'string');
    const org = await graphFetch(emu, '/organization');
    assert.equal(org.body.value[0].id, emu.config.tenantId);
  });

  it("/me needs a delegated token; ownedObjects lists the user's apps", async () => {
    const appOnly = await graphFetch(emu, '/me');
    assert.equal(appOnly.status, 400);
    assert.equal(appOnly.body.error.code, 'BadRequest');
    assert.equal(appOnly.body.error.message, '/me request is only valid with delegated authentication flow.');
    const token = await emu.issueToken({ user: true, clientId: emu.tenant.publicClientAppId });
    const me = await graphFetch(emu, '/me', { token });
    assert.equal(me.status, 200);
    assert.equal(me.body.id, emu.tenant.signedInUserId);
    const owned = await graphFetch(emu, '/me/ownedObjects/microsoft.graph.application?$select=displayName', { token });
    assert.deepEqual(owned.body.value.map((a: Json) => a.displayName).sort(), [
      'CRM API',
      'CRM Web',
      'ClientApp',
      'ClientApp (multi-tenant)',
      'ServerApp',
      'ServerApp (multi-tenant)',
    ]);
  });

  it('$batch runs sub-requests, fails dependants with 424 and rejects bad batches', async () => {
    const client = graphClientFor(emu);
    emu.requests.clear();
    const res = (await client.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: '/applications/00000000-0000-0000-0000-00000000dead' },
        { id: '2', method: 'GET', url: '/organization', dependsOn: ['1'] },
        {
          id: '3',
          method: 'GET',
          url: `/applications?$search="displayName:crm"&$count=true`,
          headers: { ConsistencyLevel: 'eventual' },
        },
        { id: '4', method: 'GET', url: '/applications?$search="displayName:crm"' },
        { id: '5', method: 'GET', url: '/applications/$count', headers: { ConsistencyLevel: 'eventual' } },
      ],
    })) as Json;
    const byId = new Map<string, Json>(res.responses.map((r: Json) => [r.id, r]));
    assert.equal(byId.get('1').status, 404);
    assert.equal(byId.get('2').status, 424);
    assert.equal(byId.get('3').status, 200);
    assert.equal(byId.get('3').body['@odata.count'], 2);
    assert.equal(byId.get('4').status, 400);
    assert.equal(byId.get('4').body.error.code, 'Request_UnsupportedQuery');
    assert.equal(byId.get('5').body, String(emu.tenant.applications.length));
    assert.equal(emu.requests.count({ kind: 'batch' }), 1);
    assert.equal(emu.requests.count({ kind: 'batch-item' }), 5);
    const tooMany = await graphFetch(emu, '/$batch', {
      method: 'POST',
      body: {
        requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' })),
      },
    });
    assert.equal(tooMany.status, 400);
    const dupIds = await graphFetch(emu, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: 'a', method: 'GET', url: '/organization' },
          { id: 'a', method: 'GET', url: '/organization' },
        ],
      },
    });
    assert.equal(dupIds.status, 400);
    assert.equal(dupIds.body.error.code, 'BadRequest');
  });

  it('$search without ConsistencyLevel fails with Request_UnsupportedQuery (Graph SDK)', async () => {
    const client = graphClientFor(emu);
    const err = await graphErrorOf(client.api('/applications').search('"displayName:crm"').get());
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'Request_UnsupportedQuery');
    const ok = (await client
      .api('/applications')
      .header('ConsistencyLevel', 'eventual')
      .search('"displayName:web"')
      .count(true)
      .get()) as Json;
    assert.deepEqual(
      ok.value.map((a: Json) => a.displayName),
      ['CRM Web'],
    );
    assert.equal(ok['@odata.count'], 1);
  });

  it('query option rules: $top, $count, $orderby, unknown options and properties', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['/applications?$top=1000', {}, 400, 'Request_BadRequest'],
      ['/applications?$top=abc', {}, 400, 'Request_BadRequest'],
      ['/applications/$count', {}, 400, 'Request_BadRequest'],
      ['/applications?$orderby=displayName', {}, 400, 'Request_UnsupportedQuery'],
      ['/applications?$filter=' + encodeURIComponent("displayName ne 'x'"), {}, 400, 'Request_UnsupportedQuery'],
      ['/applications?$filter=' + encodeURIComponent("notes eq 'x'"), {}, 400, 'Request_UnsupportedQuery'],
      ['/applications?$filter=' + encodeURIComponent('displayName eq'), {}, 400, 'BadRequest'],
      ['/applications?$select=nope', {}, 400, 'BadRequest'],
      ['/applications?$foo=1', {}, 400, 'BadRequest'],
      ['/applications?$skiptoken=garbage', {}, 400, 'Request_BadRequest'],
      ['/nonsense', {}, 400, 'BadRequest'],
      [`/applications/${CRM_API_OBJECT}/nonsense`, {}, 400, 'BadRequest'],
    ];
    for (const [path, headers, status, code] of cases) {
      const res = await graphFetch(emu, path, { headers });
      assert.equal(res.status, status, path);
      assert.equal(res.body.error.code, code, path);
      assert.match(res.body.error.innerError['request-id'], /^[0-9a-f-]{36}$/);
      assert.equal(res.headers.get('request-id'), res.body.error.innerError['request-id']);
    }
    const unknownSegment = await graphFetch(emu, '/nonsense');
    assert.equal(unknownSegment.body.error.message, "Resource not found for the segment 'nonsense'.");
    const counted = await graphFetch(emu, '/applications?$count=true&$top=1');
    assert.equal(counted.body['@odata.count'], undefined, '$count=true without the header is ignored');
    const advanced = await graphFetch(
      emu,
      '/applications?$count=true&$orderby=displayName desc&$top=2&$select=displayName',
      { headers: { ConsistencyLevel: 'eventual' } },
    );
    assert.equal(advanced.body['@odata.count'], emu.tenant.applications.length);
    assert.deepEqual(
      advanced.body.value.map((a: Json) => a.displayName),
      ['ServerApp (multi-tenant)', 'ServerApp'],
    );
    const count = await graphFetch(emu, '/applications/$count', { headers: { ConsistencyLevel: 'eventual' } });
    assert.equal(count.text, String(emu.tenant.applications.length));
    assert.match(count.headers.get('content-type') ?? '', /^text\/plain/);
  });

  it('authorization: empty, expired, foreign-key tokens get 401; missing permissions get 403', async () => {
    const empty = await graphFetch(emu, '/applications', { token: null });
    assert.equal(empty.status, 401);
    assert.equal(empty.body.error.code, 'InvalidAuthenticationToken');
    assert.equal(empty.body.error.message, 'Access token is empty.');
    const expired = await graphFetch(emu, '/applications', { token: await emu.issueToken({ expired: true }) });
    assert.equal(expired.body.error.message, 'Access token has expired.');
    const forged = await graphFetch(emu, '/applications', { token: await emu.issueToken({ key: 'other' }) });
    assert.equal(forged.status, 401);
    const tampered = (await emu.issueToken()).replace(
      /\.[^.]+\./,
      (m) =>
        `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(m.slice(1, -1), 'base64url').toString()), roles: ['Directory.ReadWrite.All'] })).toString('base64url')}.`,
    );
    assert.equal((await graphFetch(emu, '/applications', { token: tampered })).status, 401);
    const wrongAudience = await graphFetch(emu, '/applications', {
      token: await emu.issueToken({ audience: `api://${CRM_API_APPID}` }),
    });
    assert.equal(wrongAudience.status, 401);
    const noRoles = await graphFetch(emu, '/applications', {
      token: await emu.issueToken({ roles: ['User.Read.All'] }),
    });
    assert.equal(noRoles.status, 403);
    assert.equal(noRoles.body.error.code, 'Authorization_RequestDenied');
    assert.equal(noRoles.body.error.message, 'Insufficient privileges to complete the operation.');
    const grantsDenied = await graphFetch(emu, '/oauth2PermissionGrants', {
      token: await emu.issueToken({ roles: ['Application.Read.All'] }),
    });
    assert.equal(grantsDenied.status, 403);
    const delegatedOk = await graphFetch(emu, '/applications?$top=1', {
      token: await emu.issueToken({ user: true, scp: ['Application.Read.All'] }),
    });
    assert.equal(delegatedOk.status, 200);
  });

  it('PATCH /applications: 204, omitted properties kept, collections replaced, entitlement and duplicate rules', async () => {
    const admin = credentialFor(emu, ADMIN_CLIENT.id, ADMIN_CLIENT.secret);
    const client = graphClientFor(emu, admin);
    const readOnlyClient = graphClientFor(emu);
    const denied = await graphErrorOf(readOnlyClient.api(`/applications/${CRM_API_OBJECT}`).patch({ notes: 'x' }));
    assert.equal(denied.statusCode, 403);
    const path = `/applications/${CRM_API_OBJECT}`;
    const before = emu.tenant.applications.find((a) => a.id === CRM_API_OBJECT);
    const scopes = structuredClone(before?.api?.oauth2PermissionScopes ?? []);
    const raw = await fetch(`${emu.config.graphBaseUrl}${path}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${(await admin.getToken('https://graph.microsoft.com/.default')).token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ notes: 'patched', tags: ['crm'] }),
    });
    assert.equal(raw.status, 204);
    assert.equal(await raw.text(), '');
    const after = (await client.api(path).get()) as Json;
    assert.equal(after.notes, 'patched');
    assert.deepEqual(after.tags, ['crm']);
    assert.equal(after.api.oauth2PermissionScopes.length, scopes.length, 'omitted properties are kept');
    assert.equal(after.displayName, 'CRM API');

    const renamed = scopes.map((s) => (s.value === 'Sales.ReadWrite.All' ? { ...s, value: 'Sales.Manage.All' } : s));
    const enabledChange = await graphErrorOf(client.api(path).patch({ api: { oauth2PermissionScopes: renamed } }));
    assert.equal(enabledChange.statusCode, 400);
    assert.equal(enabledChange.code, 'CannotDeleteOrUpdateEnabledEntitlement');
    assert.equal(
      enabledChange.message,
      'Permission (scope or role) cannot be deleted or updated unless disabled first.',
    );
    const removed = await graphErrorOf(
      client
        .api(path)
        .patch({ api: { oauth2PermissionScopes: scopes.filter((s) => s.value !== 'Sales.ReadWrite.All') } }),
    );
    assert.equal(removed.code, 'CannotDeleteOrUpdateEnabledEntitlement');

    const disabled = scopes.map((s) => (s.value === 'Sales.ReadWrite.All' ? { ...s, isEnabled: false } : s));
    await client.api(path).patch({ api: { oauth2PermissionScopes: disabled } });
    await client
      .api(path)
      .patch({ api: { oauth2PermissionScopes: disabled.filter((s) => s.value !== 'Sales.ReadWrite.All') } });
    const afterRemoval = (await client.api(path).select(['api', 'identifierUris']).get()) as Json;
    assert.equal(afterRemoval.api.oauth2PermissionScopes.length, scopes.length - 1);
    assert.equal(
      afterRemoval.api.requestedAccessTokenVersion,
      2,
      'complex properties merge: api.requestedAccessTokenVersion kept',
    );
    const sp = emu.tenant.servicePrincipals.find((s) => s.appId === CRM_API_APPID);
    assert.equal(
      sp?.oauth2PermissionScopes?.length,
      scopes.length - 1,
      'the service principal follows its application',
    );

    const roles = before?.appRoles ?? [];
    const dupRole = await graphErrorOf(
      client.api(path).patch({ appRoles: [...roles, { ...roles[0], id: '0b000000-0000-4000-8000-000000000001' }] }),
    );
    assert.equal(dupRole.code, 'DuplicateValue');
    const sameNameAsScope = await graphErrorOf(
      client.api(path).patch({
        appRoles: [...roles, { ...roles[0], id: '0b000000-0000-4000-8000-000000000002', value: 'user_impersonation' }],
      }),
    );
    assert.equal(sameNameAsScope.code, 'DuplicateValue');
    for (const [body, code] of [
      [{ appId: 'x' }, 'Request_BadRequest'],
      [{ passwordCredentials: [] }, 'Request_BadRequest'],
      [{ notAProperty: 1 }, 'Request_BadRequest'],
    ] as const) {
      const err = await graphErrorOf(client.api(path).patch(body));
      assert.equal(err.statusCode, 400, JSON.stringify(body));
      assert.equal(err.code, code);
    }
  });
});
