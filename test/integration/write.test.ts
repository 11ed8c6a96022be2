// Changing the tenant from VS Code, in the real extension host against the tenant emulator: pull a
// manifest into a file, plan and apply an edit (only the changed property PATCHed), undo, disable
// first, a conflict (nothing written), a Graph 400 at the property's range, drift, the explorer's
// actions, a new client secret that appears in no log or storage, and a 403 with a read-only client.
//
// Prompts are answered through the extension API's `write.setUserInput` (the Azure extensions'
// test-input pattern): the flow that asks, and what it does with the answer, are the product's own;
// an unexpected prompt fails the test.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExplorerApi } from '../../src/vscode/explorer/register';
import type { WriteFeatureApi as WriteApi } from '../../src/vscode/write/register';
import type { FlowResult } from '../../src/vscode/write/types';
import type { ConfirmRequest } from '../../src/vscode/write/ui';
import {
  emulator,
  emulatorToken,
  httpsCall,
  productApi,
  treeWalker,
  updateSettings,
  useEmulatorSettings,
  type Restore,
} from './helpers';

/** Answers the write path's prompts; anything not expected fails. */
class Answers {
  confirms: ConfirmRequest[] = [];
  notices: { kind: string; message: string }[] = [];
  inputs: string[] = [];
  confirmWith = true;
  secretsShown = 0;
  /** The last secret value shown (kept only in this test's memory, to look for it elsewhere). */
  lastSecret: string | undefined;
  /** Runs at each confirmation before it is answered (to look at the tenant between steps). */
  onConfirm: ((r: ConfirmRequest) => Promise<void>) | undefined;
  async confirm(r: ConfirmRequest): Promise<boolean> {
    this.confirms.push(r);
    await this.onConfirm?.(r);
    return this.confirmWith;
  }
  async showSecret(_title: string, value: string): Promise<void> {
    this.secretsShown++;
    this.lastSecret = value;
  }
  /** Chooses from the next quick pick (by label); the pick is asserted to offer it. */
  picks: string[] = [];
  async pick<T extends { label: string }>(items: readonly T[], options: { title: string }): Promise<T> {
    const wanted = this.picks.shift();
    if (wanted === undefined) throw new Error(`unexpected quick pick: ${options.title}`);
    // "label" or "label|description".
    const [label, description] = wanted.split('|');
    const hit = items.find(
      (i) =>
        i.label === label && (description === undefined || (i as { description?: string }).description === description),
    );
    if (!hit)
      throw new Error(`"${label}" is not offered in "${options.title}": ${items.map((i) => i.label).join(' | ')}`);
    return hit;
  }
  async input(r: { title: string }): Promise<string> {
    const v = this.inputs.shift();
    if (v === undefined) throw new Error(`unexpected input box: ${r.title}`);
    return v;
  }
  async notify(kind: string, message: string): Promise<undefined> {
    this.notices.push({ kind, message });
    return undefined;
  }
}

// The emulator's admin client (Application.ReadWrite.All), documented in test/emulator/README.md.
const admin = { clientId: 'c1000000-0000-4000-8000-000000000010', clientSecret: 'Emulator~Admin~Client~Secret~0006' };
const daemon = { id: 'b1000000-0000-4000-8000-000000000008', label: 'Reporting Daemon' };

async function adminToken(): Promise<string> {
  return emulatorToken({
    grant_type: 'client_credentials',
    client_id: admin.clientId,
    client_secret: admin.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
}

/** Reads or changes an app directly in the emulator (another admin, outside VS Code). */
async function graph(method: 'GET' | 'PATCH', id: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await httpsCall(
    method,
    `${emulator!.graphBaseUrl}/applications/${id}`,
    { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
    body ? JSON.stringify(body) : undefined,
  );
  assert.ok(res.status < 300, `${method} → ${res.status} ${res.text}`);
  return res.text ? (JSON.parse(res.text) as Record<string, unknown>) : {};
}

async function requestLog(): Promise<{ method: string; path: string; status: number; kind: string }[]> {
  const res = await fetch(`${emulator!.authorityHost}/_emulator/requests`);
  return ((await res.json()) as { value: { method: string; path: string; status: number; kind: string }[] }).value;
}

/** PATCHes the emulator answered since `from` (an index into the log). */
async function patchesSince(from: number): Promise<{ path: string; status: number }[]> {
  return (await requestLog()).slice(from).filter((r) => r.method === 'PATCH' && r.kind === 'graph');
}

/** Everything VS Code wrote for this run (logs and output channels, global and workspace storage, secret storage) lacks `secret`. */
function assertStoredNowhere(secret: string): void {
  const runDir = dirname(process.env.ENTRA_TEST_RESULTS ?? '');
  const userData = join(runDir, 'user-data');
  const files = readdirSync(userData, { recursive: true })
    .map((f) => join(userData, String(f)))
    .filter((f) => statSync(f).isFile());
  assert.ok(
    files.some((f) => /logs/.test(f)),
    'the run has logs to look at',
  );
  for (const f of files) assert.equal(readFileSync(f).includes(secret), false, `${f} does not hold the secret`);
}

async function signInAs(client: { clientId: string; clientSecret: string }): Promise<void> {
  await vscode.commands.executeCommand('entra.signOut');
  await vscode.workspace
    .getConfiguration('entra')
    .update('signIn.clientId', client.clientId, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('entra.signIn', { clientSecret: client.clientSecret });
}

async function setText(
  document: vscode.TextDocument,
  transform: (value: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const next = `${JSON.stringify(transform(JSON.parse(document.getText()) as Record<string, unknown>), null, 2)}\n`;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), next);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

function waitFor<T>(event: vscode.Event<T>, ready: (e: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const sub = event((e) => {
      if (ready(e)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(e);
      }
    });
  });
}

describe('changing the tenant (emulator)', function () {
  let explorer: ExplorerApi;
  let write: WriteApi;
  let answers: Answers;
  let restore: Restore | undefined;
  let restoreClient: Restore | undefined;
  let dir: string;
  const { path, find, labelOf } = treeWalker(() => explorer.provider);
  /** The tenant's root row (its name needs Organization.Read; the admin client sees the tenant id). */
  let tenantLabel = '';

  before(async function () {
    if (!emulator) this.skip();
    const api = await productApi();
    explorer = api.explorer;
    write = api.write;
    restore = await useEmulatorSettings();
    restoreClient = await updateSettings('entra', { 'signIn.clientId': admin.clientId });
    await signInAs(admin);
    assert.equal(explorer.signInState(), 'signedIn');
    tenantLabel = labelOf((await explorer.provider.getChildren())[0]!);
    dir = mkdtempSync(join(tmpdir(), 'entra-write-'));
  });

  beforeEach(() => {
    answers = new Answers();
    write?.setUserInput(answers);
  });

  after(async function () {
    if (!emulator) return;
    write.setUserInput(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('entra.signOut');
    await restoreClient?.();
    await restore?.();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Pulls an app's manifest (the daemon's by default) into a new file and opens it. */
  async function pull(name: string, label = daemon.label): Promise<vscode.TextDocument> {
    const app = await path(tenantLabel, 'All applications', label);
    await explorer.provider.getChildren(app);
    const target = vscode.Uri.file(join(dir, `${name}.manifest.json`));
    const pulled = await vscode.commands.executeCommand<string>('entra.pullManifest', app, target);
    assert.equal(pulled, target.toString());
    assert.ok(statSync(join(dir, `${name}.manifest.base.json`)).isFile(), 'the base copy is written beside it');
    return vscode.workspace.openTextDocument(target);
  }

  it('pull → edit → plan → apply sends one PATCH with the changed property only; Undo puts it back', async () => {
    const document = await pull('daemon');
    await setText(document, (m) => ({ ...m, description: 'Nightly reports' }));

    const planned = await vscode.commands.executeCommand<FlowResult>('entra.planChanges', document.uri);
    assert.equal(planned.status, 'changed');
    assert.deepEqual(
      planned.plan!.changes.map((c) => c.path),
      ['description'],
    );
    assert.match(write.planView.html ?? '', /data-state="changes"/);
    assert.match(write.planView.html ?? '', /Nightly reports/);
    assert.equal(answers.confirms.length, 0, 'planning asks nothing');

    const from = (await requestLog()).length;
    const applied = await vscode.commands.executeCommand<FlowResult>('entra.applyChanges', document.uri);
    assert.equal(applied.status, 'applied', JSON.stringify(answers.notices));
    assert.equal(answers.confirms.length, 1, 'one modal confirmation');
    assert.match(answers.confirms[0]!.detail, /description/i);
    assert.match(answers.confirms[0]!.detail, /1\. PATCH \/applications\//);
    const patches = await patchesSince(from);
    assert.deepEqual(
      patches.map((p) => [p.path, p.status]),
      [[`/v1.0/applications/${daemon.id}`, 204]],
    );
    assert.deepEqual(Object.keys(applied.plan!.requests[0]!.body ?? {}), ['description']);
    // The apply: GET (plan) + GET (re-read before writing) + PATCH; the tree's refresh of the app: one $batch.
    const sent = (await requestLog()).slice(from);
    assert.equal(sent.filter((r) => r.kind === 'batch').length, 1, 'the app node is refreshed with one request');
    const after = await graph('GET', daemon.id);
    assert.equal(after.description, 'Nightly reports');
    assert.equal(after.displayName, daemon.label, 'nothing else changed');
    assert.match(answers.notices.find((n) => n.kind === 'info')?.message ?? '', /Applied 1 change/);
    // The base copy now is what was written: planning again finds nothing.
    assert.equal(
      (await vscode.commands.executeCommand<FlowResult>('entra.planChanges', document.uri)).status,
      'noChanges',
    );

    const undone = await vscode.commands.executeCommand<FlowResult>('entra.undoApply');
    assert.equal(undone.status, 'applied');
    assert.match(answers.confirms[1]!.title, /^Undo: /);
    assert.equal((await graph('GET', daemon.id)).description, null);
  });

  it('removing an enabled scope is planned and sent as two PATCHes: disable first, then remove', async () => {
    const document = await pull('scopes');
    const scope = {
      id: 'a7000000-0000-4000-8000-0000000000f1',
      value: 'Reports.Read',
      type: 'User',
      isEnabled: true,
      adminConsentDisplayName: 'Read reports',
      adminConsentDescription: 'Read reports',
      userConsentDisplayName: 'Read reports',
      userConsentDescription: 'Read your reports',
    };
    await setText(document, (m) => ({ ...m, api: { ...(m.api as object), oauth2PermissionScopes: [scope] } }));
    assert.equal(
      (await vscode.commands.executeCommand<FlowResult>('entra.applyChanges', document.uri)).status,
      'applied',
      JSON.stringify(answers.notices),
    );

    await setText(document, (m) => ({ ...m, api: { ...(m.api as object), oauth2PermissionScopes: [] } }));
    const from = (await requestLog()).length;
    const removed = await vscode.commands.executeCommand<FlowResult>('entra.applyChanges', document.uri);
    assert.equal(removed.status, 'applied', JSON.stringify(answers.notices));
    assert.match(answers.confirms[1]!.detail, /2 requests to Microsoft Graph/);
    assert.equal((await patchesSince(from)).length, 2);
    const api = (await graph('GET', daemon.id)).api as { oauth2PermissionScopes: unknown[] };
    assert.deepEqual(api.oauth2PermissionScopes, []);
  });

  it('a property changed in the tenant since the pull stops the apply and shows base, tenant and yours; nothing is written', async () => {
    const document = await pull('conflict');
    await setText(document, (m) => ({ ...m, notes: 'mine' }));
    await graph('PATCH', daemon.id, { notes: 'changed by another admin' });
    const from = (await requestLog()).length;
    const result = await vscode.commands.executeCommand<FlowResult>('entra.applyChanges', document.uri);
    assert.equal(result.status, 'conflict');
    assert.deepEqual(
      result.plan!.conflicts.map((c) => c.path),
      ['notes'],
    );
    assert.equal(answers.confirms.length, 0, 'no confirmation is asked for a conflict');
    assert.deepEqual(await patchesSince(from), []);
    const html = write.planView.html ?? '';
    assert.match(html, /data-state="conflict"/);
    for (const v of ['null', 'changed by another admin', 'mine'])
      assert.ok(html.includes(v), `the conflict view shows ${v}`);
    assert.equal((await graph('GET', daemon.id)).notes, 'changed by another admin');
    await graph('PATCH', daemon.id, { notes: null });
  });

  it("a Graph 400 is shown at the property's range in the editor", async () => {
    const document = await pull('rejected');
    await setText(document, (m) => ({ ...m, identifierUris: ['api://serverapp-mt.contoso-emulator.example'] }));
    const result = await vscode.commands.executeCommand<FlowResult>('entra.applyChanges', document.uri);
    assert.equal(result.status, 'failed');
    assert.equal(result.failure?.status, 400);
    assert.equal(result.failure?.property, 'identifierUris');
    const diagnostics = vscode.languages
      .getDiagnostics(document.uri)
      .filter((d) => d.source === 'Entra (tenant)' && d.severity === vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics.length, 1);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('"identifierUris"'));
    assert.equal(diagnostics[0]!.range.start.line, line);
    assert.match(diagnostics[0]!.message, /identifierUris/);
    assert.match(answers.notices.find((n) => n.kind === 'error')?.message ?? '', /Nothing was changed/);
  });

  it('drift: differing properties get an information diagnostic, a "Take the tenant\'s value" fix and a CodeLens', async () => {
    const document = await pull('drift');
    await vscode.window.showTextDocument(document);
    const updated = waitFor(write.onDidUpdateDrift, (u) => u.toString() === document.uri.toString(), 'drift');
    await setText(document, (m) => ({ ...m, displayName: 'Reporting Daemon (edited)', tags: ['reports'] }));
    await updated;
    const drift = vscode.languages.getDiagnostics(document.uri).filter((d) => d.code === 'tenant-drift');
    assert.equal(drift.length, 2);
    assert.ok(
      drift.every(
        (d) => d.severity === vscode.DiagnosticSeverity.Information && /^differs from the tenant: /.test(d.message),
      ),
    );
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    assert.ok(lenses.some((l) => l.command?.title === '2 changes vs tenant'));
    assert.ok(lenses.some((l) => l.command?.command === 'entra.applyChanges'));
    const name = drift.find((d) => /display name|displayName/i.test(d.message)) ?? drift[0]!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      name.range,
    );
    assert.ok(actions.some((a) => a.title === 'Apply to tenant'));
    const take = actions.find((a) => a.title.startsWith("Take the tenant's value"));
    assert.ok(take?.edit);
    const again = waitFor(
      write.onDidUpdateDrift,
      (u) => u.toString() === document.uri.toString(),
      'drift after the fix',
    );
    assert.ok(await vscode.workspace.applyEdit(take.edit));
    await again;
    assert.equal(vscode.languages.getDiagnostics(document.uri).filter((d) => d.code === 'tenant-drift').length, 1);
  });

  it('explorer actions: add and remove a SPA redirect URI through the plan; the tree shows it', async () => {
    const uri = 'https://reports.contoso-emulator.example/spa';
    const auth = await path(tenantLabel, 'All applications', daemon.label, 'Authentication');
    const added = await vscode.commands.executeCommand<FlowResult>('entra.addRedirectUri', auth, 'spa', uri);
    assert.equal(added.status, 'applied');
    assert.match(answers.confirms[0]!.title, /^Add redirect URI: apply 1 change/);
    await explorer.provider.whenIdle();
    const spa = await find(
      await path(tenantLabel, 'All applications', daemon.label, 'Authentication'),
      'Single-page application',
    );
    const node = await find(spa, uri);
    assert.match(String(explorer.provider.getTreeItem(node).contextValue), /\bentraRedirectUri\b/);
    const removed = await vscode.commands.executeCommand<FlowResult>('entra.removeRedirectUri', node);
    assert.equal(removed.status, 'applied');
    assert.deepEqual((await graph('GET', daemon.id)).spa, { redirectUris: [] });
  });

  it('explorer actions: disable and enable an app role; request a Graph permission picked by name', async () => {
    const roles = await path(tenantLabel, 'All applications', 'CRM API', 'App roles');
    const role = await find(roles, 'Proposals.ReadWrite.All');
    assert.match(String(explorer.provider.getTreeItem(role).contextValue), /\bentraAppRole-enabled\b/);
    const disabled = await vscode.commands.executeCommand<FlowResult>('entra.disableEntitlement', role);
    assert.equal(disabled.status, 'applied', JSON.stringify(answers.notices));
    assert.match(answers.confirms[0]!.detail, /disables app role Proposals\.ReadWrite\.All/);
    const again = await find(
      await path(tenantLabel, 'All applications', 'CRM API', 'App roles'),
      'Proposals.ReadWrite.All',
    );
    assert.match(String(explorer.provider.getTreeItem(again).description), /disabled/);
    assert.equal(
      (await vscode.commands.executeCommand<FlowResult>('entra.enableEntitlement', again)).status,
      'applied',
    );

    const permissions = await path(tenantLabel, 'All applications', daemon.label, 'API permissions');
    answers.picks.push('Microsoft Graph', 'Mail.Send|Application');
    const requested = await vscode.commands.executeCommand<FlowResult>('entra.addPermission', permissions);
    assert.equal(requested.status, 'applied', JSON.stringify(answers.notices));
    assert.match(answers.confirms[2]!.detail, /Mail\.Send/);
    const rra = (await graph('GET', daemon.id)).requiredResourceAccess as {
      resourceAppId: string;
      resourceAccess: { id: string; type: string }[];
    }[];
    const graphAccess = rra.find((r) => r.resourceAppId === '00000003-0000-0000-c000-000000000000');
    // Mail.Send (application): its id in Microsoft Graph.
    assert.ok(
      graphAccess?.resourceAccess.some((a) => a.type === 'Role' && a.id === 'b633e1c5-b582-4048-a93e-9f11b44c7e96'),
      JSON.stringify(graphAccess),
    );
  });

  it('create an app registration from a manifest file', async () => {
    const file = vscode.Uri.file(join(dir, 'new-app.json'));
    await vscode.workspace.fs.writeFile(
      file,
      new TextEncoder().encode(
        JSON.stringify({
          displayName: 'Created from VS Code',
          signInAudience: 'AzureADMyOrg',
          id: 'ignored',
          publisherDomain: 'ignored.example',
        }),
      ),
    );
    const created = await vscode.commands.executeCommand<{ status: string; id: string; appId: string }>(
      'entra.createApp',
      file,
    );
    assert.equal(created.status, 'applied');
    assert.match(answers.confirms[0]!.detail, /^POST \/applications\ndisplayName, signInAudience$/);
    const app = await graph('GET', created.id);
    assert.equal(app.displayName, 'Created from VS Code');
    await path(tenantLabel, 'All applications', 'Created from VS Code');
  });

  it('a new client secret is shown once and is in no log, no output and no storage; it can be removed', async () => {
    const app = await path(tenantLabel, 'All applications', daemon.label);
    answers.inputs.push('CI pipeline', '180');
    const created = await vscode.commands.executeCommand<{ keyId: string; hint: string }>('entra.addSecret', app);
    assert.ok(created?.keyId);
    assert.equal(answers.secretsShown, 1);
    const secret = answers.lastSecret;
    assert.ok(secret && secret.length > 10);
    assert.equal(JSON.stringify(created).includes(secret), false, 'the command does not return the value');
    assert.ok(secret.startsWith(created.hint));
    assertStoredNowhere(secret);
    answers.secretsShown = 0;

    const credentials = await path(tenantLabel, 'All applications', daemon.label, 'Certificates & secrets');
    const row = (await explorer.provider.getChildren(credentials)).find(
      (n) => String(explorer.provider.getTreeItem(n).label) === 'CI pipeline',
    );
    assert.ok(row, 'the tree shows the new secret');
    const removed = await vscode.commands.executeCommand<{ status: string }>('entra.removeCredential', row);
    assert.equal(removed.status, 'applied');
    const left = (await graph('GET', daemon.id)).passwordCredentials as { keyId: string }[];
    assert.equal(
      left.some((p) => p.keyId === created.keyId),
      false,
    );
  });

  it('Rotate Client Secret: the new secret is added while the old one lives, shown once, then the old one is removed on confirmation', async () => {
    const credentials = await path(tenantLabel, 'All applications', daemon.label, 'Certificates & secrets');
    const rows = await explorer.provider.getChildren(credentials);
    const before = (await graph('GET', daemon.id)).passwordCredentials as { keyId: string; displayName: string }[];
    assert.equal(before.length, 1, 'the daemon starts with one secret');
    const old = before[0]!;
    const row = rows.find((n) => (n as unknown as { id: string }).id.endsWith(`cred:${old.keyId}`));
    assert.ok(row, 'the old secret has a row');
    assert.match(String(explorer.provider.getTreeItem(row).contextValue), /\bentraCredential-secret\b/);

    let duringRemoval: { keyId: string }[] | undefined;
    answers.onConfirm = async (r) => {
      if (/^Remove the old client secret/.test(r.title))
        duringRemoval = (await graph('GET', daemon.id)).passwordCredentials as { keyId: string }[];
    };
    answers.inputs.push('Rotated by test', '90');
    const from = (await requestLog()).length;
    const result = await vscode.commands.executeCommand<{
      status: string;
      keyId: string;
      hint: string;
      oldKeyId: string;
    }>('entra.rotateSecret', row);
    assert.equal(result.status, 'rotated', JSON.stringify(answers.notices));
    assert.equal(answers.secretsShown, 1, 'the value is shown once');
    const secret = answers.lastSecret!;
    assert.ok(secret.startsWith(result.hint));
    assert.equal(JSON.stringify(result).includes(secret), false, 'the command does not return the value');
    assert.equal(answers.confirms.length, 2);
    assert.match(answers.confirms[0]!.title, /^Rotate the client secret of Reporting Daemon\?/);
    assert.match(answers.confirms[0]!.detail, /addPassword/);
    // Step 1 done, old one still there: both exist when the removal is asked.
    assert.deepEqual(duringRemoval?.map((p) => p.keyId).sort(), [old.keyId, result.keyId].sort());
    assert.match(answers.confirms[1]!.title, new RegExp(`key id ${old.keyId}, (expires|expired) \\d{4}-\\d{2}-\\d{2}`));
    assert.match(answers.confirms[1]!.detail, /removePassword/);
    // Step 2: the old one is gone, the new one stays; addPassword came before removePassword.
    const after = (await graph('GET', daemon.id)).passwordCredentials as { keyId: string; displayName: string }[];
    assert.deepEqual(
      after.map((p) => [p.keyId, p.displayName]),
      [[result.keyId, 'Rotated by test']],
    );
    assert.equal(result.oldKeyId, old.keyId);
    const calls = (await requestLog())
      .slice(from)
      .filter((r) => /addPassword|removePassword/.test(r.path))
      .map((r) => r.path.split('/').pop());
    assert.deepEqual(calls, ['addPassword', 'removePassword']);
    // The tree shows the new secret only.
    const now = await explorer.provider.getChildren(
      await path(tenantLabel, 'All applications', daemon.label, 'Certificates & secrets'),
    );
    assert.ok(now.some((n) => String(explorer.provider.getTreeItem(n).label) === 'Rotated by test'));
    assert.equal(
      now.some((n) => (n as unknown as { id: string }).id.endsWith(`cred:${old.keyId}`)),
      false,
    );
    assertStoredNowhere(secret);
  });

  it('Rotate Client Secret keeps the old secret when its removal is declined', async () => {
    const credentials = await path(tenantLabel, 'All applications', daemon.label, 'Certificates & secrets');
    answers.inputs.push('Second rotation', '180');
    answers.onConfirm = async (r) => {
      answers.confirmWith = !/^Remove the old client secret/.test(r.title);
    };
    const result = await vscode.commands.executeCommand<{ status: string; keyId: string; oldKeyId: string }>(
      'entra.rotateSecret',
      credentials,
    );
    assert.equal(result.status, 'kept');
    const keyIds = ((await graph('GET', daemon.id)).passwordCredentials as { keyId: string }[]).map((p) => p.keyId);
    assert.ok(keyIds.includes(result.keyId) && keyIds.includes(result.oldKeyId), JSON.stringify(keyIds));
    assert.match(answers.notices.at(-1)?.message ?? '', /^Kept the old secret/);
    assertStoredNowhere(answers.lastSecret!);
  });

  it('Rotate Client Secret from the command palette: the app is picked by name; keeping the old secrets writes nothing more', async () => {
    const before = ((await graph('GET', daemon.id)).passwordCredentials as { keyId: string }[]).map((p) => p.keyId);
    assert.ok(before.length >= 1);
    answers.picks.push(daemon.label);
    if (before.length > 1) answers.picks.push('Keep them all');
    answers.inputs.push('From the palette', '30');
    answers.onConfirm = async (r) => {
      answers.confirmWith = !/^Remove the old client secret/.test(r.title);
    };
    const from = (await requestLog()).length;
    const result = await vscode.commands.executeCommand<{ status: string; keyId: string }>('entra.rotateSecret');
    assert.equal(result.status, 'kept', JSON.stringify(answers.notices));
    assert.equal(answers.picks.length, 0, 'the app (and the secret to remove) were asked for');
    const after = ((await graph('GET', daemon.id)).passwordCredentials as { keyId: string }[]).map((p) => p.keyId);
    assert.deepEqual(after.sort(), [...before, result.keyId].sort());
    assert.deepEqual(
      (await requestLog())
        .slice(from)
        .filter((r) => /Password$/.test(r.path))
        .map((r) => r.path.split('/').pop()),
      ['addPassword'],
    );
    assertStoredNowhere(answers.lastSecret!);
  });

  it('Upload Certificate: a PEM certificate is added beside the existing one and shows in the tree; a private key is refused', async function () {
    if (spawnSync('openssl', ['version']).status !== 0) this.skip();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'upload.key'),
        '-out',
        join(dir, 'upload.pem'),
        '-days',
        '365',
        '-subj',
        '/CN=crm-api-upload',
      ],
      { stdio: 'ignore' },
    );
    const crm = 'b1000000-0000-4000-8000-000000000001';
    const credentials = await path(tenantLabel, 'All applications', 'CRM API', 'Certificates & secrets');
    const from = (await requestLog()).length;
    const refused = await vscode.commands.executeCommand<FlowResult>(
      'entra.uploadCertificate',
      credentials,
      vscode.Uri.file(join(dir, 'upload.key')),
    );
    assert.equal(refused.status, 'cancelled');
    assert.match(answers.notices.at(-1)?.message ?? '', /private key/);
    assert.deepEqual(await patchesSince(from), [], 'nothing is sent for a private key');

    const uploaded = await vscode.commands.executeCommand<FlowResult>(
      'entra.uploadCertificate',
      credentials,
      vscode.Uri.file(join(dir, 'upload.pem')),
    );
    assert.equal(uploaded.status, 'applied', JSON.stringify(answers.notices));
    assert.match(answers.confirms[0]!.title, /^Upload certificate crm-api-upload \(thumbprint [0-9A-F]{40}\)/);
    assert.match(answers.confirms[0]!.detail, /adds certificate crm-api-upload/);
    assert.deepEqual(
      (await patchesSince(from)).map((p) => p.status),
      [204],
    );
    const creds = (await graph('GET', crm)).keyCredentials as { displayName: string; customKeyIdentifier: string }[];
    assert.deepEqual(
      creds.map((k) => k.displayName),
      ['crm-api-signing', 'crm-api-upload'],
    );
    const fp = execFileSync('openssl', ['x509', '-in', join(dir, 'upload.pem'), '-noout', '-fingerprint', '-sha1'], {
      encoding: 'utf8',
    });
    assert.equal(creds[1]!.customKeyIdentifier, fp.split('=')[1]!.trim().replace(/:/g, ''));
    await explorer.provider.whenIdle();
    const rows = await explorer.provider.getChildren(
      await path(tenantLabel, 'All applications', 'CRM API', 'Certificates & secrets'),
    );
    const row = rows.find((n) => String(explorer.provider.getTreeItem(n).label) === 'crm-api-upload');
    assert.ok(row, 'the tree shows the uploaded certificate');
    assert.match(String(explorer.provider.getTreeItem(row).contextValue), /\bentraCredential-certificate\b/);
    // Leave the sample as it was: remove it again through the tree.
    assert.equal((await vscode.commands.executeCommand<FlowResult>('entra.removeCredential', row)).status, 'applied');
    assert.equal(((await graph('GET', crm)).keyCredentials as unknown[]).length, 1);
  });

  it("sandbox walk: CRM API's manifest edited, planned, applied, seen in the tenant and the tree, undone", async () => {
    const crm = 'b1000000-0000-4000-8000-000000000001';
    const uri = 'https://crm.contoso-emulator.example/walk';
    const document = await pull('crm-walk', 'CRM API');
    await vscode.window.showTextDocument(document);
    await setText(document, (m) => ({
      ...m,
      spa: { ...(m.spa as object), redirectUris: [...((m.spa as { redirectUris: string[] }).redirectUris ?? []), uri] },
    }));
    const planned = await vscode.commands.executeCommand<FlowResult>('entra.planChanges', document.uri);
    assert.equal(planned.status, 'changed');
    assert.deepEqual(
      planned.plan!.changes.map((c) => c.summary),
      [`adds SPA redirect URI ${uri}`],
    );
    const html = write.planView.html ?? '';
    assert.match(html, /data-state="changes"/);
    assert.ok(html.includes(`adds SPA redirect URI ${uri}`), 'the plan view lists the change');
    assert.match(html, /PATCH/);

    const applied = await vscode.commands.executeCommand<FlowResult>('entra.applyChanges', document.uri);
    assert.equal(applied.status, 'applied', JSON.stringify(answers.notices));
    assert.deepEqual(Object.keys(applied.plan!.requests[0]!.body ?? {}), ['spa']);
    assert.ok(((await graph('GET', crm)).spa as { redirectUris: string[] }).redirectUris.includes(uri));
    // The open plan view no longer offers the plan it sent.
    const appliedHtml = write.planView.html ?? '';
    assert.match(appliedHtml, /class="outcome outcome-applied"/);
    assert.match(appliedHtml, /id="apply" data-action="apply" disabled/);
    await explorer.provider.whenIdle();
    const spaLabels = async (): Promise<string[]> => {
      const auth = await path(tenantLabel, 'All applications', 'CRM API', 'Authentication');
      const spa = (await explorer.provider.getChildren(auth)).find((n) => labelOf(n) === 'Single-page application');
      return spa ? (await explorer.provider.getChildren(spa)).map(labelOf) : [];
    };
    assert.ok((await spaLabels()).includes(uri), 'the tree shows the new redirect URI');

    const undone = await vscode.commands.executeCommand<FlowResult>('entra.undoApply');
    assert.equal(undone.status, 'applied');
    assert.match(answers.confirms[1]!.title, /^Undo: /);
    assert.equal(((await graph('GET', crm)).spa as { redirectUris: string[] }).redirectUris.includes(uri), false);
    const undoneHtml = write.planView.html ?? '';
    assert.match(undoneHtml, /class="outcome outcome-applied"/);
    assert.ok(!undoneHtml.includes(`adds SPA redirect URI ${uri}`), 'the view shows the undo, not the first plan');
    await explorer.provider.whenIdle();
    assert.equal((await spaLabels()).includes(uri), false, 'the tree no longer shows it');
  });

  it('delete moves the app to Deleted applications; restore brings it back', async () => {
    const app = await path(tenantLabel, 'All applications', daemon.label);
    assert.equal((await vscode.commands.executeCommand<{ status: string }>('entra.deleteApp', app)).status, 'applied');
    const deleted = await path(tenantLabel, 'Deleted applications', daemon.label);
    assert.equal(
      (await vscode.commands.executeCommand<{ status: string }>('entra.restoreApp', deleted)).status,
      'applied',
    );
    await path(tenantLabel, 'All applications', daemon.label);
    assert.equal(answers.confirms.length, 2);
  });

  it('a read-only client is told before the plan, and the refused write names Application.ReadWrite.All', async () => {
    const document = await pull('readonly');
    await signInAs({ clientId: emulator!.clientId, clientSecret: emulator!.clientSecret });
    await setText(document, (m) => ({ ...m, notes: 'read-only try' }));
    const from = (await requestLog()).length;
    const result = await vscode.commands.executeCommand<FlowResult>('entra.applyChanges', document.uri);
    assert.match(result.readOnly ?? '', /Application\.ReadWrite\.All/);
    assert.equal(answers.notices[0]?.kind, 'warning', 'the read-only warning comes first');
    assert.equal(result.status, 'failed');
    assert.equal(result.failure?.status, 403);
    assert.match(result.failure?.message ?? '', /Application\.ReadWrite\.All/);
    assert.deepEqual(
      (await patchesSince(from)).map((p) => p.status),
      [403],
    );
    assert.equal((await graph('GET', daemon.id)).notes, null);
    await signInAs(admin);
  });
});
