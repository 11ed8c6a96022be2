// Delegated sign-in in the real extension host against the tenant emulator (sample scenario): the
// device code flow through @azure/identity's DeviceCodeCredential with the emulator's public client
// (the prompt users see, the signed-in user in the status bar and tenant tooltip, "Owned by me",
// consent statuses read with the user's token, a refused grants read), and the `environment`
// method (client secret and username/password from AZURE_* variables, AZURE_AUTHORITY_HOST winning
// over the cloud setting). Settings, environment variables and sign-in are restored afterwards.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import type { DeviceCodePrompt } from '../../src/vscode/auth/credentials';
import type { ExplorerApi } from '../../src/vscode/explorer/register';
import type { ExplorerNode as Node } from '../../src/vscode/explorer/nodes';
import { emulator, productApi, treeWalker, updateSettings, type Restore } from './helpers';

/** The emulator's public client (device code, username/password), see test/emulator/README.md. */
const publicClient = 'c1000000-0000-4000-8000-000000000011';
const user = 'adele@contoso-emulator.onmicrosoft.com';
const tenantLabel = 'Contoso (emulated)';
/** The apps the scenario's signed-in user owns (test/emulator/scenarios/sample.json). */
const ownedByUser = [
  'ClientApp',
  'ClientApp (multi-tenant)',
  'CRM API',
  'CRM Web',
  'ServerApp',
  'ServerApp (multi-tenant)',
];

const settingKeys = [
  'cloud',
  'customCloud.authorityHost',
  'customCloud.graphBaseUrl',
  'signIn.method',
  'signIn.clientId',
  'tenants',
];
const envKeys = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_AUTHORITY_HOST',
  'AZURE_USERNAME',
  'AZURE_PASSWORD',
  'AZURE_CLIENT_CERTIFICATE_PATH',
];

/** Markdown escapes removed, to compare tooltips with plain text. */
const plain = (text: string): string => text.replace(/\\(.)/g, '$1');

describe('delegated sign-in (emulator)', function () {
  let api: ExplorerApi;
  let restoreHttp: Restore | undefined;
  const savedEnv = new Map<string, string | undefined>();

  const item = (node: Node): vscode.TreeItem => api.provider.getTreeItem(node);
  const { labelOf, find, path } = treeWalker(() => api.provider);
  const tooltipOf = (node: Node): string => {
    const t = item(node).tooltip;
    return plain(typeof t === 'string' ? t : (t?.value ?? ''));
  };
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('entra');
  const set = (key: string, value: unknown): Thenable<void> =>
    config().update(key, value, vscode.ConfigurationTarget.Global);
  const emulatorCloud = async (authorityHost = emulator!.authorityHost): Promise<void> => {
    await set('cloud', 'Custom');
    await set('customCloud.authorityHost', authorityHost);
    await set('customCloud.graphBaseUrl', emulator!.graphBaseUrl);
    await set('tenants', [emulator!.tenantId]);
  };
  const fault = async (rule: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${emulator!.authorityHost}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
    assert.equal(res.status, 201);
  };
  const clearFaults = async (): Promise<void> => {
    await fetch(`${emulator!.authorityHost}/_emulator/faults`, { method: 'DELETE' });
  };

  before(async function () {
    if (!emulator) {
      this.skip();
    }
    api = (await productApi()).explorer;
    for (const key of envKeys) {
      savedEnv.set(key, process.env[key]);
    }
    await vscode.commands.executeCommand('entra.signOut');
    // VS Code's network patch replaces the CA list with the system's; the emulator's test CA comes
    // from NODE_EXTRA_CA_CERTS, which only Node's defaults include.
    restoreHttp = await updateSettings('http', { systemCertificates: false });
  });

  after(async function () {
    if (!emulator) {
      return;
    }
    await clearFaults();
    await vscode.commands.executeCommand('entra.signOut');
    for (const key of settingKeys) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    // Back to what it was before this suite (other suites' settings stay as they set them).
    await restoreHttp?.();
    for (const [key, value] of savedEnv) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
    assert.equal(api.signInState(), 'signedOut');
  });

  describe('device code', function () {
    let prompt: DeviceCodePrompt | undefined;
    const closed: DeviceCodePrompt[] = [];

    before(async function () {
      await set('signIn.method', 'deviceCode');
      await set('signIn.clientId', publicClient);
      await emulatorCloud();
      const prompts: DeviceCodePrompt[] = [];
      const listener = api.onDidShowDeviceCode((p) => prompts.push(p));
      const closeListener = api.onDidCloseDeviceCode((p) => closed.push(p));
      try {
        // The documented programmatic path: the method as an argument, no quick pick.
        const tenants = await vscode.commands.executeCommand<string[]>('entra.signIn', { method: 'deviceCode' });
        assert.deepEqual(tenants, [emulator!.tenantId]);
      } finally {
        listener.dispose();
        closeListener.dispose();
      }
      assert.equal(api.signInState(), 'signedIn');
      assert.equal(prompts.length, 1, 'one device code prompt per sign-in');
      prompt = prompts[0];
    });

    after(async function () {
      await vscode.commands.executeCommand('entra.signOut');
    });

    it('shows the code and the link in a notification with a copy button', () => {
      assert.ok(prompt);
      assert.match(prompt.userCode, /^[0-9A-F]{9}$/);
      assert.equal(prompt.verificationUri, `${emulator!.authorityHost}/devicelogin`);
      assert.equal(
        prompt.message,
        `To sign in to Microsoft Entra, open ${prompt.verificationUri} and enter the code ${prompt.userCode}.`,
      );
      assert.deepEqual(prompt.actions, ['Copy code and open']);
    });

    it('closes the device code notification once the sign-in completed', () => {
      assert.deepEqual(closed, [prompt], 'the prompt shown is the prompt closed, once');
    });

    it('"All applications" shows its count after the delegated sign-in (its row is rendered again once loaded)', async () => {
      const all = await path(tenantLabel, 'All applications');
      // Forget the loaded list; the next expansion loads it, and then its row must be rendered again.
      await vscode.commands.executeCommand('entra.refreshNode', all);
      const renderedAgain = new Promise<void>((resolve) => {
        const sub = api.provider.onDidChangeTreeData((node) => {
          if (node && labelOf(node) === 'All applications') {
            sub.dispose();
            resolve();
          }
        });
      });
      const apps = await api.provider.getChildren(all);
      await renderedAgain;
      assert.ok(apps.length > 8);
      assert.equal(item(all).description, String(apps.length));
    });

    it('shows the signed-in user in the status bar and the tenant tooltip', async () => {
      const account = api.account();
      assert.ok(account, 'status bar item while signed in');
      assert.equal(account.text, `$(organization) ${user} · ${tenantLabel}`);
      assert.match(plain(account.tooltip), new RegExp(`signed in as ${user.replace(/\./g, '\\.')}`));
      const [root] = await api.provider.getChildren();
      assert.ok(root);
      assert.equal(labelOf(root), tenantLabel);
      assert.match(tooltipOf(root), new RegExp(`Signed in as ${user.replace(/\./g, '\\.')} \\(delegated\\)`));
    });

    it('"Owned by me" lists exactly the apps the user owns', async () => {
      const owned = await path(tenantLabel, 'Owned by me');
      const apps = (await api.provider.getChildren(owned)).map(labelOf);
      assert.deepEqual([...apps].sort(), [...ownedByUser].sort());
      assert.equal(item(owned).description, String(ownedByUser.length));
    });

    it("reads consent statuses with the user's token", async () => {
      const crmApi = await path(tenantLabel, 'Owned by me', 'CRM Web', 'API permissions', 'CRM API');
      assert.deepEqual(
        (await api.provider.getChildren(crmApi)).map((p) => [labelOf(p), item(p).description]),
        [
          ['user_impersonation', `Delegated · Granted for ${tenantLabel}`],
          ['Crm.ReadWrite.Team', `Delegated · Granted for ${tenantLabel}`],
          ['Crm.Read.My', `Delegated · Granted for ${tenantLabel}`],
        ],
      );
      const permissions = await path(tenantLabel, 'Owned by me', 'CRM Web', 'API permissions');
      assert.ok(
        (await api.provider.getChildren(permissions)).every((n) => !/needs|refused/.test(labelOf(n))),
        'no permission error',
      );
    });

    it('when Graph refuses the grants, names Directory.Read.All and shows the statuses as unknown', async () => {
      await fault({ method: 'GET', path: '/oauth2PermissionGrants', fault: { kind: 'forbidden' } });
      try {
        const permissions = await path(tenantLabel, 'Owned by me', 'ClientApp', 'API permissions');
        const kids = await api.provider.getChildren(permissions);
        const error = kids.find((k) => /needs/.test(labelOf(k)));
        assert.ok(error, `error node; have: ${kids.map(labelOf).join(' | ')}`);
        assert.equal(
          labelOf(error),
          'Microsoft Graph refused the request: this needs Directory.Read.All (delegated) — ask an admin to consent.',
        );
        const server = await find(permissions, 'ServerApp');
        assert.deepEqual(
          (await api.provider.getChildren(server)).map((p) => [labelOf(p), item(p).description]),
          [['test.read', 'Delegated · Status unknown']],
        );
      } finally {
        await clearFaults();
      }
    });
  });

  describe('environment', function () {
    afterEach(async function () {
      await vscode.commands.executeCommand('entra.signOut');
      for (const key of envKeys) {
        delete process.env[key];
      }
    });

    it('signs in app-only with AZURE_CLIENT_SECRET; AZURE_AUTHORITY_HOST wins over the cloud setting', async () => {
      Object.assign(process.env, {
        AZURE_TENANT_ID: emulator!.tenantId,
        AZURE_CLIENT_ID: emulator!.clientId,
        AZURE_CLIENT_SECRET: emulator!.clientSecret,
        AZURE_AUTHORITY_HOST: emulator!.authorityHost,
      });
      await set('signIn.method', 'environment');
      await set('signIn.clientId', undefined);
      // An authority host nothing listens on: only the environment's one can sign in.
      await emulatorCloud('https://127.0.0.1:9');
      await vscode.commands.executeCommand('entra.signIn', { method: 'environment' });
      assert.equal(api.signInState(), 'signedIn');
      assert.equal(api.account()?.text, `$(organization) ${emulator!.clientId} · ${tenantLabel}`);
      const [root] = await api.provider.getChildren();
      assert.match(tooltipOf(root!), /Signed in as .* \(app-only\)/);
      const owned = await api.provider.getChildren(await path(tenantLabel, 'Owned by me'));
      assert.match(labelOf(owned[0]!), /needs a signed-in user/);
    });

    it('signs in as the user with AZURE_USERNAME / AZURE_PASSWORD and lists what they own', async () => {
      Object.assign(process.env, {
        AZURE_TENANT_ID: emulator!.tenantId,
        AZURE_CLIENT_ID: publicClient,
        AZURE_USERNAME: user,
        AZURE_PASSWORD: 'Emulator-Password-1',
        AZURE_AUTHORITY_HOST: emulator!.authorityHost,
      });
      await set('signIn.method', 'environment');
      await emulatorCloud();
      await vscode.commands.executeCommand('entra.signIn', { method: 'environment' });
      assert.equal(api.signInState(), 'signedIn');
      assert.equal(api.account()?.text, `$(organization) ${user} · ${tenantLabel}`);
      const apps = (await api.provider.getChildren(await path(tenantLabel, 'Owned by me'))).map(labelOf);
      assert.deepEqual([...apps].sort(), [...ownedByUser].sort());
    });
  });
});
