// Signing in, in the real extension host against the tenant emulator: two configured tenants where
// one does not exist (the emulator answers AADSTS90002 like Entra) — the good one lists its apps, the
// bad one shows its own row with the cause in words; "Entra: Sign In"'s quick pick of methods (shown,
// then accepted through VS Code's own quick-input command); the `vscode` method in VS Code for the Web;
// a settings change that signs out says so on the view; the throttling wait counts down on the view.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import type { ExplorerApi } from '../../src/vscode/explorer/register';
import type { ExplorerNode as Node } from '../../src/vscode/explorer/nodes';
import type { SignInMethodItem } from '../../src/vscode/auth/signInPick';
import {
  addFault,
  clearFaults,
  emulator,
  productApi,
  signIn,
  treeWalker,
  updateSettings,
  useEmulatorSettings,
  type Restore,
} from './helpers';

const tenantLabel = 'Contoso (emulated)';
const unknownTenant = 'fabrikam.onmicrosoft.com';

describe('sign-in (emulator)', function () {
  let api: ExplorerApi;
  let restoreSettings: Restore | undefined;
  const item = (node: Node): vscode.TreeItem => api.provider.getTreeItem(node);
  const { labelOf, path } = treeWalker(() => api.provider);

  /** Resolves with the view messages from now until `done` says the sequence is complete. */
  const viewMessages = (done: (messages: (string | undefined)[]) => boolean): Promise<(string | undefined)[]> =>
    new Promise((resolve) => {
      const seen: (string | undefined)[] = [];
      const sub = api.onDidChangeViewMessage((m) => {
        seen.push(m);
        if (done(seen)) {
          sub.dispose();
          resolve(seen);
        }
      });
    });

  before(async function () {
    if (!emulator) {
      this.skip();
    }
    api = (await productApi()).explorer;
    await vscode.commands.executeCommand('entra.signOut');
    restoreSettings = await useEmulatorSettings();
  });

  after(async function () {
    if (!emulator) {
      return;
    }
    await clearFaults();
    await vscode.commands.executeCommand('entra.signOut');
    await restoreSettings?.();
  });

  describe('two tenants, one of them unknown', function () {
    let restoreTenants: Restore | undefined;
    before(async () => {
      restoreTenants = await updateSettings('entra', { tenants: [emulator!.tenantId, unknownTenant] });
      const tenants = await vscode.commands.executeCommand<string[]>('entra.signIn', {
        method: 'clientSecret',
        clientSecret: emulator!.clientSecret,
      });
      assert.deepEqual(tenants, [emulator!.tenantId], 'signed in to the tenant that exists');
    });
    after(async () => {
      await vscode.commands.executeCommand('entra.signOut');
      await restoreTenants?.();
    });

    it('signs in: the good tenant lists its apps, the unknown one shows its own row with the cause and the way out', async () => {
      assert.equal(api.signInState(), 'signedIn');
      assert.equal(api.viewMessage(), undefined, 'no "sign in again" over the whole view');
      const roots = await api.provider.getChildren();
      assert.deepEqual(roots.map(labelOf), [tenantLabel, unknownTenant]);
      const apps = (await api.provider.getChildren(await path(tenantLabel, 'All applications'))).map(labelOf);
      assert.ok(apps.includes('CRM Web'), `apps listed: ${apps.join(' | ')}`);
      const created = await path(tenantLabel, 'All applications', 'CRM Web', 'Overview', 'Created');
      assert.match(
        String(item(created).description),
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/,
        'a readable date like the others',
      );
      assert.equal(item(roots[1]!).description, 'sign-in failed');
      const rows = await api.provider.getChildren(roots[1]);
      assert.equal(rows.length, 1);
      const text = labelOf(rows[0]!);
      assert.match(text, /^fabrikam\.onmicrosoft\.com: Tenant not found \(AADSTS90002\)\. /);
      assert.match(text, /Correct or remove it in "entra\.tenants"/);
      assert.doesNotMatch(text, /CredentialUnavailableError|Sign in again/);
      assert.deepEqual(
        api.failures().map((f) => [f.tenant, f.code]),
        [[unknownTenant, 'AADSTS90002']],
      );
      assert.match(String(item(rows[0]!).contextValue), /\bentraError\b/);
      assert.equal(item(rows[0]!).command?.command, 'entra.refreshNode');
    });

    it('clicking the row retries that tenant alone: it still fails, the good one stays signed in', async () => {
      const [, bad] = await api.provider.getChildren();
      const [row] = await api.provider.getChildren(bad);
      const command = item(row!).command!;
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      assert.equal(api.signInState(), 'signedIn');
      const roots = await api.provider.getChildren();
      assert.deepEqual(roots.map(labelOf), [tenantLabel, unknownTenant]);
      assert.match(labelOf((await api.provider.getChildren(roots[1]))[0]!), /AADSTS90002/);
    });
  });

  describe('"Entra: Sign In"', function () {
    afterEach(async () => {
      await vscode.commands.executeCommand('entra.signOut');
    });

    it('offers the methods in a quick pick, the remembered one first, one line each on when to use it; accepting signs in', async () => {
      // The secret is in SecretStorage from a programmatic sign-in; signing out would delete it.
      await signIn(api);
      const shown = new Promise<readonly SignInMethodItem[]>((resolve) => {
        const sub = api.onDidShowSignInMethods((items) => {
          sub.dispose();
          resolve(items);
        });
      });
      const result = vscode.commands.executeCommand<string[]>('entra.signIn');
      const items = await shown;
      assert.deepEqual(
        items.map((i) => i.method),
        ['clientSecret', 'vscode', 'azureCli', 'deviceCode', 'environment', 'clientCertificate'],
      );
      assert.equal(items[0]!.description, 'current');
      assert.ok(
        items.every((i) => (i.detail ?? '').length > 20),
        'each method says when to use it',
      );
      if (vscode.env.uiKind === vscode.UIKind.Web) {
        assert.match(
          items.find((i) => i.method === 'vscode')!.detail!,
          /Not available in VS Code for the Web .*Device code/,
        );
      }
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepEqual(await result, [emulator!.tenantId]);
      assert.equal(api.signInState(), 'signedIn');
      assert.equal(vscode.workspace.getConfiguration('entra').get('signIn.method'), 'clientSecret');
    });

    it('the method as an argument is remembered in entra.signIn.method', async () => {
      const restore = await updateSettings('entra', { 'signIn.method': 'azureCli' });
      try {
        const tenants = await vscode.commands.executeCommand<string[]>('entra.signIn', {
          method: 'clientSecret',
          clientSecret: emulator!.clientSecret,
        });
        assert.deepEqual(tenants, [emulator!.tenantId]);
        assert.equal(vscode.workspace.getConfiguration('entra').get('signIn.method'), 'clientSecret');
      } finally {
        await vscode.commands.executeCommand('entra.signOut');
        await restore();
      }
    });

    it('the "vscode" method in VS Code for the Web says it is not available here and offers device code', async function () {
      if (vscode.env.uiKind !== vscode.UIKind.Web) {
        this.skip();
      }
      const restore = await updateSettings('entra', { 'signIn.method': 'clientSecret' });
      try {
        // A failed sign-in is shown to the user (message and view), not thrown at the caller.
        assert.equal(await vscode.commands.executeCommand('entra.signIn', { method: 'vscode' }), undefined);
        assert.equal(api.signInState(), 'error');
        const message = api.viewMessage() ?? '';
        assert.match(message, /VS Code for the Web has no Microsoft account sign-in for extensions.*device code/);
        assert.doesNotMatch(message, /Accounts menu/);
      } finally {
        await vscode.commands.executeCommand('entra.signOut');
        await restore();
      }
    });
  });

  it('a settings change that signs out says so on the view', async () => {
    await signIn(api);
    const said = viewMessages((m) => m.some((x) => x !== undefined && /^Signed out because/.test(x)));
    // Another client id: no secret is stored for it, so the silent sign-in cannot complete.
    const restore = await updateSettings('entra', { 'signIn.clientId': 'c1000000-0000-4000-8000-0000000000ff' });
    try {
      const messages = await said;
      assert.equal(
        messages.at(-1),
        'Signed out because "entra.signIn.clientId" changed. Run "Entra: Sign In" to sign in with the new settings.',
      );
      assert.equal(api.signInState(), 'signedOut');
    } finally {
      await restore();
    }
  });

  it('a throttled request counts down on the view, one message a second, until the retry', async () => {
    await signIn(api);
    try {
      await addFault({
        method: 'GET',
        path: '/v1.0/applications?',
        times: 1,
        fault: { kind: 'throttle', retryAfterSeconds: 3 },
      });
      const messages = viewMessages((m) => m.length > 1 && m.at(-1) === undefined);
      await vscode.commands.executeCommand('entra.refreshNode', await path(tenantLabel, 'All applications'));
      const rows = await api.provider.getChildren(await path(tenantLabel, 'All applications'));
      assert.ok(rows.map(labelOf).includes('CRM Web'));
      assert.deepEqual(await messages, [
        'Microsoft Graph is throttling requests (429); retrying in 3 s…',
        'Microsoft Graph is throttling requests (429); retrying in 2 s…',
        'Microsoft Graph is throttling requests (429); retrying in 1 s…',
        undefined,
      ]);
    } finally {
      await clearFaults();
      await vscode.commands.executeCommand('entra.signOut');
    }
  });
});
