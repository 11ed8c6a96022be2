// The tenant model against the local tenant emulator (sample scenario): paging, search, expanding
// and refreshing one app with their request counts, names and consent statuses of the source
// documents' situations, and the error kinds users see.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isGraphError } from '../../../src/core/graph/errors';
import type { AppDetails } from '../../../src/core/tenant/model';
import { startEmulator, type Emulator } from '../../emulator/index';
import { connect } from './emulator';

const ids = {
  crmApi: { id: 'b1000000-0000-4000-8000-000000000001', appId: 'c1000000-0000-4000-8000-000000000001' },
  crmWeb: { id: 'b1000000-0000-4000-8000-000000000002', appId: 'c1000000-0000-4000-8000-000000000002' },
  serverApp: { id: 'b1000000-0000-4000-8000-000000000003', appId: 'c1000000-0000-4000-8000-000000000003' },
  clientApp: { id: 'b1000000-0000-4000-8000-000000000004', appId: 'c1000000-0000-4000-8000-000000000004' },
  serverMulti: { id: 'b1000000-0000-4000-8000-000000000005', appId: 'c1000000-0000-4000-8000-000000000005' },
  daemon: { id: 'b1000000-0000-4000-8000-000000000007', appId: 'c1000000-0000-4000-8000-000000000007' },
  reporting: { id: 'b1000000-0000-4000-8000-000000000008', appId: 'c1000000-0000-4000-8000-000000000008' },
};

function statuses(d: AppDetails): string[] {
  return d.permissions.map(
    (p) =>
      `${p.resourceName} ${p.value ?? p.permissionId} [${p.kind}] ${p.statusText}${p.adminConsentRequired ? ' (admin)' : ''}`,
  );
}

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ scenario: 'sample', port: 0 });
});
after(async () => {
  await emu?.close();
});
{
  test('pages to the end with one request per page, following @odata.nextLink', async () => {
    const c = await connect(emu, { pageSize: 4 });
    await c.model.loadNextPage('all');
    assert.equal(c.graphRequests(), 1, 'first page: one request');
    const list = c.model.list('all');
    assert.equal(list.entries.length, 4);
    assert.ok(list.hasMore);
    const pages = await c.model.loadAll('all');
    const total = emu.tenant.applications.length;
    assert.equal(list.entries.length, total);
    assert.equal(new Set(list.entries.map((e) => e.id)).size, total, 'no duplicates');
    assert.equal(c.graphRequests(), Math.ceil(total / 4));
    assert.equal(pages, Math.ceil(total / 4) - 1);
    assert.ok(list.complete);
    const logged = emu.requests.list({ kind: 'graph' }).map((r) => r.path);
    assert.ok(
      logged.slice(1).every((p) => p.includes('$skiptoken=')),
      'later pages use the next link',
    );
    assert.ok(
      logged.every((p) => p.includes('$select=id,appId,displayName')),
      'narrow $select kept on every page',
    );
  });

  test('search by name is one request with ConsistencyLevel; a GUID searches by appId', async () => {
    const c = await connect(emu);
    const found = await c.model.search('CRM');
    assert.equal(c.graphRequests(), 1);
    assert.deepEqual(found.entries.map((e) => e.displayName).sort(), ['CRM API', 'CRM Web']);
    c.reset();
    const byId = await c.model.search(ids.serverApp.appId);
    assert.equal(c.graphRequests(), 1);
    assert.deepEqual(
      byId.entries.map((e) => e.displayName),
      ['ServerApp'],
    );
    assert.match(emu.requests.list({ kind: 'graph' })[0]!.path, /\$filter=appId/);
  });

  test('Deleted view lists deleted registrations; Owned by me explains why it needs a user', async () => {
    const c = await connect(emu);
    await c.model.loadNextPage('deleted');
    assert.equal(c.model.list('deleted').entries.length, emu.tenant.deletedApplications.length);
    assert.ok(c.model.list('deleted').entries.every((e) => typeof e.deletedDateTime === 'string'));
    c.reset();
    await c.model.loadNextPage('owned');
    assert.equal(c.graphRequests(), 0, 'no request for an app-only sign-in');
    assert.match(c.model.list('owned').error?.message ?? '', /needs a signed-in user/);
  });

  test('expand: at most 2 requests; names and consent as the admin center shows them (CRM Web, seed 004)', async () => {
    const c = await connect(emu);
    await c.model.loadOrganization();
    c.reset();
    const d = await c.model.expand(ids.crmWeb);
    assert.ok(c.graphRequests() <= 2, `expand used ${c.graphRequests()} requests`);
    assert.equal(emu.requests.count({ kind: 'batch' }), c.graphRequests(), 'both are $batch requests');
    assert.deepEqual(statuses(d), [
      'CRM API user_impersonation [Scope] Granted for Contoso (emulated)',
      'CRM API Crm.ReadWrite.Team [Scope] Granted for Contoso (emulated)',
      'CRM API Crm.Read.My [Scope] Granted for Contoso (emulated)',
      'Microsoft Graph User.Read [Scope] Granted for Contoso (emulated)',
      'Microsoft Graph openid [Scope] Granted for Contoso (emulated)',
      'Microsoft Graph profile [Scope] Granted for Contoso (emulated)',
    ]);
    assert.deepEqual(d.app.webRedirectUris, [
      'https://crm.contoso-emulator.example/signin-oidc',
      'https://localhost:5001/signin-oidc',
    ]);
    assert.equal(d.app.implicitIdTokens, true);
    assert.ok(d.sp, 'CRM Web has a service principal');
    assert.deepEqual(d.errors, {});
    // Expanding again uses the cache; refreshing re-reads that app only, in one request.
    c.reset();
    await c.model.expand(ids.crmWeb);
    assert.equal(c.graphRequests(), 0);
    const refreshed = await c.model.refreshApp(ids.crmWeb);
    assert.equal(c.graphRequests(), 1, 'refresh one app: one request');
    assert.deepEqual(statuses(refreshed), statuses(d));
  });

  test('application permissions granted by admin consent vs never granted (daemons, seeds 001-003)', async () => {
    const c = await connect(emu);
    await c.model.loadOrganization();
    const daemon = await c.model.expand(ids.daemon);
    assert.deepEqual(statuses(daemon), [
      'Microsoft Graph User.Read.All [Role] Granted for Contoso (emulated) (admin)',
      'Microsoft Graph Mail.Send [Role] Granted for Contoso (emulated) (admin)',
      'CRM API Accounts.Read.All [Role] Granted for Contoso (emulated) (admin)',
    ]);
    const now = Date.now();
    const states = daemon.app.credentials.map((x) => [
      x.displayName,
      Date.parse(x.endDateTime ?? '') < now ? 'expired' : 'valid',
    ]);
    assert.deepEqual(states.sort(), [
      ['daemon-bootstrap', 'expired'],
      ['daemon-cert-2025', 'valid'],
    ]);
    const reporting = await c.model.expand(ids.reporting);
    assert.deepEqual(statuses(reporting), [
      'Microsoft Graph Sites.Read.All [Role] Not granted (admin)',
      'Microsoft Graph Mail.Read [Scope] Not granted',
    ]);
  });

  test('authorized client applications are named, with the scopes they are pre-authorized for (seed 000)', async () => {
    const c = await connect(emu);
    const server = await c.model.expand(ids.serverApp);
    assert.deepEqual(
      server.app.preAuthorizedApplications.map((p) => [
        c.model.names.appName(p.appId),
        p.permissionIds.map((id) => server.app.scopes.find((s) => s.id === id)?.value),
      ]),
      [['ClientApp', ['test.read']]],
    );
    const multi = await c.model.expand(ids.serverMulti);
    assert.deepEqual(
      multi.app.preAuthorizedApplications.map((p) => c.model.names.appName(p.appId)),
      ['ClientApp (multi-tenant)'],
    );
    const client = await c.model.expand(ids.clientApp);
    assert.deepEqual(statuses(client), [
      `ServerApp test.read [Scope] Granted for ${c.model.tenantName}`,
      `Microsoft Graph User.Read [Scope] Not granted`,
    ]);
    const api = await c.model.expand(ids.crmApi);
    assert.equal(api.app.scopes.length, 9);
    assert.deepEqual(
      api.app.scopes.filter((s) => s.type === 'Admin').map((s) => s.value),
      ['Crm.Read.All', 'Crm.ReadWrite.All', 'Sales.ReadWrite.All'],
    );
    assert.equal(api.app.appRoles.length, 12);
    assert.deepEqual(api.assignedTo.map((a) => a.principalDisplayName).sort(), [
      'Adele Vance',
      'Adele Vance',
      'Bob Kelly',
      'Inventory Sync Daemon',
      'Megan Bowen',
    ]);
    assert.deepEqual(
      api.app.preAuthorizedApplications.map((p) => c.model.names.appName(p.appId)),
      ['CRM Web'],
    );
  });

  test('names persist: a new model with the same store names permissions without asking for them', async () => {
    const saved = new Map<string, unknown>();
    const store = { read: (t: string) => saved.get(t), write: (t: string, s: unknown) => void saved.set(t, s) };
    const first = await connect(emu, { store });
    await first.model.expand(ids.crmWeb);
    await first.model.names.save();
    const second = await connect(emu, { store });
    const d = await second.model.expand(ids.crmWeb);
    assert.equal(second.graphRequests(), 2, 'app + SP, then grants/assignments; no name lookups');
    assert.ok(
      !emu.requests
        .list({ kind: 'batch-item' })
        .some((r) => r.path.includes('appId%20in') || r.path.includes('appId in')),
      'no name lookup',
    );
    assert.equal(d.permissions[0]?.value, 'user_impersonation');
  });

  test('429 is retried honouring Retry-After and observers hear "retrying in N s"', async () => {
    const c = await connect(emu, { pageSize: 3 });
    emu.faults.add({
      method: 'GET',
      path: '/v1.0/applications?',
      times: 1,
      fault: { kind: 'throttle', retryAfterSeconds: 1 },
    });
    const started = Date.now();
    await c.model.loadNextPage('all');
    const elapsed = Date.now() - started;
    assert.equal(c.model.list('all').entries.length, 3);
    assert.equal(c.graphRequests(), 2, 'one throttled, one retried');
    assert.ok(elapsed >= 950, `waited ${elapsed} ms for Retry-After: 1`);
    assert.deepEqual(
      c.retries.map((r) => [r.status, r.attempt, r.delaySeconds]),
      [[429, 1, 1]],
    );
    emu.faults.clear();
  });

  test('429 inside a $batch is retried for that sub-request only', async () => {
    const c = await connect(emu);
    emu.faults.add({
      method: 'GET',
      path: '/servicePrincipals?$filter=appId',
      times: 1,
      fault: { kind: 'throttle', retryAfterSeconds: 1 },
    });
    const d = await c.model.expand(ids.daemon);
    emu.faults.clear();
    assert.ok(d.sp);
    assert.equal(c.retries.length, 1);
    assert.equal(d.permissions[0]?.state, 'grantedForTenant');
  });

  test('403 names the missing permission; 401 asks to sign in again; a reset connection says offline', async () => {
    const c = await connect(emu, { maxRetries: 0 });
    emu.faults.add({ method: 'GET', path: '/v1.0/applications?', times: 1, fault: { kind: 'forbidden' } });
    await assert.rejects(
      c.model.loadNextPage('all'),
      (e: unknown) =>
        isGraphError(e) &&
        e.kind === 'forbidden' &&
        e.missingPermission === 'Application.Read.All (application)' &&
        /ask an admin to consent/.test(e.message),
    );
    assert.equal(c.model.list('all').error?.kind, 'forbidden', 'the list keeps the error for its error row');
    emu.faults.add({ method: 'GET', path: '/v1.0/applications?', times: 1, fault: { kind: 'expiredToken' } });
    await assert.rejects(
      c.model.loadNextPage('all'),
      (e: unknown) => isGraphError(e) && e.kind === 'signin' && /Sign in again/.test(e.message),
    );
    emu.faults.add({ method: 'GET', path: '/v1.0/applications?', times: 1, fault: { kind: 'reset' } });
    await assert.rejects(
      c.model.loadNextPage('all'),
      (e: unknown) => isGraphError(e) && e.kind === 'offline' && /offline/.test(e.message),
    );
    // Grants need Directory.Read.All: a 403 there leaves the rest of the app readable.
    emu.faults.add({ method: 'GET', path: '/oauth2PermissionGrants', times: 1, fault: { kind: 'forbidden' } });
    const d = await c.model.expand(ids.crmWeb);
    emu.faults.clear();
    assert.equal(d.errors.grants?.missingPermission, 'Directory.Read.All (application)');
    assert.equal(d.app.displayName, 'CRM Web');
    await c.model.loadNextPage('all');
    assert.ok(c.model.list('all').entries.length > 0, 'works again after the faults');
  });
}
