// The query layer: the URLs the Graph SDK's request builder composes for each named read, and
// `$batch` bodies and answers through the SDK's batch content helpers (against the emulator).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TokenCredential } from '@azure/identity';
import { getCloud } from '../../../src/core/entra/clouds';
import { GraphAccess, relativeUrl } from '../../../src/io/graph/client';
import * as queries from '../../../src/io/graph/queries';
import { tenantGraph } from '../../../src/io/graph/tenantGraph';
import { startEmulator, type Emulator } from '../../emulator/index';
import { connect } from '../tenant/emulator';

const offline: TokenCredential = { getToken: async () => null };
const graph = new GraphAccess({
  credential: offline,
  cloud: getCloud('AzureCloud'),
  scopes: ['https://graph.microsoft.com/.default'],
  permissionType: 'application',
});
const url = (request: Parameters<typeof relativeUrl>[0]) => relativeUrl(request);
const listFields = 'id,appId,displayName,createdDateTime,passwordCredentials,keyCredentials';

test('list pages: views, a display-name search with ConsistencyLevel, an appId lookup', () => {
  assert.equal(
    url(queries.listApplicationsPage(graph, { kind: 'view', view: 'all' }, 200)),
    `/applications?$select=${listFields}&$top=200`,
  );
  assert.equal(
    url(queries.listApplicationsPage(graph, { kind: 'view', view: 'deleted' }, 5)),
    '/directory/deletedItems/microsoft.graph.application?$select=id,appId,displayName,createdDateTime,deletedDateTime&$top=5',
  );
  const search = queries.listApplicationsPage(graph, { kind: 'search', text: 'a "b" & c#' }, 10);
  assert.equal(
    url(search),
    `/applications?$search=${encodeURIComponent('"displayName:a \\"b\\" & c#"')}&$select=${listFields}&$top=10`,
  );
  assert.equal((search as unknown as { _headers: Record<string, string> })._headers.ConsistencyLevel, 'eventual');
  assert.equal(
    url(queries.listApplicationsPage(graph, { kind: 'appId', appId: "o'k" }, 10)),
    `/applications?$filter=${encodeURIComponent("appId eq 'o''k'")}&$select=${listFields}`,
  );
});

test('filters are encoded once: quotes doubled, & # + and spaces cannot break the query', () => {
  const uri = "api://x?a=1&b=2#frag+it's";
  const built = url(queries.applicationsWhere(graph, 'identifierUri', uri, ['id']));
  const query = new URLSearchParams(built.slice(built.indexOf('?') + 1));
  assert.equal(query.get('$filter'), "identifierUris/any(x:x eq 'api://x?a=1&b=2#frag+it''s')");
  assert.equal(query.get('$select'), 'id');
  assert.deepEqual([...query.keys()], ['$filter', '$select']);
});

test('the tenant model reads: details, names and links', () => {
  const sp = '7d0c4f0e-0000-4000-8000-000000000001';
  assert.equal(
    url(queries.tenantRead(graph, { kind: 'owners', id: 'a/b' })),
    '/applications/a%2Fb/owners?$select=id,displayName,userPrincipalName',
  );
  assert.equal(
    url(queries.tenantRead(graph, { kind: 'grantsOfClient', spId: sp })),
    `/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq '${sp}'`)}`,
  );
  assert.equal(
    url(queries.tenantRead(graph, { kind: 'resources', appIds: ['a', 'b'] })),
    `/servicePrincipals?$filter=${encodeURIComponent("appId in ('a','b')")}&$select=id,appId,displayName,oauth2PermissionScopes,appRoles`,
  );
  assert.match(
    url(queries.tenantRead(graph, { kind: 'linkServicePrincipal', by: 'servicePrincipalName', value: 'https://x' })),
    /^\/servicePrincipals\?\$filter=servicePrincipalNames%2Fany\(x%3Ax%20eq%20'https%3A%2F%2Fx'\)&\$select=/,
  );
  assert.equal(
    url(queries.ownerlessApplications(graph, 999)),
    `/applications?$filter=${encodeURIComponent('owners/$count eq 0')}&$count=true&$select=id&$top=999`,
  );
});

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ scenario: 'sample' });
});
after(async () => {
  await emu?.close();
});

test('a $batch through the SDK batch content: one request, answers by id with their status and body', async () => {
  const c = await connect(emu);
  const port = tenantGraph(c.graph);
  const answers = await port.readMany([
    { id: 'names', read: { kind: 'applicationNames', appIds: ["no'such"] } },
    { id: 'missing', read: { kind: 'application', id: '00000000-0000-4000-8000-00000000dead' } },
  ]);
  assert.equal(c.graphRequests(), 1);
  assert.equal(answers.get('names')?.status, 200);
  assert.deepEqual((answers.get('names')?.body as { value: unknown[] }).value, []);
  const missing = answers.get('missing')!;
  assert.equal(missing.status, 404);
  const error = port.errorOf(missing, { kind: 'application', id: '00000000-0000-4000-8000-00000000dead' });
  assert.equal(error.kind, 'notFound');
});
