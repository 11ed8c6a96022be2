// What the tenant explorer shows for every fault the tenant emulator can inject, in the real
// extension host: the error row's text (what the user reads), its action, and that the action
// recovers once the fault is gone. Loads are awaited through the tree provider and retries
// through the explorer's retry event; nothing sleeps.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import type { ExplorerApi } from '../../src/vscode/explorer/register';
import type { ExplorerNode as Node } from '../../src/vscode/explorer/nodes';
import {
  addFault as fault,
  clearFaults,
  emulator,
  endOutage,
  productApi,
  signIn,
  startOutage,
  treeWalker,
  updateSettings,
  useEmulatorSettings,
  waitForLogged,
  type Restore,
} from './helpers';

const tenantLabel = 'Contoso (emulated)';
const apps = '/v1.0/applications?';
const ids = { clientApp: 'b1000000-0000-4000-8000-000000000004', reporting: 'b1000000-0000-4000-8000-000000000008' };

describe('tenant explorer faults (emulator)', function () {
  let api: ExplorerApi;
  let restoreSettings: Restore | undefined;
  const item = (node: Node): vscode.TreeItem => api.provider.getTreeItem(node);
  const { labelOf, path } = treeWalker(() => api.provider);

  /** Forgets the loaded app list and loads it again: what Refresh on "All applications" does. */
  const reloadAll = async (): Promise<Node[]> => {
    await vscode.commands.executeCommand('entra.refreshNode', await path(tenantLabel, 'All applications'));
    return api.provider.getChildren(await path(tenantLabel, 'All applications'));
  };

  /** The single error row of a reload, with its text and action. */
  const errorRow = async (rows: Node[]): Promise<{ row: Node; text: string; command: vscode.Command | undefined }> => {
    assert.equal(rows.length, 1, `one error row, got: ${rows.map(labelOf).join(' | ')}`);
    const row = rows[0]!;
    assert.match(String(item(row).contextValue), /\bentraError\b/);
    return { row, text: labelOf(row), command: item(row).command };
  };

  /** Clicks an error row's action, then reads the list again. */
  const click = async (command: vscode.Command | undefined): Promise<string[]> => {
    assert.equal(command?.command, 'entra.refreshNode', 'the row retries when clicked');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    return (await api.provider.getChildren(await path(tenantLabel, 'All applications'))).map(labelOf);
  };

  const nextRetry = (status: number): Promise<{ status: number; delaySeconds: number }> =>
    new Promise((resolve) => {
      const sub = api.onDidRetry((e) => {
        if (e.status === status) {
          sub.dispose();
          resolve(e);
        }
      });
    });

  /** Resolves once a sign-in started by a settings change has finished. */
  const nextSignIn = (): Promise<void> =>
    new Promise((resolve) => {
      let started = false;
      const sub = api.onDidChangeSignIn(() => {
        const state = api.signInState();
        started ||= state === 'signingIn';
        if (started && state !== 'signingIn') {
          sub.dispose();
          resolve();
        }
      });
    });

  before(async function () {
    if (!emulator) {
      this.skip();
    }
    api = (await productApi()).explorer;
    restoreSettings = await useEmulatorSettings();
    await signIn(api);
  });

  afterEach(async () => {
    if (emulator) {
      await clearFaults();
    }
  });

  after(async function () {
    if (!emulator) {
      return;
    }
    await vscode.commands.executeCommand('entra.signOut');
    await restoreSettings?.();
  });

  it('429 once: retried after Retry-After (the view says so) and the list loads', async () => {
    await fault({ method: 'GET', path: apps, times: 1, fault: { kind: 'throttle', retryAfterSeconds: 1 } });
    const retried = nextRetry(429);
    const rows = await reloadAll();
    const event = await retried;
    assert.equal(event.delaySeconds, 1);
    assert.ok(rows.map(labelOf).includes('CRM Web'));
  });

  it('429 that outlasts the retries: the row says throttling and when to try again; retry loads', async () => {
    await fault({ method: 'GET', path: apps, fault: { kind: 'throttle', retryAfterSeconds: 0.2 } });
    const { text, command } = await errorRow(await reloadAll());
    assert.match(
      text,
      /^Microsoft Graph is throttling requests \(429\) and retries did not get through\. Try again in 1 s\.$/,
    );
    await clearFaults();
    assert.ok((await click(command)).includes('CRM Web'));
  });

  it('503 that outlasts the retries: "unavailable (503) — retry later", not throttling; retry loads', async () => {
    await fault({ method: 'GET', path: apps, fault: { kind: 'status', status: 503, retryAfterSeconds: 0.2 } });
    const retried = nextRetry(503);
    const { text, command } = await errorRow(await reloadAll());
    await retried;
    assert.equal(text, 'Microsoft Graph is unavailable (503) — retry later.');
    await clearFaults();
    assert.ok((await click(command)).includes('CRM Web'));
  });

  it('504 that outlasts the retries: "unavailable (504 gateway timeout) — retry later"; retry loads', async () => {
    await fault({ method: 'GET', path: apps, fault: { kind: 'status', status: 504, retryAfterSeconds: 0.2 } });
    const { text, command } = await errorRow(await reloadAll());
    assert.equal(text, 'Microsoft Graph is unavailable (504 gateway timeout) — retry later.');
    await clearFaults();
    assert.ok((await click(command)).includes('CRM Web'));
  });

  it('connection reset: the row says offline and retry loads', async () => {
    await fault({ method: 'GET', path: apps, times: 1, fault: { kind: 'reset' } });
    const { text, command } = await errorRow(await reloadAll());
    assert.match(
      text,
      /^Cannot reach 127\.0\.0\.1:\d+: you seem to be offline or the service is unreachable \(the connection (closed unexpectedly, UND_ERR_SOCKET|was reset, ECONNRESET)\)\. Check the connection and retry\.$/,
    );
    assert.ok((await click(command)).includes('CRM Web'));
  });

  it('connection refused (emulator down): the row says offline; once it is back, retry loads', async () => {
    const control = await startOutage();
    let ended = false;
    try {
      const { text, command } = await errorRow(await reloadAll());
      assert.match(text, /^Cannot reach 127\.0\.0\.1:\d+: you seem to be offline/);
      await endOutage(control);
      ended = true;
      assert.ok((await click(command)).includes('CRM Web'));
    } finally {
      if (!ended) {
        await endOutage(control);
      }
    }
  });

  for (const body of ['truncated', 'html'] as const) {
    it(`a 200 with a ${body} body: the row says the response could not be read; retry loads`, async () => {
      await fault({ method: 'GET', path: apps, times: 1, fault: { kind: 'malformed', body } });
      const { text, command } = await errorRow(await reloadAll());
      assert.match(text, /^The response from Microsoft Graph could not be read \((not valid JSON|not JSON)\) — retry/);
      assert.doesNotMatch(text, /error 200/);
      assert.ok((await click(command)).includes('CRM Web'));
    });
  }

  it('401 expired token: the row asks to sign in again and signing in loads the list', async () => {
    await fault({ method: 'GET', path: apps, times: 1, fault: { kind: 'expiredToken' } });
    const { text, command } = await errorRow(await reloadAll());
    assert.equal(text, 'Your sign-in is missing or expired (InvalidAuthenticationToken). Sign in again.');
    assert.equal(command?.command, 'entra.signIn');
    await signIn(api);
    assert.ok(
      (await api.provider.getChildren(await path(tenantLabel, 'All applications'))).map(labelOf).includes('CRM Web'),
    );
  });

  it('403: the row names the missing permission and who consents; retry loads', async () => {
    await fault({ method: 'GET', path: apps, times: 1, fault: { kind: 'forbidden' } });
    const { text, command } = await errorRow(await reloadAll());
    assert.equal(
      text,
      'Microsoft Graph refused the request: this needs Application.Read.All (application) — ask an admin to consent.',
    );
    assert.ok((await click(command)).includes('CRM Web'));
  });

  it('404 right after a write (replication lag): expanding the app retries with backoff and shows it', async () => {
    await reloadAll();
    // The app and its owners answer 404 in the first two reads, then the object has replicated.
    await fault({ method: 'GET', path: `/applications/${ids.reporting}`, times: 4, fault: { kind: 'notFound' } });
    const retried = nextRetry(404);
    const sections = await api.provider.getChildren(await path(tenantLabel, 'All applications', 'Reporting Daemon'));
    assert.ok((await retried).delaySeconds > 0);
    assert.deepEqual(sections.slice(0, 2).map(labelOf), ['Overview', 'Authentication']);
  });

  it('404 that outlasts the retries: one sentence ending "Refresh the list." and retry shows the app', async () => {
    await reloadAll();
    await fault({ method: 'GET', path: `/applications/${ids.clientApp}`, fault: { kind: 'notFound' } });
    const app = await path(tenantLabel, 'All applications', 'ClientApp');
    const { text, command } = await errorRow(await api.provider.getChildren(app));
    assert.equal(
      text,
      `Not found: Resource '${ids.clientApp}' does not exist or one of its queried reference-property objects are not present. Refresh the list.`,
    );
    assert.equal(command?.command, 'entra.refreshNode');
    await clearFaults();
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    assert.equal(labelOf((await api.provider.getChildren(app))[0]!), 'Overview');
  });

  it('a failing app expands to an error row instead of an unhandled rejection', async () => {
    await fault({
      method: 'POST',
      path: '/v1.0/$batch',
      times: 1,
      fault: { kind: 'status', status: 503, retryAfterSeconds: 0.2 },
    });
    await fault({ method: 'POST', path: '/v1.0/$batch', times: 5, fault: { kind: 'forbidden' } });
    await reloadAll();
    const rows = await api.provider.getChildren(
      await path(tenantLabel, 'All applications', 'ClientApp (multi-tenant)'),
    );
    assert.equal(rows.length, 1);
    assert.match(labelOf(rows[0]!), /ask an admin to consent/);
  });

  it('slower than entra.explorer.requestTimeoutSeconds: the row says it timed out; retry loads', async () => {
    let signedIn = nextSignIn();
    const restoreTimeout = await updateSettings('entra', { 'explorer.requestTimeoutSeconds': 2 });
    await signedIn;
    try {
      await fault({ method: 'GET', path: apps, times: 1, fault: { kind: 'latency', ms: 4_000 } });
      const { text, command } = await errorRow(await reloadAll());
      assert.equal(
        text,
        'Microsoft Graph did not answer within 2 s (request timed out) — retry, or raise the request timeout on a slow connection.',
      );
      assert.ok((await click(command)).includes('CRM Web'));
      // The emulator logs the abandoned request when its delay ends: wait, so later suites count right.
      await waitForLogged((e) => e.fault === 'latency');
    } finally {
      signedIn = nextSignIn();
      await restoreTimeout();
      await signedIn;
    }
  });
});
