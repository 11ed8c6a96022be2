// Fixes through plan and apply, in the real extension host against the tenant emulator (sample
// scenario), signed in with the emulator's admin client (Application.ReadWrite.All): "Fix" on audit
// findings (an expired client secret removed with removePassword, a tunnel redirect URI removed by
// one PATCH) re-checks the app in the Audit view; the doctor's fix of an AADSTS50011 redirect
// mismatch adds the URI to the Web platform. Each write is confirmed in the modal first; the
// emulator's app is read back directly, and changed redirect URIs are restored afterwards.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import type { EntraWorkbenchApi } from '../../src/extension';
import type { Diagnosis } from '../../src/core/doctor';
import type { AuditNode as Node } from '../../src/vscode/audit/tree';
import type { AuditCommandResult, FixFindingResult, OpenFindingResult } from '../../src/vscode/audit/register';
import type { ConfirmRequest } from '../../src/vscode/write/ui';
import {
  emulator,
  emulatorToken,
  httpsCall,
  productApi,
  ruleOf,
  updateSettings,
  useEmulatorSettings,
  waitForDiagnostics,
  type Restore,
} from './helpers';

/** Answers the write path's prompts: confirms, records; any other prompt fails the test. */
class Answers {
  confirms: ConfirmRequest[] = [];
  notices: { kind: string; message: string }[] = [];
  async confirm(r: ConfirmRequest): Promise<boolean> {
    this.confirms.push(r);
    return true;
  }
  async showSecret(): Promise<void> {
    throw new Error('unexpected secret');
  }
  async pick(_items: unknown, options: { title: string }): Promise<never> {
    throw new Error(`unexpected quick pick: ${options.title}`);
  }
  async input(r: { title: string }): Promise<never> {
    throw new Error(`unexpected input box: ${r.title}`);
  }
  async notify(kind: string, message: string): Promise<undefined> {
    this.notices.push({ kind, message });
    return undefined;
  }
}

// The emulator's admin client, documented in test/emulator/README.md.
const admin = { clientId: 'c1000000-0000-4000-8000-000000000010', clientSecret: 'Emulator~Admin~Client~Secret~0006' };
// Apps of test/emulator/scenarios/sample.json.
const SERVER_APP = { id: 'b1000000-0000-4000-8000-000000000003', expiredKeyId: 'a3000000-0000-4000-8000-000000000002' };
const CLIENT_MT = { id: 'b1000000-0000-4000-8000-000000000006', label: 'ClientApp (multi-tenant)' };
const CRM_WEB = { id: 'b1000000-0000-4000-8000-000000000002', appId: 'c1000000-0000-4000-8000-000000000002' };
const TUNNEL = 'https://clientapp-demo.ngrok-free.app/signin-oidc';

/** Reads or changes an app directly in the emulator (outside VS Code). */
async function graph(method: 'GET' | 'PATCH', id: string, body?: unknown): Promise<Record<string, unknown>> {
  const token = await emulatorToken({
    grant_type: 'client_credentials',
    client_id: admin.clientId,
    client_secret: admin.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
  const res = await httpsCall(
    method,
    `${emulator!.graphBaseUrl}/applications/${id}`,
    { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body ? JSON.stringify(body) : undefined,
  );
  assert.ok(res.status < 300, `${method} → ${res.status} ${res.text}`);
  return res.text ? (JSON.parse(res.text) as Record<string, unknown>) : {};
}

/** PATCHes the emulator answered since `from` (an index into its request log). */
async function patchesSince(from: number): Promise<string[]> {
  const res = await fetch(`${emulator!.authorityHost}/_emulator/requests`);
  const log = ((await res.json()) as { value: { method: string; path: string; kind: string }[] }).value;
  return log
    .slice(from)
    .filter((r) => r.method === 'PATCH' && r.kind === 'graph')
    .map((r) => r.path);
}

async function logLength(): Promise<number> {
  const res = await fetch(`${emulator!.authorityHost}/_emulator/requests`);
  return ((await res.json()) as { value: unknown[] }).value.length;
}

const webOf = (app: Record<string, unknown>) => app.web as { redirectUris: string[] } & Record<string, unknown>;

describe('fixes through plan and apply (emulator)', function () {
  let api: EntraWorkbenchApi;
  let answers: Answers;
  let restoreSettings: Restore | undefined;
  let restoreClient: Restore | undefined;
  const restoreApps: (() => Promise<void>)[] = [];

  const item = (node: Node): vscode.TreeItem => api.audit.provider.getTreeItem(node);
  const label = (node: Node): string => String(item(node).label);
  // A rule's group row shows its title; the node keeps the rule id as its key.
  const group = (rule: string): Node => {
    const hit = api.audit.provider.getChildren().find((n) => 'key' in n && n.key === rule);
    assert.ok(hit, `${rule} in the Audit view; have: ${api.audit.provider.getChildren().map(label).join(' | ')}`);
    return hit;
  };
  const findingNode = (rule: string, app: string): Node => {
    const hit = api.audit.provider.getChildren(group(rule)).find((n) => label(n) === app);
    assert.ok(hit, `${app} under ${rule}`);
    return hit;
  };

  before(async function () {
    if (!emulator) this.skip();
    api = await productApi();
    restoreSettings = await useEmulatorSettings();
    restoreClient = await updateSettings('entra', { 'signIn.clientId': admin.clientId });
    await vscode.commands.executeCommand('entra.signOut');
    await vscode.commands.executeCommand('entra.signIn', { clientSecret: admin.clientSecret });
    assert.equal(api.explorer.signInState(), 'signedIn');
  });

  beforeEach(() => {
    answers = new Answers();
    api.write.setUserInput(answers);
  });

  after(async function () {
    if (!emulator) return;
    api.write.setUserInput(undefined);
    for (const restore of restoreApps.reverse()) await restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('entra.signOut');
    await restoreClient?.();
    await restoreSettings?.();
  });

  it('audit: Fix removes an expired client secret (confirmed removePassword); the re-check drops the finding', async () => {
    const result = await vscode.commands.executeCommand<AuditCommandResult>('entra.auditTenant', {
      tenant: emulator!.tenantId,
    });
    assert.equal(result?.cancelled, false);
    const before = result.byRule['audit-credential-expired']!;
    const node = findingNode('audit-credential-expired', 'ServerApp');
    assert.match(String(item(node).contextValue), /\bentraAuditFixable\b/);
    // A finding without a single remedy offers no Fix.
    assert.doesNotMatch(
      String(item(findingNode('audit-redirect-uri-azurewebsites', CLIENT_MT.label)).contextValue),
      /entraAuditFixable/,
    );

    const fixed = await vscode.commands.executeCommand<FixFindingResult>('entra.auditFixFinding', node);
    assert.equal(fixed?.status, 'applied', JSON.stringify(answers.notices));
    assert.equal(answers.confirms.length, 1);
    assert.match(answers.confirms[0]!.title, /Remove the client secret "server-old" from ServerApp/);
    assert.match(answers.confirms[0]!.detail, /removePassword \(keyId a3000000-0000-4000-8000-000000000002\)/);
    // The tenant no longer has it.
    const creds = (await graph('GET', SERVER_APP.id)).passwordCredentials as { keyId: string }[];
    assert.deepEqual(
      creds.map((c) => c.keyId),
      [],
    );
    // The app was checked again: its finding is gone, the others stay.
    assert.deepEqual(
      fixed.appFindings?.filter((f) => f.ruleId === 'audit-credential-expired'),
      [],
    );
    const expired = api.audit.lastRun()!.findings.filter((f) => f.ruleId === 'audit-credential-expired');
    assert.equal(expired.length, before - 1);
    assert.ok(!expired.some((f) => f.objectId === SERVER_APP.id));
    assert.equal(item(group('audit-credential-expired')).description, String(before - 1));
  });

  it('audit: Fix removes a tunnel redirect URI through the plan (one PATCH of web); the view re-checks the app', async () => {
    const original = webOf(await graph('GET', CLIENT_MT.id));
    restoreApps.push(async () => {
      await graph('PATCH', CLIENT_MT.id, {
        web: { ...webOf(await graph('GET', CLIENT_MT.id)), redirectUris: original.redirectUris },
      });
    });
    const node = findingNode('audit-redirect-uri-tunnel', CLIENT_MT.label);
    const from = await logLength();
    const fixed = await vscode.commands.executeCommand<FixFindingResult>('entra.auditFixFinding', node);
    assert.equal(fixed?.status, 'applied', JSON.stringify(answers.notices));
    assert.equal(answers.confirms.length, 1);
    assert.match(answers.confirms[0]!.title, /Remove the Web redirect URI https:\/\/clientapp-demo\.ngrok-free\.app/);
    assert.match(answers.confirms[0]!.detail, /ngrok-free\.app/);
    const web = webOf(await graph('GET', CLIENT_MT.id));
    assert.deepEqual(
      web.redirectUris,
      original.redirectUris.filter((u) => u !== TUNNEL),
    );
    assert.deepEqual(web.implicitGrantSettings, original.implicitGrantSettings, 'the rest of web kept');
    assert.equal((await patchesSince(from)).length, 1, 'one PATCH');
    assert.ok(!fixed.appFindings?.some((f) => f.ruleId === 'audit-redirect-uri-tunnel'));
    assert.ok(
      fixed.appFindings?.some((f) => f.ruleId === 'audit-redirect-uri-azurewebsites'),
      'other findings stay',
    );
    // The rule had this one finding: its group is gone from the view.
    assert.ok(!api.audit.provider.getChildren().some((n) => 'key' in n && n.key === 'audit-redirect-uri-tunnel'));
  });

  it('a tenant manifest offers the fix as a code action: implicit access tokens turned off through the plan', async () => {
    // Another admin turned on access tokens from the implicit grant for ClientApp.
    const clientApp = { id: 'b1000000-0000-4000-8000-000000000004', label: 'ClientApp' };
    const original = webOf(await graph('GET', clientApp.id));
    restoreApps.push(async () => {
      await graph('PATCH', clientApp.id, { web: original });
    });
    await graph('PATCH', clientApp.id, {
      web: {
        ...original,
        implicitGrantSettings: { ...(original.implicitGrantSettings as object), enableAccessTokenIssuance: true },
      },
    });
    const result = await vscode.commands.executeCommand<AuditCommandResult>('entra.auditTenant', {
      tenant: emulator!.tenantId,
    });
    assert.equal(result?.byRule['implicit-access-token'], 1);
    const node = findingNode('implicit-access-token', clientApp.label);
    assert.match(String(item(node).contextValue), /\bentraAuditFixable\b/);
    const opened = await vscode.commands.executeCommand<OpenFindingResult>('entra.auditOpenFinding', node);
    const uri = vscode.Uri.parse(opened!.uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'implicit-access-token'));
    const problem = diagnostics.find((x) => ruleOf(x) === 'implicit-access-token')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      problem.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const action = actions.find((a) => /in the tenant \(plan and apply\)/.test(a.title));
    assert.ok(action?.command, actions.map((a) => a.title).join(' | '));
    assert.equal(action.title, 'Turn off access tokens from the implicit grant in the tenant (plan and apply)…');

    const from = await logLength();
    const fixed = await vscode.commands.executeCommand<FixFindingResult>(
      action.command.command,
      ...(action.command.arguments ?? []),
    );
    assert.equal(fixed?.status, 'applied', JSON.stringify(answers.notices));
    assert.equal(answers.confirms.length, 1);
    assert.match(answers.confirms[0]!.detail, /enableAccessTokenIssuance|implicit/i);
    assert.deepEqual(await patchesSince(from), [`/v1.0/applications/${clientApp.id}`]);
    const web = webOf(await graph('GET', clientApp.id));
    assert.deepEqual(web.implicitGrantSettings, original.implicitGrantSettings);
    assert.deepEqual(web.redirectUris, original.redirectUris);
    // The Audit view re-checked the app: the finding is gone.
    assert.ok(!fixed.appFindings?.some((f) => f.ruleId === 'implicit-access-token'));
    assert.ok(!api.audit.provider.getChildren().some((n) => 'key' in n && n.key === 'implicit-access-token'));
  });

  it('doctor: the fix of an AADSTS50011 redirect mismatch adds the URI to the Web platform through the plan', async () => {
    const original = webOf(await graph('GET', CRM_WEB.id));
    restoreApps.push(async () => {
      await graph('PATCH', CRM_WEB.id, {
        web: { ...webOf(await graph('GET', CRM_WEB.id)), redirectUris: original.redirectUris },
      });
    });
    const requested = 'https://crm.contoso-emulator.example/signin-oidc/';
    const text = `AADSTS50011: The redirect URI '${requested}' specified in the request does not match the redirect URIs configured for the application '${CRM_WEB.appId}'.`;
    const d = await vscode.commands.executeCommand<Diagnosis>('entra.explainSignInError', text);
    const finding = d.registration?.findings.find((f) => f.id === 'redirect-uri-not-registered');
    assert.deepEqual(finding?.edit?.kind, 'addRedirectUri');
    assert.match(
      api.doctor.lastHtml() ?? '',
      /data-action="fix"[^>]*>Add https:\/\/crm\.contoso-emulator\.example\/signin-oidc\/ to the Web platform/,
    );

    const outcome = await api.doctor.fix('redirect-uri-not-registered');
    assert.equal(outcome?.status, 'applied', JSON.stringify(answers.notices));
    assert.equal(answers.confirms.length, 1);
    assert.match(
      answers.confirms[0]!.title,
      /Add https:\/\/crm\.contoso-emulator\.example\/signin-oidc\/ to the Web platform: apply 1 change to CRM Web/,
    );
    const web = webOf(await graph('GET', CRM_WEB.id));
    assert.deepEqual(web.redirectUris, [...original.redirectUris, requested]);
    // Explained again: the URI is registered now.
    const html = api.doctor.lastHtml() ?? '';
    assert.doesNotMatch(html, /data-finding="redirect-uri-not-registered"/);
    assert.match(html, /is registered under Web/);
  });
});
