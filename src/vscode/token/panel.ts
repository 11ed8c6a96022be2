// The token panel: one webview panel, reused. HTML is rendered on the host (./html) and the
// webview script only sends typed messages back. The token lives in memory while the panel is open
// and is never logged or stored (unless the user opts in to restoring the panel).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SignatureVerdict, TokenAnalysis } from '../../core/token/analyze';
import type { EffectivePermissions, TokenLinks } from '../../core/token/linker';
import { parseFromWebview, type ToWebviewMessage } from '../../core/token/protocol';
import { verifyToken, type ExpectedRegistration } from '../../core/token/verify';
import { readSettings } from '../auth/settings';
import { CommandId } from '../commandIds';
import { Disposable } from '../util/dispose';
import { httpsFetchJson } from './fetch';
import { type RenderEnv, renderTokenHtml } from './html';

export const TOKEN_VIEW_TYPE = 'entra.token';

export interface PanelContent {
  readonly token: string;
  readonly analysis: TokenAnalysis;
  readonly headerJson: string;
  readonly payloadJson: string;
  readonly links?: TokenLinks;
  readonly effective?: EffectivePermissions;
}

/** Where `entra.revealApp` showed an app registration in the Tenants view. */
export interface RevealedApp {
  readonly tenant: string;
  readonly appId: string;
  readonly label: string;
  readonly nodeId: string;
}

/**
 * What a reveal request from the panel came to: shown in the Tenants view; not found in the
 * signed-in tenants (the explorer says so); or refused because the id is not a linked app's.
 */
export type RevealOutcome =
  | { readonly status: 'revealed'; readonly app: RevealedApp }
  | { readonly status: 'not-found'; readonly appId: string }
  | { readonly status: 'refused' };

function isRevealedApp(v: unknown): v is RevealedApp {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return typeof r.tenant === 'string' && typeof r.appId === 'string' && typeof r.label === 'string' && typeof r.nodeId === 'string';
}

/**
 * v1 issuers (https://sts.windows.net/{tenant}/) do not name their authority: outside the global
 * cloud, keys come from the configured cloud's authority (entra.cloud, entra.customCloud.*).
 */
function v1AuthorityHost(): string | undefined {
  try {
    const s = readSettings();
    return s.cloudName === 'AzureCloud' ? undefined : s.cloud.authorityHost;
  } catch {
    return undefined;
  }
}

let assets: { script: string; style: string } | undefined;
/** The panel's script and style sheet, read once from the extension's own files and inlined. */
function panelAssets(extensionUri: vscode.Uri): { script: string; style: string } {
  assets ??= {
    script: readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'token.js').fsPath, 'utf8'),
    style: readFileSync(vscode.Uri.joinPath(extensionUri, 'media', 'token.css').fsPath, 'utf8'),
  };
  return assets;
}

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('entra.token');
}

export class TokenPanel extends Disposable {
  private content: PanelContent | undefined;
  private signature: SignatureVerdict | undefined;
  private verifying = false;
  private html: string | undefined;
  private env: RenderEnv | undefined;
  private readyWaiters: (() => void)[] = [];
  private ready = false;
  private autoVerified = false;
  private verification: Promise<SignatureVerdict | undefined> | undefined;
  private persisted: boolean | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly onDisposed: () => void,
  ) {
    super();
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
  }

  static create(extensionUri: vscode.Uri, onDisposed: () => void, existing?: vscode.WebviewPanel): TokenPanel {
    const panel =
      existing ??
      vscode.window.createWebviewPanel(TOKEN_VIEW_TYPE, vscode.l10n.t('Token'), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {});
    panel.webview.options = {
      enableScripts: true,
      // Script and style are inlined under the nonce: the webview loads nothing from disk.
      localResourceRoots: [],
    };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'entra.svg');
    return new TokenPanel(panel, extensionUri, onDisposed);
  }

  get visible(): boolean {
    return !this.isDisposed && this.panel.visible;
  }

  get lastHtml(): string | undefined {
    return this.html;
  }

  /** What the panel last asked the webview to save: true when the token, false when nothing. */
  get savedStateHoldsToken(): boolean | undefined {
    return this.persisted;
  }

  /** The verification running or last finished for the current token (undefined when none started). */
  whenVerified(): Promise<SignatureVerdict | undefined> {
    return this.verification ?? Promise.resolve(undefined);
  }

  /**
   * Tells the webview what to keep as its saved state: the token only when the user opted in to
   * restoring the panel (`entra.token.restorePanel`), otherwise nothing (any earlier state is cleared).
   */
  persist(): void {
    if (!this.content || this.isDisposed) return;
    const restore = settings().get<boolean>('restorePanel', false);
    this.persisted = restore;
    this.post({ type: 'persist', token: restore ? this.content.token : null });
  }

  /** Resolves when the webview has loaded the current document and said so. */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  show(content: PanelContent, preserveFocus = false): void {
    this.content = content;
    this.signature = content.analysis.signature;
    this.verifying = false;
    this.autoVerified = false;
    this.verification = undefined;
    const s = content.analysis.summary;
    this.panel.title = s.kind === 'access' ? vscode.l10n.t('Access token') : s.kind === 'id' ? vscode.l10n.t('ID token') : vscode.l10n.t('Token');
    this.render();
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Adds tenant links or effective permissions that arrived after the first render. */
  update(extra: Pick<PanelContent, 'links' | 'effective'>): void {
    if (!this.content) return;
    this.content = { ...this.content, ...extra };
    this.render();
  }

  private render(): void {
    if (!this.content) return;
    this.env = { nonce: randomBytes(18).toString('base64'), ...panelAssets(this.extensionUri) };
    this.html = renderTokenHtml(
      {
        analysis: this.content.analysis,
        signature: this.signature ?? this.content.analysis.signature,
        verifying: this.verifying,
        headerJson: this.content.headerJson,
        payloadJson: this.content.payloadJson,
        ...(this.content.links ? { links: this.content.links } : {}),
        ...(this.content.effective ? { effective: this.content.effective } : {}),
      },
      this.env,
    );
    this.ready = false;
    this.panel.webview.html = this.html;
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  /**
   * Handles one message as if the webview had sent it (untrusted: parsed and checked first).
   * Resolves to the outcome for `reveal` messages, undefined for the others.
   */
  receive(raw: unknown): Promise<RevealOutcome | undefined> {
    const message = parseFromWebview(raw);
    if (!message || !this.content) return Promise.resolve(undefined);
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        this.persist();
        if (!this.autoVerified && settings().get<boolean>('verifyAutomatically', false)) {
          this.autoVerified = true;
          void this.verify();
        }
        break;
      }
      case 'verify':
        void this.verify();
        break;
      case 'copy':
        void this.copy(message.what, message.claim);
        break;
      case 'reveal':
        return this.reveal(message.appId);
    }
    return Promise.resolve(undefined);
  }

  private onMessage(raw: unknown): void {
    void this.receive(raw);
  }

  /** The ids of the app registrations the current token is linked to (aud, azp/appid). */
  private linkedAppIds(): string[] {
    const links = this.content?.links;
    return [links?.audienceApp?.appId, links?.clientApp?.appId].filter((id): id is string => typeof id === 'string');
  }

  /**
   * "Reveal in Entra explorer": only for an app the panel shows as linked; the explorer looks in
   * the token's tenant first and says so itself when no signed-in tenant has the app.
   */
  private async reveal(appId: string): Promise<RevealOutcome> {
    const c = this.content;
    const wanted = appId.toLowerCase();
    const linked = this.linkedAppIds().find((id) => id.toLowerCase() === wanted);
    if (!c || linked === undefined) return { status: 'refused' };
    const tenant = c.analysis.summary.tenantId ?? undefined;
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand<unknown>(CommandId.revealApp, linked, tenant);
    } catch (err) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not reveal {0} in the Entra explorer: {1}', linked, err instanceof Error ? err.message : String(err)));
      result = undefined;
    }
    const outcome: RevealOutcome = isRevealedApp(result) ? { status: 'revealed', app: result } : { status: 'not-found', appId: linked };
    // The panel may show another token by now: only its own request gets a status line.
    if (this.content === c) this.post(outcome.status === 'revealed' ? { type: 'revealed', appId: linked, label: outcome.app.label } : { type: 'revealed', appId: linked });
    return outcome;
  }

  private async copy(what: 'header' | 'payload' | 'claim' | 'token', claim?: string): Promise<void> {
    const c = this.content;
    if (!c) return;
    let text: string | undefined;
    if (what === 'header') text = c.headerJson;
    else if (what === 'payload') text = c.payloadJson;
    else if (what === 'token') text = c.token;
    else if (claim !== undefined && Object.prototype.hasOwnProperty.call(c.analysis.payload, claim)) {
      const v = c.analysis.payload[claim];
      text = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
    }
    if (text === undefined) return;
    await vscode.env.clipboard.writeText(text);
    this.post(claim === undefined ? { type: 'copied', what } : { type: 'copied', what, claim });
  }

  /**
   * Checks the signature with the issuer's keys; the result updates the panel in place. While a
   * check runs, asking again resolves to the same verdict.
   */
  verify(): Promise<SignatureVerdict | undefined> {
    if (!this.content) return Promise.resolve(undefined);
    if (this.verifying && this.verification) return this.verification;
    this.verification = this.runVerification(this.content);
    return this.verification;
  }

  private async runVerification(c: PanelContent): Promise<SignatureVerdict | undefined> {
    this.verifying = true;
    this.post({ type: 'verifying' });
    const app = c.links?.audienceApp;
    const expected: ExpectedRegistration | undefined = app ? { audience: [app.appId, ...(app.identifierUris ?? [])] } : undefined;
    const authorityHost = v1AuthorityHost();
    const result = await verifyToken(c.token, { fetchJson: httpsFetchJson(), ...(expected ? { expected } : {}), ...(authorityHost ? { authorityHost } : {}) });
    if (this.content !== c) return undefined;
    this.verifying = false;
    this.signature = { status: result.status, reason: result.reason };
    // Keep the host copy in step with what the webview shows, without reloading it.
    this.html = renderTokenHtml(
      { analysis: c.analysis, signature: this.signature, headerJson: c.headerJson, payloadJson: c.payloadJson, ...(c.links ? { links: c.links } : {}), ...(c.effective ? { effective: c.effective } : {}) },
      this.env ?? { nonce: randomBytes(18).toString('base64'), ...panelAssets(this.extensionUri) },
    );
    this.post({ type: 'signature', status: result.status, reason: result.reason });
    return this.signature;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.content = undefined;
    this.html = undefined;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    super.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}
