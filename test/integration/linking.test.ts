// The features linked to the signed-in tenant, in the real extension host against the tenant
// emulator (sample scenario): the token panel names the apps a delegated token is for and from,
// and marks a scope the API no longer defines; "Reveal in Entra explorer" finds the app; the
// manifest language service names the tenant's own API permissions (hover, unknown ids) once
// signed in, in workspace files and in `entra:` manifests, and forgets them on sign-out.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EntraWorkbenchApi } from '../../src/extension';
import type { RevealResult } from '../../src/vscode/explorer/linking';
import type { DecodeCommandResult } from '../../src/vscode/token/register';
import {
  emulator,
  emulatorRequests,
  emulatorToken as tokenFor,
  entraDiagnostics,
  hoverAt,
  httpsCall,
  panelContent,
  productApi,
  ruleOf,
  signIn as signInTo,
  treeWalker,
  useEmulatorSettings,
  waitForDiagnostics,
  workspaceUri,
  type LoggedRequest,
  type Restore,
} from './helpers';

// Apps, users and secrets of the emulator's sample scenario (test/emulator/scenarios/sample.json).
const CRM_API = { id: 'b1000000-0000-4000-8000-000000000001', appId: 'c1000000-0000-4000-8000-000000000001' };
const PUBLIC_CLIENT = 'c1000000-0000-4000-8000-000000000011';
const USER = { name: 'adele@contoso-emulator.onmicrosoft.com', password: 'Emulator-Password-1' };
const ADMIN_CLIENT = { appId: 'c1000000-0000-4000-8000-000000000010', secret: 'Emulator~Admin~Client~Secret~0006' };
const TENANT_LABEL = 'Contoso (emulated)';

async function graph(
  method: 'GET' | 'PATCH',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const token = await tokenFor({
    grant_type: 'client_credentials',
    client_id: ADMIN_CLIENT.appId,
    client_secret: ADMIN_CLIENT.secret,
    scope: 'https://graph.microsoft.com/.default',
  });
  const res = await httpsCall(
    method,
    `${emulator!.graphBaseUrl}${path}`,
    { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body === undefined ? undefined : JSON.stringify(body),
  );
  return { status: res.status, json: res.text ? (JSON.parse(res.text) as unknown) : undefined };
}

/** A logged path with its query decoded where it can be, lower case (ids are compared case-insensitively). */
function readablePath(path: string): string {
  try {
    return decodeURIComponent(path.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return path.toLowerCase();
  }
}

/** Graph requests the emulator saw while the panel linked its apps that were not the panel's (figures file). */
function recordOtherRequests(others: readonly LoggedRequest[]): void {
  const metrics = process.env.ENTRA_TEST_METRICS;
  if (!metrics) return;
  writeFileSync(
    join(dirname(metrics), 'linking-metrics.json'),
    JSON.stringify({ otherRequestsWhileLinking: others.map((r) => `${r.kind} ${r.method} ${r.path} ${r.status}`) }),
  );
}

/** The requests (or $batch items) of a log window that look up the token's audience and client apps by id. */
function lookupsOf(window: readonly LoggedRequest[]): { audience: LoggedRequest[]; client: LoggedRequest[] } {
  const querying = (id: string) =>
    window.filter((r) => r.kind !== 'batch' && readablePath(r.path).includes(`'${id.toLowerCase()}'`));
  return { audience: querying(CRM_API.appId), client: querying(PUBLIC_CLIENT) };
}

function fixture(name: string): vscode.Uri {
  return workspaceUri('linking', name);
}

describe('features linked to the tenant (emulator)', function () {
  let api: EntraWorkbenchApi;
  let manifest: vscode.TextDocument;
  let crmScopes: unknown[] | undefined;
  let delegatedToken: string | undefined;
  let restoreSettings: Restore | undefined;

  const { path } = treeWalker(() => api.explorer.provider);
  const signIn = (): Promise<void> => signInTo(api.explorer);

  before(async function () {
    if (!emulator) {
      this.skip();
    }
    api = await productApi();
    // Signed out, the manifest knows only the built-in catalogue: open it first.
    manifest = await vscode.workspace.openTextDocument(fixture('crm-reports.manifest.json'));
    await vscode.window.showTextDocument(manifest);
    restoreSettings = await useEmulatorSettings();
  });

  after(async function () {
    if (!emulator) {
      return;
    }
    if (crmScopes) {
      // Put the CRM API's scopes back as the scenario has them.
      const restored = await graph('PATCH', `/applications/${CRM_API.id}`, {
        api: { oauth2PermissionScopes: crmScopes },
      });
      assert.equal(restored.status, 204, JSON.stringify(restored.json));
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('entra.signOut');
    await restoreSettings?.();
  });

  it('manifest: signed in, hovers name the tenant API permissions and unknown ids are flagged; signed out, neither', async () => {
    assert.doesNotMatch(
      await hoverAt(manifest, 'f1000000-0000-4000-8000-000000000203'),
      /Crm\.Read\.All/,
      'signed out: the built-in catalogue does not know the CRM API',
    );
    assert.ok(!entraDiagnostics(manifest.uri).some((d) => ruleOf(d) === 'rra-unknown-permission'));

    const flagged = waitForDiagnostics(manifest.uri, (d) => d.some((x) => ruleOf(x) === 'rra-unknown-permission'));
    await signIn();
    // Expanding an app that calls the CRM API loads its names (when they were not cached yet).
    await api.explorer.provider.getChildren(await path(TENANT_LABEL, 'All applications', 'CRM Web'));
    await api.explorer.provider.whenIdle();
    const diagnostics = await flagged;
    const unknown = diagnostics.filter((d) => ruleOf(d) === 'rra-unknown-permission');
    assert.equal(unknown.length, 1);
    const badOffset = manifest.getText().indexOf('"f1000000-0000-4000-8000-0000000002ff"');
    assert.ok(unknown[0]!.range.contains(manifest.positionAt(badOffset + 2)), 'on the id the CRM API does not define');

    const hover = await hoverAt(manifest, 'f1000000-0000-4000-8000-000000000203');
    assert.match(hover, /Crm\.Read\.All/);
    assert.match(hover, /CRM API/);
    assert.match(await hoverAt(manifest, 'c1000000-0000-4000-8000-000000000001'), /\*\*CRM API\*\*/);
  });

  it('manifest opened from the tree: its tenant names the permissions it requests', async () => {
    const app = await path(TENANT_LABEL, 'All applications', 'CRM Web');
    const uri = await vscode.commands.executeCommand<string>('entra.openManifest', app);
    assert.ok(uri?.startsWith('entra:'), String(uri));
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)!;
    assert.ok(document);
    const hover = await hoverAt(document, 'f1000000-0000-4000-8000-000000000205');
    assert.match(hover, /Crm\.ReadWrite\.Team/);
    assert.match(hover, /CRM API/);
  });

  it('a local copy of a manifest read from the tenant: removing an enabled scope asks to disable it first', async () => {
    // Read CRM API's manifest from the tenant (as "Open Manifest" does), then save a copy without
    // its first scope, which is still enabled in the tenant.
    const app = await path(TENANT_LABEL, 'All applications', 'CRM API');
    const uri = await vscode.commands.executeCommand<string>('entra.openManifest', app);
    const fromTenant = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)!;
    const value = JSON.parse(fromTenant.getText()) as {
      appId: string;
      api: { oauth2PermissionScopes: { value: string; isEnabled: boolean }[] };
    };
    assert.equal(value.appId, CRM_API.appId);
    const removed = value.api.oauth2PermissionScopes[0]!;
    assert.equal(removed.isEnabled, true);
    value.api.oauth2PermissionScopes = value.api.oauth2PermissionScopes.slice(1);
    const copy = fixture('crm-api-copy.manifest.json');
    await vscode.workspace.fs.writeFile(copy, Buffer.from(JSON.stringify(value, null, 2)));
    try {
      const document = await vscode.workspace.openTextDocument(copy);
      const diagnostics = await waitForDiagnostics(copy, (d) => d.some((x) => ruleOf(x) === 'disable-first'));
      const finding = diagnostics.find((x) => ruleOf(x) === 'disable-first')!;
      assert.match(finding.message, new RegExp(removed.value.replace(/\./g, '\\.')));
      // The fix restores the scope with isEnabled: false (the first of the two saves).
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        copy,
        finding.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      assert.ok(
        actions.some((a) => /isEnabled: false/.test(a.title)),
        actions.map((a) => a.title).join(' | '),
      );
      assert.equal(document.isDirty, false);
      // The tenant's read-only view has its own problems (an expired certificate); they go with its tab.
      const tenantUri = fromTenant.uri;
      await waitForDiagnostics(tenantUri, (d) => d.some((x) => ruleOf(x) === 'credential-expiry'));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitForDiagnostics(tenantUri, (d) => d.length === 0);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(copy);
    }
  });

  it('token panel: names the audience and client app registrations, marks a scope the API no longer defines; the links are cached', async () => {
    const token = (delegatedToken = await tokenFor({
      grant_type: 'password',
      client_id: PUBLIC_CLIENT,
      username: USER.name,
      password: USER.password,
      scope: `api://${CRM_API.appId}/user_impersonation openid`,
    }));
    // The API drops user_impersonation after the token was issued (disabled first, then removed).
    const current = await graph('GET', `/applications/${CRM_API.id}?$select=api`);
    assert.equal(current.status, 200);
    crmScopes = (
      current.json as { api: { oauth2PermissionScopes: { value: string; isEnabled: boolean }[] } }
    ).api.oauth2PermissionScopes.map((s) => ({ ...s }));
    const disabled = crmScopes.map((s) =>
      (s as { value: string }).value === 'user_impersonation' ? { ...(s as object), isEnabled: false } : s,
    );
    assert.equal(
      (await graph('PATCH', `/applications/${CRM_API.id}`, { api: { oauth2PermissionScopes: disabled } })).status,
      204,
    );
    const removed = crmScopes.filter((s) => (s as { value: string }).value !== 'user_impersonation');
    assert.equal(
      (await graph('PATCH', `/applications/${CRM_API.id}`, { api: { oauth2PermissionScopes: removed } })).status,
      204,
    );

    await api.explorer.provider.whenIdle();
    const before = (await emulatorRequests()).length;
    const result = await vscode.commands.executeCommand<DecodeCommandResult>('entra.decodeToken', token);
    assert.ok(result?.ok, result?.error);
    assert.equal(result.flow, 'delegated');
    await api.token.whenSettled();
    const html = panelContent(api.token.lastRenderedHtml());
    assert.match(html, /<span class="linked">app registration <strong>CRM API<\/strong><\/span>/);
    assert.match(
      html,
      /<span class="linked">app registration <strong>Entra Workbench \(public client\)<\/strong><\/span>/,
    );
    assert.match(html, /<code>user_impersonation<\/code> <span class="badge warn">not defined by the app<\/span>/);
    // Each linked app has its "Reveal in Entra explorer" button, carrying the app's client id.
    assert.match(
      html,
      new RegExp(
        `<strong>CRM API</strong></span> <button type="button" class="secondary reveal" data-action="reveal" data-app-id="${CRM_API.appId}" aria-label="Reveal in Entra explorer: CRM API">Reveal in Entra explorer</button>`,
      ),
    );
    assert.match(html, new RegExp(`data-action="reveal" data-app-id="${PUBLIC_CLIENT}"`));
    // One lookup per app: a $batch of two queries (its app registration, its service principal). The
    // lookups are told apart by the id they query; other requests in this window (the explorer's own)
    // are not the panel's and are listed in the test's figures.
    const window = (await emulatorRequests()).slice(before);
    const lookups = lookupsOf(window);
    const shown = JSON.stringify(window.map((r) => `${r.kind} ${r.method} ${r.path} ${r.status}`));
    for (const [app, items] of Object.entries(lookups)) {
      assert.deepEqual(
        items.map((r) => `${r.kind} ${r.batchItemId ?? ''}`).sort(),
        ['batch-item app', 'batch-item sp'],
        `one $batch lookup for the ${app} app; requests seen: ${shown}`,
      );
    }
    const lookupItems = new Set([...lookups.audience, ...lookups.client]);
    recordOtherRequests(window.filter((r) => !lookupItems.has(r) && r.kind !== 'batch'));

    // Decoding again: both apps come from the tenant model's cache.
    const again = (await emulatorRequests()).length;
    assert.ok((await vscode.commands.executeCommand<DecodeCommandResult>('entra.decodeToken', token))?.ok);
    await api.token.whenSettled();
    assert.match(panelContent(api.token.lastRenderedHtml()), /app registration <strong>CRM API<\/strong>/);
    const cached = lookupsOf((await emulatorRequests()).slice(again));
    assert.deepEqual([...cached.audience, ...cached.client], [], 'no lookup when decoding again');
  });

  it('"Reveal in Entra explorer" finds the app registration in the Tenants view', async () => {
    const revealed = await vscode.commands.executeCommand<RevealResult | undefined>(
      'entra.revealApp',
      CRM_API.appId,
      emulator!.tenantId,
    );
    assert.ok(revealed, 'revealed');
    assert.equal(revealed.label, 'CRM API');
    assert.equal(revealed.tenant, emulator!.tenantId);
    assert.equal(revealed.appId, CRM_API.appId);
    assert.equal(
      await vscode.commands.executeCommand('entra.revealApp', '0badc0de-0000-4000-8000-000000000000'),
      undefined,
    );
  });

  it('a refresh asked for while a node is being revealed waits for the reveal: the node is selected, then the tree refreshes once', async () => {
    const provider = api.explorer.provider;
    const view = provider.view;
    assert.ok(view, 'the Tenants view is registered');
    const node = await path(TENANT_LABEL, 'All applications', 'Reporting Daemon');
    const selected = new Promise<void>((resolve) => {
      const sub = view.onDidChangeSelection((e) => {
        if (e.selection.some((n) => n.id === node.id)) {
          sub.dispose();
          resolve();
        }
      });
    });
    // Refreshed nodes by id ('root' for the whole tree).
    const events: string[] = [];
    const sub = provider.onDidChangeTreeData((e) => events.push(e ? e.id : 'root'));
    try {
      const revealing = provider.reveal(node, { select: true, focus: true, expand: false });
      // A refresh of the whole tree and one of a node, while VS Code resolves the node's parents.
      provider.refresh();
      provider.refresh(node.parent);
      assert.deepEqual(events, [], 'no refresh goes out while the reveal runs');
      assert.ok(provider.holdsRefreshes);
      await revealing;
      await selected;
      assert.deepEqual(events, ['root'], 'one refresh of the whole tree after the reveal');
      assert.equal(provider.holdsRefreshes, false);
      // A refresh with no reveal running goes out at once.
      provider.refresh(node.parent);
      assert.equal(events.length, 2);
    } finally {
      sub.dispose();
    }
  });

  it('token panel: its "Reveal in Entra explorer" message reveals the linked audience app; ids of apps not linked are refused', async () => {
    assert.ok(delegatedToken, 'decoded while signed in');
    assert.ok((await vscode.commands.executeCommand<DecodeCommandResult>('entra.decodeToken', delegatedToken))?.ok);
    await api.token.whenSettled();
    assert.match(
      panelContent(api.token.lastRenderedHtml()),
      new RegExp(`data-action="reveal" data-app-id="${CRM_API.appId}"`),
      'the button is in the panel',
    );
    // The same handler the button's message goes through (the webview itself is not clickable from the host).
    const outcome = await api.token.revealFromPanel(CRM_API.appId.toUpperCase());
    assert.equal(outcome.status, 'revealed', JSON.stringify(outcome));
    const direct = await vscode.commands.executeCommand<RevealResult | undefined>(
      'entra.revealApp',
      CRM_API.appId,
      emulator!.tenantId,
    );
    assert.deepEqual(outcome.app, direct, 'the node entra.revealApp shows for the app');
    assert.equal(outcome.app.label, 'CRM API');
    assert.equal(outcome.app.appId, CRM_API.appId);
    assert.equal(outcome.app.tenant, emulator!.tenantId);
    assert.ok(outcome.app.nodeId.length > 0);
    const client = await api.token.revealFromPanel(PUBLIC_CLIENT);
    assert.equal(client.status, 'revealed', JSON.stringify(client));
    assert.equal(client.app.appId, PUBLIC_CLIENT);
    // An app of the tenant that this token is not linked to, and a value that is not a GUID: nothing is asked of the explorer.
    assert.deepEqual(await api.token.revealFromPanel('c1000000-0000-4000-8000-000000000002'), { status: 'refused' });
    assert.deepEqual(await api.token.revealFromPanel(`api://${CRM_API.appId}`), { status: 'refused' });
  });

  it('signed out: tokens are not linked and manifests fall back to the built-in catalogue', async () => {
    const relinted = waitForDiagnostics(manifest.uri, (d) => !d.some((x) => ruleOf(x) === 'rra-unknown-permission'));
    await vscode.commands.executeCommand('entra.signOut');
    await relinted;
    assert.doesNotMatch(await hoverAt(manifest, 'f1000000-0000-4000-8000-000000000203'), /Crm\.Read\.All/);
    assert.ok(delegatedToken, 'decoded while signed in');
    assert.ok((await vscode.commands.executeCommand<DecodeCommandResult>('entra.decodeToken', delegatedToken))?.ok);
    await api.token.whenSettled();
    const html = panelContent(api.token.lastRenderedHtml());
    assert.match(html, /<code>user_impersonation<\/code>/);
    assert.doesNotMatch(html, /app registration|not defined by the app/);
  });
});
