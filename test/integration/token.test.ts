// "Entra: Decode Token" in the real extension host: the panel opens with the right summary,
// hostile claim values come out escaped, verification works against the tenant emulator, and
// .jwt files and JWT strings in editors get their language, CodeLens and hover, and the
// verifyAutomatically and restorePanel settings do what they say.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DecodeCommandResult as DecodeResult, TokenFeatureApi as TokenApi } from '../../src/vscode/token/register';
import {
  clientCredentialsToken,
  emulator,
  extension,
  hoverText,
  httpsCall,
  panelContent,
  productApi,
  updateSettings,
  workspaceUri,
  type EmulatorConfig,
} from './helpers';

const CRM_API = 'c1000000-0000-4000-8000-000000000001';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A delegated v2 token signed with a throw-away local key (no issuer can verify it). */
function locallySigned(extra: Record<string, unknown> = {}): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const header = b64({ typ: 'JWT', alg: 'RS256', kid: 'local-test-key' });
  const payload = b64({
    aud: CRM_API,
    iss: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    azp: 'c1000000-0000-4000-8000-000000000002',
    azpacr: '1',
    oid: 'd1000000-0000-4000-8000-000000000001',
    sub: 'pairwise-subject',
    preferred_username: 'megan@contoso.example',
    scp: 'Crm.Read.Team',
    roles: ['Accounts.Read.Team'],
    tid: '11111111-2222-3333-4444-555555555555',
    ver: '2.0',
    ...extra,
  });
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** An app-only token for the CRM API (or `resource`) from the emulator's token endpoint (client credentials). */
function emulatorToken(cfg: EmulatorConfig, resource = `api://${CRM_API}`): Promise<string> {
  return clientCredentialsToken(resource, cfg);
}

/** Resolves after the next configuration change touching `section` has reached every listener registered before this one. */
function nextConfigurationChange(section: string): Promise<void> {
  return new Promise((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(section)) return;
      sub.dispose();
      resolve();
    });
  });
}

/** What a Markdown renderer shows for backslash-escaped text. */
const unescapeMarkdown = (md: string): string => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** The hovers at `offset` in `doc`. */
async function hoversAt(doc: vscode.TextDocument, offset: number): Promise<vscode.Hover[]> {
  return (
    (await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      doc.positionAt(offset),
    )) ?? []
  );
}

describe('token decoder', () => {
  let api: TokenApi;

  before(async () => {
    api = (await productApi()).token;
    assert.ok(api, 'the extension API exposes the token feature');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('decodes a token given as argument, opens the panel, and reports the time to a ready panel', async () => {
    const cfg = emulator;
    const token = cfg ? await emulatorToken(cfg) : locallySigned();
    const started = performance.now();
    const result = await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', `Bearer ${token}`);
    await api.whenPanelReady();
    const ms = performance.now() - started;
    // Where the time went: the extension's part (command → page handed to VS Code) and VS Code's
    // (building the webview frame, loading the page, its first message back).
    const times = api.pageTimes();
    assert.ok(times?.ready !== undefined && times.ready >= times.htmlSet, 'the current page said it loaded');
    const ourMs = times.htmlSet - started;
    assert.ok(result?.ok, result?.error);
    assert.equal(result.kind, 'access');
    assert.equal(result.flow, cfg ? 'app-only' : 'delegated');
    assert.equal(result.version, '2.0');
    assert.equal(api.isPanelVisible(), true);
    const raw = api.lastRenderedHtml() ?? '';
    const html = panelContent(raw);
    assert.match(html, /data-kind="access"/);
    assert.match(html, new RegExp(`data-flow="${cfg ? 'app-only' : 'delegated'}"`));
    // Script and style are inlined under the nonce; nothing else may load or run.
    assert.match(
      raw,
      /Content-Security-Policy" content="default-src 'none'; script-src 'nonce-([^']+)'; style-src 'nonce-\1';">/,
    );
    assert.ok(!raw.includes(token.split('.')[2]!), 'the signature is not in the page');
    // Again with the panel open (reused, new content): the everyday case.
    const again = performance.now();
    assert.ok((await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', token))?.ok);
    await api.whenPanelReady();
    const warmMs = performance.now() - again;
    console.log(
      `[token] command → panel ready: ${ms.toFixed(0)} ms first (${ourMs.toFixed(0)} ms until the page was handed to VS Code), ${warmMs.toFixed(0)} ms reused (${cfg ? 'emulator token' : 'local token'})`,
    );
    const metrics = process.env.ENTRA_TEST_METRICS;
    const round = (x: number): number => Math.round(x * 10) / 10;
    if (metrics)
      writeFileSync(
        join(dirname(metrics), 'token-metrics.json'),
        JSON.stringify({
          decodeToPanelReadyMs: round(ms),
          commandToPageMs: round(ourMs),
          reusedPanelReadyMs: round(warmMs),
          source: cfg ? 'emulator' : 'local',
        }),
      );
  });

  it('a new token decoded into the open panel starts at the top: its page reports scroll position 0', async () => {
    const first = api.whenPanelScrollReported();
    await vscode.commands.executeCommand('entra.decodeToken', locallySigned());
    await api.whenPanelReady();
    // The first page's own answer, so the next report is the second page's.
    await first;
    const next = api.whenPanelScrollReported();
    assert.ok(
      (await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', locallySigned({ name: 'Second token' })))
        ?.ok,
    );
    assert.equal(await next, 0, 'the new page scrolled to the top and said so');
    assert.equal(api.panelScrollY(), 0);
  });

  it('verifies the signature only when asked: an emulator token is valid', async function () {
    const cfg = emulator;
    if (!cfg) this.skip();
    await vscode.commands.executeCommand('entra.decodeToken', await emulatorToken(cfg));
    await api.whenPanelReady();
    assert.match(panelContent(api.lastRenderedHtml()), /data-status="unchecked"/, 'not verified until asked');
    const verdict = await api.verifyCurrent();
    assert.equal(verdict?.status, 'valid', verdict?.reason);
    assert.match(panelContent(api.lastRenderedHtml()), /data-status="valid"/);
  });

  it('verifies a v1 token (sts.windows.net issuer) with the keys of the configured custom cloud', async function () {
    const cfg = emulator;
    if (!cfg) this.skip();
    const restore = await updateSettings('entra', {
      cloud: 'Custom',
      'customCloud.authorityHost': cfg.authorityHost,
      'customCloud.graphBaseUrl': cfg.graphBaseUrl,
    });
    try {
      // ServerApp leaves requestedAccessTokenVersion null: v1 tokens.
      const result = await vscode.commands.executeCommand<DecodeResult>(
        'entra.decodeToken',
        await emulatorToken(cfg, 'api://c1000000-0000-4000-8000-000000000003'),
      );
      assert.equal(result?.version, '1.0');
      assert.ok(result.problems?.includes('v1-token'));
      await api.whenPanelReady();
      const verdict = await api.verifyCurrent();
      assert.equal(verdict?.status, 'valid', verdict?.reason);
    } finally {
      await restore();
    }
  });

  it('offers "Retry verification" after a failure that may pass (the issuer answered 503), and the retry reaches the issuer', async function () {
    const cfg = emulator;
    if (!cfg) this.skip();
    // An issuer address no earlier test fetched (fetched metadata is cached): the emulator's
    // organizations endpoint. Its first answer is a 503; the second is the real metadata.
    // The control API is called over node:https with the test CA: the global fetch trusts it only
    // while http.systemCertificates is off, which other suites change.
    const control = `${cfg.authorityHost}/_emulator/faults`;
    const metadata = '/organizations/v2.0/.well-known/openid-configuration';
    const added = await httpsCall(
      'POST',
      control,
      { 'content-type': 'application/json' },
      JSON.stringify({ method: 'GET', path: metadata, times: 1, fault: { kind: 'status', status: 503 } }),
    );
    assert.equal(added.status, 201, added.text);
    try {
      const result = await vscode.commands.executeCommand<DecodeResult>(
        'entra.decodeToken',
        locallySigned({ iss: `${cfg.authorityHost}/organizations/v2.0` }),
      );
      assert.ok(result?.ok, result?.error);
      await api.whenPanelReady();
      assert.match(
        panelContent(api.lastRenderedHtml()),
        /<button type="button" id="verify" data-action="verify">Verify signature<\/button>/,
      );
      const failed = await api.verifyCurrent();
      assert.equal(failed?.status, 'cannot-verify', failed?.reason);
      assert.equal(failed.retryable, true, failed.reason);
      assert.match(failed.reason, /HTTP 503 .*retry later/);
      // The button stays usable, now labelled for what it does.
      assert.match(
        panelContent(api.lastRenderedHtml()),
        /<button type="button" id="verify" data-action="verify">Retry verification<\/button>/,
      );
      const retried = await api.verifyCurrent();
      // The metadata arrived this time: a definite verdict (this token names an issuer the metadata does not declare).
      assert.equal(retried?.status, 'invalid', retried?.reason);
      assert.equal(retried.retryable, undefined);
      assert.match(retried.reason, /not the issuer the metadata declares/);
      assert.match(
        panelContent(api.lastRenderedHtml()),
        /<button type="button" id="verify" data-action="verify">Verify signature<\/button>/,
      );
    } finally {
      await httpsCall('DELETE', control, {});
    }
  });

  it('does not verify a token whose issuer is not a Microsoft authority: cannot-verify, and the panel lists issuer-untrusted', async () => {
    // Signed by its own key and naming an issuer that would serve that key: never valid, never fetched.
    const forged = locallySigned({
      iss: 'https://login.microsoftonline.com.attacker.example/11111111-2222-3333-4444-555555555555/v2.0',
    });
    const result = await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', forged);
    assert.ok(result?.ok, result?.error);
    assert.ok(result.problems?.includes('issuer-untrusted'), result.problems?.join(', '));
    await api.whenPanelReady();
    assert.match(
      panelContent(api.lastRenderedHtml()),
      /The issuer is not a Microsoft authority \(login\.microsoftonline\.com\.attacker\.example\)/,
    );
    const verdict = await api.verifyCurrent();
    assert.equal(verdict?.status, 'cannot-verify', verdict?.reason);
    assert.equal(verdict.retryable, undefined);
    assert.match(verdict.reason, /not a Microsoft authority.*entra\.token\.trustedIssuers/);
    assert.match(panelContent(api.lastRenderedHtml()), /data-status="cannot-verify"/);
  });

  it('escapes hostile claim values in the panel', async () => {
    const img = '<img src=x onerror=alert(1)>';
    const breakout = `"'><script>alert(2)</script>`;
    const result = await vscode.commands.executeCommand<DecodeResult>(
      'entra.decodeToken',
      locallySigned({ name: img, preferred_username: breakout, roles: [breakout], [img]: breakout }),
    );
    assert.ok(result?.ok);
    await api.whenPanelReady();
    const raw = api.lastRenderedHtml() ?? '';
    const html = panelContent(raw);
    assert.ok(!html.includes('<img'), 'no injected img element');
    assert.equal((raw.match(/<script/g) ?? []).length, 1, 'only the panel script');
    assert.ok(!/<script/.test(html), 'no script element in the content');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&quot;&#39;&gt;&lt;script&gt;alert(2)&lt;/script&gt;'));
  });

  it('shows effective permissions from the workspace scope → role mapping', async () => {
    const result = await vscode.commands.executeCommand<DecodeResult>(
      'entra.decodeToken',
      locallySigned({ scp: 'Crm.Read.Team', roles: ['Accounts.Read.Team'] }),
    );
    assert.ok(result?.ok);
    await api.whenSettled();
    const html = panelContent(api.lastRenderedHtml());
    assert.match(html, /Effective permissions on CRM API/);
    assert.match(html, /<dt>Effective<\/dt><dd><ul class="chips"><li><code>Accounts\.Read\.Team<\/code><\/li><\/ul>/);
    assert.match(html, /Allowed by scopes, not held<\/dt><dd><ul class="chips"><li><code>Contacts\.Read\.Team<\/code>/);
  });

  it('reports input that is not a token without opening a panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', 'a.b.c.d.e');
    assert.equal(result?.ok, false);
    assert.match(result.error ?? '', /encrypted/i);
  });

  it('opens .jwt files in the jwt language and decodes the active .jwt editor', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('tokens', 'crm-delegated.jwt'));
    assert.equal(doc.languageId, 'jwt');
    await vscode.window.showTextDocument(doc);
    const result = await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken');
    assert.equal(result?.ok, true);
    assert.equal(result.kind, 'access');
    assert.equal(result.flow, 'delegated');
  });

  it('offers a "Decode token" CodeLens on JWT strings in other files', async () => {
    const uri = workspaceUri('tokens', 'request.http');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const ours = lenses.filter((l) => l.command?.command === 'entra.decodeToken');
    assert.equal(ours.length, 1);
    assert.equal(ours[0]!.range.start.line, 2);
    const result = await vscode.commands.executeCommand<DecodeResult>(
      'entra.decodeToken',
      ...(ours[0]!.command!.arguments ?? []),
    );
    assert.equal(result?.ok, true);
  });
  it('decodes the selection from the editor context menu (which passes the document), not the whole file', async () => {
    const appOnly = locallySigned({
      scp: undefined,
      idtyp: 'app',
      oid: 'd1000000-0000-4000-8000-000000000009',
      sub: 'd1000000-0000-4000-8000-000000000009',
    });
    const delegated = locallySigned();
    const document = await vscode.workspace.openTextDocument({
      language: 'plaintext',
      content: `first: ${appOnly}\nsecond: ${delegated}\n`,
    });
    const editor = await vscode.window.showTextDocument(document);
    const start = document.getText().indexOf(delegated);
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + delegated.length));
    const menu = (extension().packageJSON.contributes.menus['editor/context'] ?? []) as {
      command: string;
      when?: string;
    }[];
    assert.ok(
      menu.some((m) => m.command === 'entra.decodeToken' && m.when === 'editorHasSelection'),
      'Decode Token is in the editor context menu for a selection',
    );
    try {
      const result = await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', document.uri);
      assert.equal(result?.ok, true, result?.error);
      assert.equal(result.flow, 'delegated', 'the selected (second) token was decoded');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('verifies on its own when entra.token.verifyAutomatically is on: an emulator token ends valid', async function () {
    const cfg = emulator;
    if (!cfg) this.skip();
    const token = await emulatorToken(cfg);
    const restore = await updateSettings('entra.token', { verifyAutomatically: true });
    try {
      assert.ok((await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', token))?.ok);
      await api.whenPanelReady();
      // Nothing pressed "Verify signature": the panel started the check itself once loaded.
      const verdict = await api.whenVerified();
      assert.equal(verdict?.status, 'valid', verdict?.reason);
      assert.match(panelContent(api.lastRenderedHtml()), /data-status="valid"/);
    } finally {
      await restore();
    }
    // Off again: the next token stays unchecked.
    await vscode.commands.executeCommand('entra.decodeToken', await emulatorToken(cfg));
    await api.whenPanelReady();
    assert.equal(await api.whenVerified(), undefined);
    assert.match(panelContent(api.lastRenderedHtml()), /data-status="unchecked"/);
  });

  it('keeps the token out of the saved state unless entra.token.restorePanel is on', async () => {
    const token = locallySigned();
    const restore = await updateSettings('entra.token', { restorePanel: false });
    try {
      assert.ok((await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', token))?.ok);
      await api.whenPanelReady();
      assert.equal(api.savedStateHoldsToken(), false, 'the webview is told to save nothing');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal(await api.restoreFrom({ token }), false, 'a saved token is not restored when the setting is off');
      assert.equal(api.isPanelVisible(), false);
      assert.equal(api.lastRenderedHtml(), undefined);

      await updateSettings('entra.token', { restorePanel: true });
      assert.ok((await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', token))?.ok);
      await api.whenPanelReady();
      assert.equal(api.savedStateHoldsToken(), true, 'opted in: the webview keeps the token');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal(await api.restoreFrom({ token }), true, 'the panel comes back from its saved state');
      await api.whenPanelReady();
      assert.equal(api.isPanelVisible(), true);
      assert.match(panelContent(api.lastRenderedHtml()), /data-kind="access"/);
      assert.equal(await api.restoreFrom({}), false, 'a state without a token restores nothing');

      // Turning the setting off with the panel open clears the saved state at once.
      const changed = nextConfigurationChange('entra.token.restorePanel');
      await vscode.workspace
        .getConfiguration('entra.token')
        .update('restorePanel', false, vscode.ConfigurationTarget.Global);
      await changed;
      assert.equal(api.savedStateHoldsToken(), false);
    } finally {
      await restore();
    }
  });

  it('shows a summary hover with a "Decode token" link on JWT strings, without the signature', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('tokens', 'request.http'));
    const text = doc.getText();
    const start = text.indexOf('eyJ0eXAi');
    const token = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(text.slice(start))![0];
    const signature = token.split('.')[2]!;
    const started = performance.now();
    const hovers = await hoversAt(doc, start + token.length - 5);
    const ms = performance.now() - started;
    const raw = hoverText(hovers);
    const shown = unescapeMarkdown(raw);
    assert.match(shown, /\*\*Access token · v2\.0 · delegated \(signed-in user\)\*\*/);
    assert.match(shown, /Audience: c1000000-0000-4000-8000-000000000001/);
    const exp = 1767229500;
    assert.match(
      shown,
      new RegExp(`Expires: 2026-01-01T01:05:00Z \\(${Date.now() / 1000 > exp ? 'expired .+ ago' : 'expires in .+'}\\)`),
    );
    assert.ok(
      !raw.includes(signature) && !decodeURIComponent(raw).includes(signature),
      'the signature is not in the hover',
    );
    const ours = hovers.find((h) =>
      h.contents.some((c) => typeof c !== 'string' && 'value' in c && c.value.includes('command:entra.decodeToken')),
    );
    assert.ok(ours, 'a hover with the decode link');
    assert.equal(ours.range?.start.line, 2);
    assert.equal(doc.getText(ours.range), token, 'the hover covers the token');
    const markdown = ours.contents.find(
      (c): c is vscode.MarkdownString => typeof c !== 'string' && 'value' in c && c.value.includes('command:'),
    );
    assert.deepEqual(
      markdown?.isTrusted,
      { enabledCommands: ['entra.decodeToken'] },
      'only the decode command may run from the hover',
    );
    const link = /\[Decode token\]\((command:entra\.decodeToken\?[^ )]+)/.exec(raw);
    assert.ok(link, 'a "Decode token" command link');
    const args = JSON.parse(decodeURIComponent(link[1]!.slice(link[1]!.indexOf('?') + 1))) as unknown[];
    // The link opens the panel with that token, as clicking it would.
    const result = await vscode.commands.executeCommand<DecodeResult>('entra.decodeToken', ...args);
    assert.equal(result?.ok, true);
    assert.equal(result.flow, 'delegated');
    await api.whenPanelReady();
    assert.match(panelContent(api.lastRenderedHtml()), /data-kind="access"/);
    // Off the token: no hover of ours.
    assert.ok(!hoverText(await hoversAt(doc, text.indexOf('GET') + 1)).includes('command:entra.decodeToken'));
    const metrics = process.env.ENTRA_TEST_METRICS;
    if (metrics) writeFileSync(join(dirname(metrics), 'token-hover-metrics.json'), JSON.stringify({ hoverMs: ms }));
  });

  it('escapes hostile claim values in the hover', async () => {
    const hostile = '<img src=x onerror=alert(1)>](command:workbench.action.terminal.new) **bold**';
    const doc = await vscode.workspace.openTextDocument({
      language: 'plaintext',
      content: `token = "${locallySigned({ aud: hostile })}"\n`,
    });
    const raw = hoverText(await hoversAt(doc, doc.getText().indexOf('eyJ') + 3));
    assert.match(raw, /command:entra\.decodeToken/);
    assert.ok(!/(^|[^\\])<img/.test(raw), 'no raw HTML');
    assert.equal((raw.match(/\]\(command:/g) ?? []).length, 1, 'only our command link');
    assert.ok(unescapeMarkdown(raw).includes(`Audience: ${hostile}`), 'shown as text');
  });
});
