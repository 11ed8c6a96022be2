// The sign-in error doctor in the real extension host against the tenant emulator (sample
// scenario): a redirect mismatch and a missing consent of CRM Web are explained and checked against
// its registration; a finding opens the tenant's manifest at the property; the admin consent URL of
// an app node is tenant- and cloud-aware.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import type { EntraWorkbenchApi } from '../../src/extension';
import type { Diagnosis } from '../../src/core/doctor';
import { emulator, productApi, signIn as signInTo, treeWalker, useEmulatorSettings, type Restore } from './helpers';

// CRM Web and the CRM API of test/emulator/scenarios/sample.json.
const CRM_WEB = 'c1000000-0000-4000-8000-000000000002';
const CRM_API = 'c1000000-0000-4000-8000-000000000001';
const TENANT_LABEL = 'Contoso (emulated)';

describe('sign-in error doctor (emulator)', function () {
  let api: EntraWorkbenchApi;
  let restoreSettings: Restore | undefined;
  const { path } = treeWalker(() => api.explorer.provider);

  before(async function () {
    if (!emulator) {
      this.skip();
    }
    api = await productApi();
    restoreSettings = await useEmulatorSettings();
  });

  after(async function () {
    if (!emulator) {
      return;
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('entra.signOut');
    await restoreSettings?.();
  });

  const redirectMismatch = (): string =>
    `AADSTS50011: The redirect URI 'https://crm.contoso-emulator.example/signin-oidc/' specified in the request does not match the redirect URIs configured for the application '${CRM_WEB}'. ` +
    `Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.\nTrace ID: 0b5e7d1c-1111-4a2b-9c3d-aaaaaaaaaaaa\nCorrelation ID: 22222222-3333-4444-5555-666666666666\nTimestamp: 2025-03-01 10:11:12Z`;

  it('signed out: explains offline and says how to check the registration', async () => {
    const d = await vscode.commands.executeCommand<Diagnosis>('entra.explainSignInError', redirectMismatch());
    assert.equal(d.explanation?.code, '50011');
    assert.equal(d.explanation?.known, true);
    assert.equal(d.registration, undefined);
    assert.match(d.registrationNote ?? '', /Sign in/);
    assert.match(api.doctor.lastHtml() ?? '', /AADSTS50011: Redirect URI mismatch/);
  });

  it('redirect mismatch (AADSTS50011): the unregistered URI is found, with the near miss on the Web platform', async () => {
    await signInTo(api.explorer);
    const d = await vscode.commands.executeCommand<Diagnosis>('entra.explainSignInError', redirectMismatch());
    assert.equal(d.request.clientId, CRM_WEB);
    assert.equal(d.registration?.displayName, 'CRM Web');
    const finding = d.registration?.findings.find((f) => f.id === 'redirect-uri-not-registered');
    assert.ok(finding, JSON.stringify(d.registration));
    assert.match(
      finding.message,
      /https:\/\/crm\.contoso-emulator\.example\/signin-oidc \(Web\) differs from it only by a trailing slash/,
    );
    assert.deepEqual(finding.path, ['web', 'redirectUris', 0]);
    const html = api.doctor.lastHtml() ?? '';
    assert.match(html, /data-finding="redirect-uri-not-registered"/);
    assert.match(html, /Open manifest at web\.redirectUris\.0/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/);
  });

  it('missing consent (AADSTS65001): a scope the CRM API exposes but CRM Web does not list', async () => {
    const desc = encodeURIComponent(
      `AADSTS65001: The user or administrator has not consented to use the application with ID '${CRM_WEB}' named 'CRM Web'. Send an interactive authorization request for this user and resource.`,
    );
    const authorize = `https://login.microsoftonline.com/${emulator!.tenantId}/oauth2/v2.0/authorize?client_id=${CRM_WEB}&response_type=code&redirect_uri=${encodeURIComponent('https://crm.contoso-emulator.example/signin-oidc')}&scope=${encodeURIComponent(`openid api://${CRM_API}/user_impersonation api://${CRM_API}/Crm.ReadWrite.All`)}`;
    const text = `${authorize}\n\nhttps://crm.contoso-emulator.example/signin-oidc?error=invalid_client&error_description=${desc}`;
    const d = await vscode.commands.executeCommand<Diagnosis>('entra.explainSignInError', text);
    assert.equal(d.explanation?.code, '65001');
    const findings = d.registration?.findings ?? [];
    assert.deepEqual(
      findings.map((f) => f.id),
      ['scope-not-requested'],
      JSON.stringify(findings),
    );
    assert.match(findings[0]!.message, /Crm\.ReadWrite\.All of CRM API is not listed/);
    assert.deepEqual(findings[0]!.path, ['requiredResourceAccess', 0, 'resourceAccess']);
    const passed = d.registration?.passed.join('\n') ?? '';
    assert.match(passed, /redirect URI .* is registered under Web/);
    assert.match(passed, /user_impersonation is exposed by CRM API and listed/);
    // The tenant's actual grant (admin consent of CRM Web to the CRM API) was read.
    assert.match(passed, /user_impersonation of CRM API is consented for all users of the tenant/);
    assert.match(findings[0]!.message, /No grant covers it either/);
    assert.match(passed, /the app's own tenant/);
    const html = api.doctor.lastHtml() ?? '';
    assert.match(html, /\/v2\/adminconsent\?client_id=c1000000-0000-4000-8000-000000000002/);

    // "Open manifest at requiredResourceAccess.0.resourceAccess": the tenant's manifest, that property selected.
    await api.doctor.openManifestAt(findings[0]!.path);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'entra');
    const selected = editor.document.getText(editor.selection);
    assert.match(selected, /^"resourceAccess": \[/);
    assert.match(selected, /f1000000-0000-4000-8000-000000000205/);
  });

  it('missing consent (AADSTS65001) found in the grants: a listed scope nobody has consented to', async () => {
    // ClientApp (multi-tenant) lists test.read of ServerApp (multi-tenant) in its API permissions,
    // and the tenant has no delegated permission grant of it: requested is not consented.
    const client = 'c1000000-0000-4000-8000-000000000006';
    const scope = 'api://serverapp-mt.contoso-emulator.example/test.read';
    const authorize = `https://login.microsoftonline.com/${emulator!.tenantId}/oauth2/v2.0/authorize?client_id=${client}&response_type=code&redirect_uri=${encodeURIComponent('https://jwt.ms')}&scope=${encodeURIComponent(`openid ${scope}`)}`;
    const text = `AADSTS65001: The user or administrator has not consented to use the application with ID '${client}' named 'ClientApp (multi-tenant)'. Send an interactive authorization request for this user and resource.\n${authorize}`;
    const d = await vscode.commands.executeCommand<Diagnosis>('entra.explainSignInError', text);
    assert.equal(d.explanation?.code, '65001');
    const findings = d.registration?.findings ?? [];
    assert.deepEqual(
      findings.map((f) => f.id),
      ['scope-not-consented'],
      JSON.stringify(findings),
    );
    assert.match(findings[0]!.message, /Nobody has consented to test\.read of ServerApp \(multi-tenant\) for this app/);
    assert.match(findings[0]!.fix, /admin consent/);
    assert.deepEqual(findings[0]!.path, ['requiredResourceAccess', 0]);
    assert.match(
      d.registration?.passed.join('\n') ?? '',
      /test\.read is exposed by ServerApp \(multi-tenant\) and listed/,
    );
    const html = api.doctor.lastHtml() ?? '';
    assert.match(html, /data-finding="scope-not-consented"/);
    assert.match(html, /Nobody has consented to test\.read/);
    assert.match(html, /\/v2\/adminconsent\?client_id=c1000000-0000-4000-8000-000000000006/);
  });

  it('the admin consent URL of an app node uses the tenant id and the cloud\u2019s authority', async () => {
    const node = await path(TENANT_LABEL, 'All applications', 'CRM Web');
    const url = await vscode.commands.executeCommand<string>('entra.copyAdminConsentUrl', node);
    assert.ok(url.startsWith(`${emulator!.authorityHost}/${emulator!.tenantId}/v2/adminconsent?`), url);
    const q = new URL(url).searchParams;
    assert.equal(q.get('client_id'), CRM_WEB);
    assert.equal(q.get('scope'), `${CRM_API}/.default ${emulator!.graphBaseUrl.replace(/\/v1\.0\/?$/, '')}/.default`);
    assert.equal(q.get('redirect_uri'), 'https://crm.contoso-emulator.example/signin-oidc');
    assert.equal(await vscode.env.clipboard.readText(), url);
  });
});
