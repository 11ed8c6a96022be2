// The tenant audit in the real extension host against the tenant emulator (sample scenario):
// "Entra: Audit Tenant" fills the Audit view with the rules and their counts, a finding opens the
// tenant's manifest with the property selected, the view groups by app, and cancelling stops the
// reading and says so.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import type { EntraWorkbenchApi } from '../../src/extension';
import type { AuditNode as Node } from '../../src/vscode/audit/tree';
import type { AuditCommandResult as AuditResult, OpenFindingResult } from '../../src/vscode/audit/register';
import { addFault, clearFaults, emulator, productApi, signIn, useEmulatorSettings, type Restore } from './helpers';

const TENANT_LABEL = 'Contoso (emulated)';

describe('tenant audit (emulator)', function () {
  let api: EntraWorkbenchApi;
  let restoreSettings: Restore | undefined;
  let result: AuditResult | undefined;

  const item = (node: Node): vscode.TreeItem => api.audit.provider.getTreeItem(node);
  const label = (node: Node): string => String(item(node).label);
  /** A group row by rule id (its row shows the rule's title and the id) or by app name. */
  const keyOf = (node: Node): string | undefined =>
    'key' in node && typeof node.key === 'string' ? node.key : undefined;
  const group = (ruleOrApp: string): Node => {
    const hit = api.audit.provider.getChildren().find((n) => keyOf(n) === ruleOrApp || label(n) === ruleOrApp);
    assert.ok(hit, `${ruleOrApp} in the Audit view; have: ${api.audit.provider.getChildren().map(label).join(' | ')}`);
    return hit;
  };

  before(async function () {
    if (!emulator) {
      this.skip();
    }
    api = await productApi();
    restoreSettings = await useEmulatorSettings();
    await signIn(api.explorer);
  });

  after(async function () {
    if (!emulator) {
      return;
    }
    await clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('entra.signOut');
    await restoreSettings?.();
  });

  it('cancelling stops the reading: no results, and the view says so', async () => {
    // The grants listing hangs: the audit can only end if cancelling aborts the request.
    await addFault({
      method: 'GET',
      path: '/oauth2PermissionGrants',
      times: 1,
      fault: { kind: 'latency', ms: 30_000 },
    });
    const firstProgress = new Promise<void>((resolve) => {
      const sub = api.audit.onDidProgress(() => {
        sub.dispose();
        resolve();
      });
    });
    const running = vscode.commands.executeCommand<AuditResult>('entra.auditTenant', { tenant: emulator!.tenantId });
    await firstProgress;
    assert.equal(api.audit.cancel(), true, 'an audit was running');
    const cancelled = await running;
    await clearFaults();
    assert.equal(cancelled?.cancelled, true);
    assert.equal(api.audit.lastRun(), undefined, 'no results');
    assert.deepEqual(api.audit.provider.getChildren(), []);
    assert.match(String(api.audit.message()), /cancelled: no results/);
    assert.equal(api.audit.cancel(), false, 'nothing runs any more');
  });

  it('Audit Tenant shows the rules with their counts and severity', async () => {
    result = await vscode.commands.executeCommand<AuditResult>('entra.auditTenant', { tenant: emulator!.tenantId });
    assert.ok(result, 'the command returned a result');
    assert.equal(result.cancelled, false);
    assert.ok(result.apps >= 8, `${result.apps} apps`);
    assert.deepEqual(result.skipped, []);
    for (const rule of [
      'audit-redirect-uri-tunnel',
      'audit-redirect-uri-azurewebsites',
      'audit-high-privilege-granted',
      'audit-no-owners',
      'audit-credential-expired',
      'audit-multitenant-unverified',
    ]) {
      const node = group(rule);
      assert.equal(item(node).description, String(result.byRule[rule]), `${rule} count`);
      assert.doesNotMatch(String(item(node).label), /^audit-/, `${rule} shows its title`);
      assert.ok(result.byRule[rule]! > 0, `${rule} found`);
    }
    assert.equal(api.audit.provider.getChildren().length, Object.keys(result.byRule).length);
    // A manifest rule's group shows its title; the tooltip names the id and says what the rule checks.
    const privileged = item(group('rra-high-privilege'));
    assert.equal(privileged.label, 'High-privilege Microsoft Graph application permissions requested');
    const privilegedTip = (privileged.tooltip as vscode.MarkdownString).value;
    assert.match(privilegedTip, /rra\\-high\\-privilege/);
    assert.match(privilegedTip, /Flags high\\-privilege Microsoft Graph application permissions/);
    const tunnel = item(group('audit-redirect-uri-tunnel'));
    assert.equal((tunnel.iconPath as vscode.ThemeIcon).id, 'error');
    const tooltip = (tunnel.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Risk/);
    assert.match(tooltip, /What to do/);
    assert.match(
      String(api.audit.message()),
      new RegExp(`^${TENANT_LABEL.replace(/[()]/g, '\\$&')}: \\d+ app registrations, ${result.findings} findings`),
    );
  });

  it('a finding opens the manifest with the property selected', async () => {
    const findings = api.audit.provider.getChildren(group('audit-redirect-uri-tunnel'));
    assert.deepEqual(findings.map(label), ['ClientApp (multi-tenant)']);
    const open = item(findings[0]!).command;
    assert.equal(open?.command, 'entra.auditOpenFinding');
    const opened = await vscode.commands.executeCommand<OpenFindingResult>(open.command, ...(open.arguments ?? []));
    assert.equal(opened?.selection, '"https://clientapp-demo.ngrok-free.app/signin-oidc"');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.scheme, 'entra');
    assert.equal(editor.document.uri.toString(), opened?.uri);
    assert.equal(editor.document.getText(editor.selection), '"https://clientapp-demo.ngrok-free.app/signin-oidc"');

    // A finding on a property (not an array element) selects the key and its value.
    const publisher = api.audit.provider
      .getChildren(group('audit-multitenant-unverified'))
      .find((n) => label(n) === 'ClientApp (multi-tenant)');
    assert.ok(publisher);
    await vscode.commands.executeCommand('entra.auditOpenFinding', publisher);
    const again = vscode.window.activeTextEditor!;
    assert.equal(again.document.getText(again.selection), '"signInAudience": "AzureADMultipleOrgs"');
  });

  it('groups by app registration and back', async () => {
    await vscode.commands.executeCommand('entra.auditGroupByApp');
    const app = group('ClientApp (multi-tenant)');
    const rules = api.audit.provider.getChildren(app).map(label);
    assert.ok(
      rules.includes('audit-redirect-uri-tunnel') && rules.includes('audit-redirect-uri-azurewebsites'),
      rules.join(', '),
    );
    assert.equal(item(app).description, String(rules.length));
    await vscode.commands.executeCommand('entra.auditGroupByRule');
    const tunnel = group('audit-redirect-uri-tunnel');
    assert.equal(label(tunnel), 'Redirect URIs on tunnel hosts');
    assert.match((item(tunnel).tooltip as vscode.MarkdownString).value, /^\*\*audit\\-redirect\\-uri\\-tunnel\*\*/);
  });
});
