// The tenant explorer in the real extension host against the tenant emulator (sample scenario):
// sign-in with a client secret on a Custom cloud, the tree of the source documents' situations,
// commands and the manifest document. What users see when Graph fails: faults.test.ts.
//
// The client secret reaches the extension the documented test-only way: `entra.signIn` invoked
// programmatically with `{ clientSecret }` stores it in SecretStorage and signs in.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import type { ExplorerApi } from '../../src/vscode/explorer/register';
import type { ExplorerNode as Node } from '../../src/vscode/explorer/nodes';
import {
  addFault,
  clearFaults,
  emulator,
  productApi,
  signIn,
  treeWalker,
  useEmulatorSettings,
  type Restore,
} from './helpers';

describe('tenant explorer (emulator)', function () {
  let api: ExplorerApi;
  let restoreSettings: Restore | undefined;

  const item = (node: Node): vscode.TreeItem => api.provider.getTreeItem(node);
  const { labelOf, path } = treeWalker(() => api.provider);
  const tenantLabel = 'Contoso (emulated)';

  before(async function () {
    if (!emulator) {
      this.skip();
    }
    api = (await productApi()).explorer;
    restoreSettings = await useEmulatorSettings();
    await signIn(api);
  });

  after(async function () {
    if (!emulator) {
      return;
    }
    await vscode.commands.executeCommand('entra.signOut');
    await restoreSettings?.();
  });

  it('shows the tenant by name with All / Owned by me / Deleted, and the app registrations', async () => {
    const roots = await api.provider.getChildren();
    assert.deepEqual(roots.map(labelOf), [tenantLabel]);
    const views = await api.provider.getChildren(roots[0]);
    assert.deepEqual(views.map(labelOf), ['All applications', 'Owned by me', 'Deleted applications']);
    const apps = (await api.provider.getChildren(views[0])).map(labelOf);
    for (const name of [
      'CRM API',
      'CRM Web',
      'ServerApp',
      'ClientApp',
      'ServerApp (multi-tenant)',
      'ClientApp (multi-tenant)',
      'Inventory Sync Daemon',
      'Reporting Daemon',
    ]) {
      assert.ok(apps.includes(name), `${name} listed`);
    }
    const deleted = await api.provider.getChildren(views[2]);
    assert.equal(deleted.length, 1);
    assert.match(String(item(deleted[0]!).contextValue), /\bentraDeletedApp\b/);
    const owned = await api.provider.getChildren(views[1]);
    assert.match(labelOf(owned[0]!), /needs a signed-in user/);
  });

  /** The provider's refresh events from now on (undefined: the whole tree), and when one `wanted` came. */
  function refreshes(wanted: (node: Node | undefined) => boolean): {
    events: (Node | undefined)[];
    seen: Promise<void>;
    sub: vscode.Disposable;
  } {
    const events: (Node | undefined)[] = [];
    let found: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (found = resolve));
    const sub = api.provider.onDidChangeTreeData((node) => {
      events.push(node ?? undefined);
      if (wanted(node ?? undefined)) found();
    });
    return { events, seen, sub };
  }

  it('an app whose sections came from Graph has its row rendered again once (VS Code can drop a slow answer)', async () => {
    const app = await path(tenantLabel, 'All applications', 'ClientApp (multi-tenant)');
    // The app's row, or the whole tree when VS Code acted on a refresh of a row above it meanwhile
    // (one sent by an earlier step and held by VS Code): see the next test.
    const { events: fired, seen: appRendered, sub } = refreshes((node) => node === app || node === undefined);
    await addFault({ path: '/applications/b1000000-0000-4000-8000-000000000006', fault: { kind: 'latency', ms: 50 } });
    try {
      const sections = await api.provider.getChildren(app);
      assert.ok(sections.length > 3, 'sections of the app');
      // Not before the answer is out (a refresh sent first would cancel the request it answers).
      assert.deepEqual(fired, [], 'no refresh before the answer');
      await appRendered;
      assert.equal(fired.length, 1, 'one refresh after its details arrived');
      assert.ok(fired[0] === app || fired[0] === undefined, 'of the app row or of the whole tree');
      // Asked again, the sections come from memory: no further refresh.
      assert.deepEqual((await api.provider.getChildren(app)).map(labelOf), sections.map(labelOf));
      assert.equal(fired.length, 1);
    } finally {
      sub.dispose();
      await clearFaults();
    }
  });

  it('an app loading while its tenant row is refreshed: the whole tree is rendered again once after the answer', async () => {
    // VS Code files the rows of such an answer under the app's previous entry and later refuses
    // them as already known: the app would stay expanded and empty. Only a refresh of the whole tree
    // makes it forget them.
    const tenant = await path(tenantLabel);
    const app = await path(tenantLabel, 'All applications', 'Reporting Daemon');
    const { events, seen: wholeRendered, sub } = refreshes((node) => node === undefined);
    await addFault({ path: '/applications/b1000000-0000-4000-8000-000000000008', fault: { kind: 'latency', ms: 300 } });
    try {
      const answer = api.provider.getChildren(app);
      api.provider.refresh(tenant);
      const sections = await answer;
      assert.ok(sections.length > 3, 'sections of the app');
      assert.deepEqual(events, [tenant], 'only the tenant row before the answer');
      await wholeRendered;
      assert.deepEqual(events, [tenant, undefined], 'then the whole tree, once, instead of the app row');
      // Asked again, the sections come from memory: nothing further.
      assert.deepEqual((await api.provider.getChildren(app)).map(labelOf), sections.map(labelOf));
      assert.deepEqual(events, [tenant, undefined]);
    } finally {
      sub.dispose();
      await clearFaults();
    }
  });

  it('CRM Web (seed 004): consent status per permission, redirect URIs, expiring secret', async () => {
    const app = await path(tenantLabel, 'All applications', 'CRM Web');
    assert.match(String(item(app).contextValue), /\bentraApp\b/);
    assert.match(String(item(app).contextValue), /\bentraCopyable\b/);
    const crmApi = await path(tenantLabel, 'All applications', 'CRM Web', 'API permissions', 'CRM API');
    const perms = await api.provider.getChildren(crmApi);
    assert.deepEqual(
      perms.map((p) => [labelOf(p), item(p).description]),
      [
        ['user_impersonation', `Delegated · Granted for ${tenantLabel}`],
        ['Crm.ReadWrite.Team', `Delegated · Granted for ${tenantLabel}`],
        ['Crm.Read.My', `Delegated · Granted for ${tenantLabel}`],
      ],
    );
    const graph = await path(tenantLabel, 'All applications', 'CRM Web', 'API permissions', 'Microsoft Graph');
    assert.deepEqual((await api.provider.getChildren(graph)).map(labelOf), ['User.Read', 'openid', 'profile']);
    const web = await path(tenantLabel, 'All applications', 'CRM Web', 'Authentication', 'Web');
    assert.deepEqual((await api.provider.getChildren(web)).map(labelOf), [
      'https://crm.contoso-emulator.example/signin-oidc',
      'https://localhost:5001/signin-oidc',
    ]);
    const secret = await path(tenantLabel, 'All applications', 'CRM Web', 'Certificates & secrets', 'crm-web-prod');
    assert.match(String(item(secret).description), /Secret · expires in (19|20) days/);
    assert.match(String(item(secret).contextValue), /entraCredential-expiring/);
    assert.equal(item(app).description, '1 expiring');
  });

  it('daemons (seeds 001-003): application permissions granted by admin consent, or not granted and admin-only', async () => {
    const graph = await path(
      tenantLabel,
      'All applications',
      'Inventory Sync Daemon',
      'API permissions',
      'Microsoft Graph',
    );
    assert.deepEqual(
      (await api.provider.getChildren(graph)).map((p) => [labelOf(p), item(p).description]),
      [
        ['User.Read.All', `Application · Granted for ${tenantLabel} · Admin consent required`],
        ['Mail.Send', `Application · Granted for ${tenantLabel} · Admin consent required`],
      ],
    );
    const expired = await path(
      tenantLabel,
      'All applications',
      'Inventory Sync Daemon',
      'Certificates & secrets',
      'daemon-bootstrap',
    );
    assert.match(String(item(expired).description), /expired \d+ days ago/);
    assert.match(String(item(expired).contextValue), /entraCredential-expired/);
    const daemon = await path(tenantLabel, 'All applications', 'Inventory Sync Daemon');
    assert.equal(item(daemon).description, '1 expired, 1 expiring');
    assert.equal(
      item(await path(tenantLabel, 'All applications', 'Inventory Sync Daemon', 'Certificates & secrets')).description,
      '2 · 1 expired, 1 expiring',
    );
    const reporting = await path(
      tenantLabel,
      'All applications',
      'Reporting Daemon',
      'API permissions',
      'Microsoft Graph',
    );
    assert.deepEqual(
      (await api.provider.getChildren(reporting)).map((p) => [labelOf(p), item(p).description]),
      [
        ['Sites.Read.All', 'Application · Not granted · Admin consent required'],
        ['Mail.Read', 'Delegated · Not granted'],
      ],
    );
  });

  it('ServerApp and the CRM API (seeds 000, 004): authorized client apps with their scopes, roles and scopes', async () => {
    const clients = await path(
      tenantLabel,
      'All applications',
      'ServerApp',
      'Expose an API',
      'Authorized client applications',
    );
    assert.deepEqual(
      (await api.provider.getChildren(clients)).map((c) => [labelOf(c), item(c).description]),
      [['ClientApp', 'test.read']],
    );
    const multi = await path(
      tenantLabel,
      'All applications',
      'ServerApp (multi-tenant)',
      'Expose an API',
      'Authorized client applications',
    );
    assert.deepEqual((await api.provider.getChildren(multi)).map(labelOf), ['ClientApp (multi-tenant)']);
    const scopes = await api.provider.getChildren(
      await path(tenantLabel, 'All applications', 'CRM API', 'Expose an API', 'Scopes'),
    );
    assert.equal(scopes.length, 9);
    assert.equal(item(scopes.find((s) => labelOf(s) === 'Crm.Read.All')!).description, 'Admins only');
    assert.equal(item(scopes.find((s) => labelOf(s) === 'user_impersonation')!).description, 'Admins and users');
    const roles = await api.provider.getChildren(await path(tenantLabel, 'All applications', 'CRM API', 'App roles'));
    assert.equal(roles.length, 12);
    assert.equal(
      item(roles.find((r) => labelOf(r) === 'Accounts.Read.All')!).description,
      'Users/Groups, Applications',
    );
    const assigned = await api.provider.getChildren(
      await path(tenantLabel, 'All applications', 'CRM API', 'Enterprise application', 'Role assignments'),
    );
    assert.ok(
      assigned.some((a) => labelOf(a) === 'Bob Kelly' && /Contacts\.Read\.My/.test(String(item(a).description))),
    );
    const crmApiClients = await api.provider.getChildren(
      await path(tenantLabel, 'All applications', 'CRM API', 'Expose an API', 'Authorized client applications'),
    );
    assert.deepEqual(
      crmApiClients.map((c) => [labelOf(c), item(c).description]),
      [['CRM Web', 'user_impersonation']],
    );
    const clientApp = await api.provider.getChildren(
      await path(tenantLabel, 'All applications', 'ClientApp', 'API permissions', 'ServerApp'),
    );
    assert.deepEqual(
      clientApp.map((p) => item(p).description),
      [`Delegated · Granted for ${tenantLabel}`],
    );
  });

  it('searches server-side, copies the client id, and opens the manifest as a read-only JSON document', async () => {
    const counts = await vscode.commands.executeCommand<number[]>('entra.search', 'CRM');
    assert.deepEqual(counts, [2]);
    const results = await path(tenantLabel, 'Search results');
    const hits = await api.provider.getChildren(results);
    assert.deepEqual(hits.map(labelOf).sort(), ['CRM API', 'CRM Web']);
    const web = hits.find((h) => labelOf(h) === 'CRM Web')!;
    const copied = await vscode.commands.executeCommand<string>('entra.copyClientId', web);
    assert.equal(copied, 'c1000000-0000-4000-8000-000000000002');
    assert.equal(await vscode.env.clipboard.readText(), copied);
    const uriText = await vscode.commands.executeCommand<string>('entra.openManifest', web);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText));
    assert.equal(doc.languageId, 'json');
    const manifest = JSON.parse(doc.getText()) as Record<string, unknown>;
    assert.equal(manifest.displayName, 'CRM Web');
    assert.equal(manifest.appId, copied);
    assert.ok(Array.isArray(manifest.requiredResourceAccess));
    assert.deepEqual(api.getOriginal(doc.uri), manifest);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('entra.clearSearch');
    assert.deepEqual((await api.provider.getChildren((await api.provider.getChildren())[0])).map(labelOf), [
      'All applications',
      'Owned by me',
      'Deleted applications',
    ]);
  });
});
