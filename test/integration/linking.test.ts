// The features linked to the signed-in tenant, in the real extension host against the tenant
// emulator (sample scenario): the token panel names the apps a delegated token is for and from,
// and marks a scope the API no longer defines; "Reveal in Entra explorer" finds the app; the
// manifest language service names the tenant's own API permissions (hover, unknown ids) once
// signed in, in workspace files and in `entra:` manifests, and forgets them on sign-out.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

const extensionId = 'entra-workbench.entra-workbench';

interface EmulatorConfig {
  authorityHost: string;
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

interface Node {
  readonly label: string;
}

interface Api {
  token: {
    lastRenderedHtml(): string | undefined;
    whenSettled(): Promise<void>;
  };
  explorer: {
    provider: { getChildren(node?: Node): Promise<Node[]>; getTreeItem(node: Node): vscode.TreeItem; whenIdle(): Promise<void> };
    signInState(): string;
  };
  manifest: { onDidLint: vscode.Event<vscode.Uri> };
}

// Apps, users and secrets of the emulator's sample scenario (test/emulator/scenarios/sample.json).
const CRM_API = { id: 'b1000000-0000-4000-8000-000000000001', appId: 'c1000000-0000-4000-8000-000000000001' };
const PUBLIC_CLIENT = 'c1000000-0000-4000-8000-000000000011';
const USER = { name: 'adele@contoso-emulator.onmicrosoft.com', password: 'Emulator-Password-1' };
const ADMIN_CLIENT = { appId: 'c1000000-0000-4000-8000-000000000010', secret: 'Emulator~Admin~Client~Secret~0006' };
const TENANT_LABEL = 'Contoso (emulated)';

const emulator: EmulatorConfig | undefined = process.env.ENTRA_TEST_EMULATOR ? (JSON.parse(process.env.ENTRA_TEST_EMULATOR) as EmulatorConfig) : undefined;
const settingKeys = ['cloud', 'customCloud.authorityHost', 'customCloud.graphBaseUrl', 'signIn.method', 'signIn.clientId', 'tenants'];

/** HTTPS to the emulator with its test CA (the extension host does not read NODE_EXTRA_CA_CERTS). */
function call(method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  const ca = process.env.NODE_EXTRA_CA_CERTS ? [readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8')] : undefined;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function tokenFor(form: Record<string, string>): Promise<string> {
  const res = await call('POST', `${emulator!.authorityHost}/${emulator!.tenantId}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(form).toString());
  const answer = JSON.parse(res.text) as { access_token?: string; error_description?: string };
  assert.ok(answer.access_token, `the emulator issued no token: ${answer.error_description ?? res.status}`);
  return answer.access_token;
}

async function graph(method: 'GET' | 'PATCH', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const token = await tokenFor({ grant_type: 'client_credentials', client_id: ADMIN_CLIENT.appId, client_secret: ADMIN_CLIENT.secret, scope: 'https://graph.microsoft.com/.default' });
  const res = await call(method, `${emulator!.graphBaseUrl}${path}`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
  return { status: res.status, json: res.text ? (JSON.parse(res.text) as unknown) : undefined };
}

async function graphRequestCount(): Promise<number> {
  const res = await fetch(`${emulator!.authorityHost}/_emulator/requests`);
  const log = (await res.json()) as { value: { kind: string }[] };
  return log.value.filter((r) => r.kind === 'graph' || r.kind === 'batch').length;
}

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, 'linking', name);
}

function entraDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Entra');
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Resolves once the Entra diagnostics of `uri` satisfy `ready` (event-driven; the timeout only bounds a failure). */
function waitForDiagnostics(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const d = entraDiagnostics(uri);
      if (ready(d)) {
        subscription.dispose();
        clearTimeout(timer);
        resolve(d);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`diagnostics of ${uri.toString()} not ready: ${JSON.stringify(entraDiagnostics(uri).map(ruleOf))}`));
    }, timeoutMs);
    check();
  });
}

async function hoverAt(document: vscode.TextDocument, needle: string): Promise<string> {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${document.uri.toString()}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 4));
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('features linked to the tenant (emulator)', function () {
  let api: Api;
  let manifest: vscode.TextDocument;
  let crmScopes: unknown[] | undefined;
  let delegatedToken: string | undefined;

  const labelOf = (node: Node): string => String(api.explorer.provider.getTreeItem(node).label);
  const path = async (...labels: string[]): Promise<Node> => {
    let node: Node | undefined;
    for (const label of labels) {
      const kids = await api.explorer.provider.getChildren(node);
      node = kids.find((k) => labelOf(k) === label);
      assert.ok(node, `"${label}"; have: ${kids.map(labelOf).join(' | ')}`);
    }
    return node!;
  };

  const signIn = async (): Promise<void> => {
    const tenants = await vscode.commands.executeCommand<string[]>('entra.signIn', { clientSecret: emulator!.clientSecret });
    assert.deepEqual(tenants, [emulator!.tenantId]);
    assert.equal(api.explorer.signInState(), 'signedIn');
  };

  before(async function () {
    if (!emulator) {
      this.skip();
    }
    const ext = vscode.extensions.getExtension<Api>(extensionId);
    assert.ok(ext);
    api = await ext.activate();
    // Signed out, the manifest knows only the built-in catalogue: open it first.
    manifest = await vscode.workspace.openTextDocument(fixture('crm-reports.manifest.json'));
    await vscode.window.showTextDocument(manifest);
    await vscode.workspace.getConfiguration('http').update('systemCertificates', false, vscode.ConfigurationTarget.Global);
    const config = vscode.workspace.getConfiguration('entra');
    await config.update('cloud', 'Custom', vscode.ConfigurationTarget.Global);
    await config.update('customCloud.authorityHost', emulator!.authorityHost, vscode.ConfigurationTarget.Global);
    await config.update('customCloud.graphBaseUrl', emulator!.graphBaseUrl, vscode.ConfigurationTarget.Global);
    await config.update('signIn.method', 'clientSecret', vscode.ConfigurationTarget.Global);
    await config.update('signIn.clientId', emulator!.clientId, vscode.ConfigurationTarget.Global);
    await config.update('tenants', [emulator!.tenantId], vscode.ConfigurationTarget.Global);
  });

  after(async function () {
    if (!emulator) {
      return;
    }
    if (crmScopes) {
      // Put the CRM API's scopes back as the scenario has them.
      const restored = await graph('PATCH', `/applications/${CRM_API.id}`, { api: { oauth2PermissionScopes: crmScopes } });
      assert.equal(restored.status, 204, JSON.stringify(restored.json));
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('entra.signOut');
    const config = vscode.workspace.getConfiguration('entra');
    for (const key of settingKeys) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.workspace.getConfiguration('http').update('systemCertificates', undefined, vscode.ConfigurationTarget.Global);
  });

  it('manifest: signed in, hovers name the tenant API permissions and unknown ids are flagged; signed out, neither', async () => {
    assert.doesNotMatch(await hoverAt(manifest, 'f1000000-0000-4000-8000-000000000203'), /Crm\.Read\.All/, 'signed out: the built-in catalogue does not know the CRM API');
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
    crmScopes = ((current.json as { api: { oauth2PermissionScopes: { value: string; isEnabled: boolean }[] } }).api.oauth2PermissionScopes).map((s) => ({ ...s }));
    const disabled = crmScopes.map((s) => ((s as { value: string }).value === 'user_impersonation' ? { ...(s as object), isEnabled: false } : s));
    assert.equal((await graph('PATCH', `/applications/${CRM_API.id}`, { api: { oauth2PermissionScopes: disabled } })).status, 204);
    const removed = crmScopes.filter((s) => (s as { value: string }).value !== 'user_impersonation');
    assert.equal((await graph('PATCH', `/applications/${CRM_API.id}`, { api: { oauth2PermissionScopes: removed } })).status, 204);

    await api.explorer.provider.whenIdle();
    const before = await graphRequestCount();
    const result = await vscode.commands.executeCommand<{ ok: boolean; flow?: string; error?: string }>('entra.decodeToken', token);
    assert.ok(result?.ok, result?.error);
    assert.equal(result.flow, 'delegated');
    await api.token.whenSettled();
    const html = api.token.lastRenderedHtml() ?? '';
    assert.match(html, /<span class="linked">app registration <strong>CRM API<\/strong><\/span>/);
    assert.match(html, /<span class="linked">app registration <strong>Entra Workbench \(public client\)<\/strong><\/span>/);
    assert.match(html, /<code>user_impersonation<\/code> <span class="badge warn">not defined by the app<\/span>/);
    assert.equal((await graphRequestCount()) - before, 2, 'one request per app (audience and client)');

    // Decoding again: both apps come from the tenant model's cache.
    const again = await graphRequestCount();
    assert.ok((await vscode.commands.executeCommand<{ ok: boolean }>('entra.decodeToken', token))?.ok);
    await api.token.whenSettled();
    assert.match(api.token.lastRenderedHtml() ?? '', /app registration <strong>CRM API<\/strong>/);
    assert.equal((await graphRequestCount()) - again, 0);
  });

  it('"Reveal in Entra explorer" finds the app registration in the Tenants view', async () => {
    const revealed = await vscode.commands.executeCommand<{ tenant: string; appId: string; label: string; nodeId: string }>('entra.revealApp', CRM_API.appId, emulator!.tenantId);
    assert.ok(revealed, 'revealed');
    assert.equal(revealed.label, 'CRM API');
    assert.equal(revealed.tenant, emulator!.tenantId);
    assert.equal(revealed.appId, CRM_API.appId);
    assert.equal(await vscode.commands.executeCommand('entra.revealApp', '0badc0de-0000-4000-8000-000000000000'), undefined);
  });

  it('signed out: tokens are not linked and manifests fall back to the built-in catalogue', async () => {
    const relinted = waitForDiagnostics(manifest.uri, (d) => !d.some((x) => ruleOf(x) === 'rra-unknown-permission'));
    await vscode.commands.executeCommand('entra.signOut');
    await relinted;
    assert.doesNotMatch(await hoverAt(manifest, 'f1000000-0000-4000-8000-000000000203'), /Crm\.Read\.All/);
    assert.ok(delegatedToken, 'decoded while signed in');
    assert.ok((await vscode.commands.executeCommand<{ ok: boolean }>('entra.decodeToken', delegatedToken))?.ok);
    await api.token.whenSettled();
    const html = api.token.lastRenderedHtml() ?? '';
    assert.match(html, /<code>user_impersonation<\/code>/);
    assert.doesNotMatch(html, /app registration|not defined by the app/);
  });
});
