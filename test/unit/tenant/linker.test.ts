// The token → tenant link against the local tenant emulator (sample scenario): app registrations
// by appId and by App ID URI, the service principal fallback for APIs of other tenants (Microsoft
// Graph), one request per lookup, cache hits with none, "not found", failures, the preference for
// the token's tenant, and the manifest catalogue built from the names the model has read.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isGraphError } from '../../../src/core/graph/errors';
import { tenantCatalog } from '../../../src/core/tenant/catalog';
import { linkKey, resolveAcrossTenants, type LinkTenant } from '../../../src/core/tenant/linker';
import type { LinkedApp } from '../../../src/core/token/linker';
import { startEmulator, type Emulator } from '../../emulator/index';
import { connect } from './emulator';

const crmApi = { id: 'b1000000-0000-4000-8000-000000000001', appId: 'c1000000-0000-4000-8000-000000000001' };
const crmWeb = { id: 'b1000000-0000-4000-8000-000000000002', appId: 'c1000000-0000-4000-8000-000000000002' };
const serverMulti = 'c1000000-0000-4000-8000-000000000005';
const graphAppId = '00000003-0000-0000-c000-000000000000';

const values = (ps: LinkedApp['scopes']): string[] => ps.map((p) => p.value);

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ scenario: 'sample', port: 0 });
});
after(async () => {
  await emu?.close();
});

test('an app registration by appId: name, App ID URI, scopes and every app role, in one request', async () => {
  const c = await connect(emu);
  const app = await c.model.links.resolveApp(crmApi.appId.toUpperCase());
  assert.equal(c.graphRequests(), 1);
  assert.ok(app);
  assert.equal(app.appId, crmApi.appId);
  assert.equal(app.displayName, 'CRM API');
  assert.deepEqual(app.identifierUris, [`api://${crmApi.appId}`]);
  const source = emu.tenant.applications.find((a) => a.appId === crmApi.appId)!;
  assert.deepEqual(
    values(app.scopes),
    (source.api?.oauth2PermissionScopes ?? []).map((s) => s.value),
  );
  // Roles for users and for applications alike: a delegated token carries the user's roles.
  assert.deepEqual(
    values(app.roles),
    (source.appRoles ?? []).map((r) => r.value),
  );
  assert.ok(app.scopes.find((s) => s.value === 'Crm.Read.My')?.id, 'scope ids kept');
  // The request names the app by appId and falls back to its service principal in the same batch.
  const items = emu.requests.list({ kind: 'batch-item' }).map((r) => decodeURIComponent(r.path));
  assert.equal(items.length, 2);
  assert.ok(items.some((p) => p.startsWith('/v1.0/applications?') && p.includes(`appId eq '${crmApi.appId}'`)));
  assert.ok(items.some((p) => p.startsWith('/v1.0/servicePrincipals?') && p.includes(`appId eq '${crmApi.appId}'`)));
});

test('an app registration by App ID URI (one request); later lookups by appId or URI need none', async () => {
  const c = await connect(emu);
  const uri = 'api://serverapp-mt.contoso-emulator.example';
  const app = await c.model.links.resolveApp(uri);
  assert.equal(c.graphRequests(), 1);
  assert.equal(app?.displayName, 'ServerApp (multi-tenant)');
  assert.equal(app?.appId, serverMulti);
  assert.deepEqual(values(app!.scopes), ['test.read']);
  const items = emu.requests.list({ kind: 'batch-item' }).map((r) => decodeURIComponent(r.path));
  assert.ok(
    items.some((p) => p.includes(`identifierUris/any(x:x eq '${uri}')`)),
    items.join('\n'),
  );
  c.reset();
  assert.equal((await c.model.links.resolveApp(serverMulti))?.displayName, 'ServerApp (multi-tenant)');
  assert.equal((await c.model.links.resolveApp(`${uri.toUpperCase()}/`))?.appId, serverMulti);
  assert.equal(c.graphRequests(), 0);
});

test('an API registered in another tenant (Microsoft Graph) resolves through its service principal, by appId or by URI', async () => {
  const c = await connect(emu);
  const graph = await c.model.links.resolveApp(graphAppId);
  assert.equal(c.graphRequests(), 1);
  assert.equal(graph?.displayName, 'Microsoft Graph');
  assert.ok(values(graph!.scopes).includes('User.Read'));
  assert.ok(values(graph!.roles).includes('Application.Read.All'));
  assert.ok(
    graph!.identifierUris?.includes('https://graph.microsoft.com'),
    'service principal names stand for the App ID URIs',
  );
  assert.ok(!graph!.identifierUris?.includes(graphAppId));
  // The v1 audience of Graph tokens: already known from the service principal's names.
  c.reset();
  assert.equal((await c.model.links.resolveApp('https://graph.microsoft.com/'))?.appId, graphAppId);
  assert.equal(c.graphRequests(), 0);
  // A fresh model asks by URI: one request, the service principal answers.
  const d = await connect(emu);
  assert.equal((await d.model.links.resolveApp('https://graph.microsoft.com'))?.displayName, 'Microsoft Graph');
  assert.equal(d.graphRequests(), 1);
});

test('cache: a second lookup, concurrent lookups and apps the explorer loaded cost no request; refresh asks again', async () => {
  const c = await connect(emu);
  const [a, b] = await Promise.all([c.model.links.resolveApp(crmApi.appId), c.model.links.resolveApp(crmApi.appId)]);
  assert.equal(c.graphRequests(), 1, 'concurrent lookups share one request');
  assert.equal(a, b);
  c.reset();
  assert.equal((await c.model.links.resolveApp(`api://${crmApi.appId}`))?.displayName, 'CRM API');
  assert.equal(c.graphRequests(), 0);

  await c.model.expand(crmWeb);
  c.reset();
  const web = await c.model.links.resolveApp(crmWeb.appId);
  assert.equal(c.graphRequests(), 0, 'details loaded by the explorer answer');
  assert.equal(web?.displayName, 'CRM Web');

  c.model.resetAll();
  c.reset();
  assert.equal((await c.model.links.resolveApp(crmApi.appId))?.displayName, 'CRM API');
  assert.equal(c.graphRequests(), 1, 'a refresh forgets the answers');
});

test('not found: undefined after one request, remembered (no second request)', async () => {
  const c = await connect(emu);
  const unknown = '0badc0de-0000-4000-8000-000000000000';
  assert.equal(await c.model.links.resolveApp(unknown), undefined);
  assert.equal(await c.model.links.resolveApp('api://nobody.example/'), undefined);
  assert.equal(c.graphRequests(), 2);
  c.reset();
  assert.equal(await c.model.links.resolveApp(unknown), undefined);
  assert.equal(await c.model.links.resolveApp('api://nobody.example'), undefined);
  assert.equal(c.graphRequests(), 0);
  assert.equal(await c.model.links.resolveApp('   '), undefined);
  assert.equal(c.graphRequests(), 0);
});

test('a refused query is reported (not cached as "not found"); an app registration still answers when only the service principal query fails', async () => {
  const c = await connect(emu);
  emu.faults.add({ method: 'GET', path: '/v1.0/servicePrincipals?', fault: { kind: 'forbidden' } });
  try {
    await assert.rejects(
      c.model.links.resolveApp(graphAppId),
      (err: unknown) => isGraphError(err) && err.status === 403,
    );
    assert.equal((await c.model.links.resolveApp(crmApi.appId))?.displayName, 'CRM API');
  } finally {
    emu.faults.clear();
  }
  c.reset();
  assert.equal((await c.model.links.resolveApp(graphAppId))?.displayName, 'Microsoft Graph');
  assert.equal(c.graphRequests(), 1, 'asked again once the refusal is gone');
});

test('several tenants: the token tenant is asked first, others only when it does not know the app, failures do not stop them', async () => {
  const asked: string[] = [];
  const tenant = (tenantId: string, apps: Record<string, string>, fail = false): LinkTenant => ({
    tenantId,
    links: {
      resolveApp: async (key) => {
        asked.push(tenantId);
        if (fail) throw new Error(`${tenantId} is unreachable`);
        const name = apps[key];
        return name ? { appId: key, displayName: name, scopes: [], roles: [] } : undefined;
      },
    },
  });
  const a = tenant('aaaaaaaa-0000-4000-8000-000000000000', { x: 'X in A' });
  const b = tenant('BBBBBBBB-0000-4000-8000-000000000000', { x: 'X in B', y: 'Y in B' });
  assert.equal(
    (await resolveAcrossTenants([a, b], 'x', 'bbbbbbbb-0000-4000-8000-000000000000'))?.displayName,
    'X in B',
  );
  assert.deepEqual(asked.splice(0), ['BBBBBBBB-0000-4000-8000-000000000000']);
  assert.equal((await resolveAcrossTenants([a, b], 'x', null))?.displayName, 'X in A');
  assert.deepEqual(asked.splice(0), ['aaaaaaaa-0000-4000-8000-000000000000']);
  assert.equal(
    (await resolveAcrossTenants([a, b], 'y', 'aaaaaaaa-0000-4000-8000-000000000000'))?.displayName,
    'Y in B',
  );
  assert.deepEqual(asked.splice(0), ['aaaaaaaa-0000-4000-8000-000000000000', 'BBBBBBBB-0000-4000-8000-000000000000']);
  const broken = tenant('cccccccc-0000-4000-8000-000000000000', {}, true);
  assert.equal(
    (await resolveAcrossTenants([broken, b], 'y', 'cccccccc-0000-4000-8000-000000000000'))?.displayName,
    'Y in B',
  );
  await assert.rejects(resolveAcrossTenants([broken, a], 'z', null), /unreachable/);
  assert.equal(await resolveAcrossTenants([], 'x', null), undefined);
});

test('lookup keys: GUIDs and URIs compare without case and trailing slashes', () => {
  assert.equal(linkKey(' C1000000-0000-4000-8000-000000000001 '), 'c1000000-0000-4000-8000-000000000001');
  assert.equal(linkKey('api://Contoso.example/api//'), 'api://contoso.example/api');
});

test('manifest catalogue: the tenant APIs whose names the model has read, with the built-in catalogue after them', async () => {
  const c = await connect(emu);
  const before = tenantCatalog([c.model.names]);
  assert.equal(before.getResource(crmApi.appId), undefined, 'nothing read yet');
  assert.equal(before.getResource(graphAppId)?.complete, false, 'built-in Microsoft Graph');
  const revision = c.model.names.revision;
  const kinds: string[] = [];
  c.model.onDidChange((change) => kinds.push(change.kind));
  // Expanding CRM Web reads the names of the APIs it calls (CRM API, Microsoft Graph).
  await c.model.expand(crmWeb);
  assert.ok(kinds.includes('names'), 'the model says names arrived');
  assert.ok(c.model.names.revision > revision);
  const catalog = tenantCatalog([c.model.names]);
  const crm = catalog.getResource(crmApi.appId);
  assert.ok(crm?.complete);
  assert.equal(crm.displayName, 'CRM API');
  assert.equal(catalog.getResource('crm api')?.appId, crmApi.appId, 'by name too');
  const source = emu.tenant.applications.find((a) => a.appId === crmApi.appId)!;
  const readAll = source.api!.oauth2PermissionScopes!.find((s) => s.value === 'Crm.Read.All')!;
  assert.equal(crm.scopes.find((s) => s.id === readAll.id)?.value, 'Crm.Read.All');
  assert.equal(crm.scopes.find((s) => s.id === readAll.id)?.adminConsentRequired, readAll.type === 'Admin');
  const appRoles = (source.appRoles ?? [])
    .filter((r) => r.allowedMemberTypes?.includes('Application'))
    .map((r) => r.value)
    .sort();
  assert.deepEqual(crm.roles.map((r) => r.value).sort(), appRoles, 'application permissions only');
  assert.equal(catalog.getResource(graphAppId)?.complete, true, "the tenant's Microsoft Graph service principal");
  assert.equal(tenantCatalog([]).getResource(crmApi.appId), undefined);
  // A service principal read for a token feeds the names too.
  const d = await connect(emu);
  const seen: string[] = [];
  d.model.onDidChange((change) => seen.push(change.kind));
  await d.model.links.resolveApp(crmApi.appId);
  assert.deepEqual(seen, ['names']);
  assert.ok(tenantCatalog([d.model.names]).getResource(crmApi.appId)?.complete);
});
