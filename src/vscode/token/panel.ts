// The token panel: one webview panel, reused. HTML is rendered on the host (./html) and the
// webview script only sends typed messages back. The token lives in memory while the panel is open
// and is never logged or stored (unless the user opts in to restoring the panel).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SignatureVerdict, TokenAnalysis } from '../../core/token/analyze';
import type { EffectivePermissions, TokenLinks } from '../../core/token/linker';
import { copyableJson } from '../../core/text/boundedJson';
import { visible } from '../../core/text/visible';
import { parseFromWebview, type ToWebviewMessage } from '../../core/token/protocol';
import { verifyToken, type ExpectedRegistration } from '../../core/token/verify';
import { CommandId } from '../commandIds';
import { Disposable } from '../util/dispose';
import { trustPolicy } from '../../core/token/trust';
import { httpsFetchJson } from './fetch';
import { tokenTrust } from './trust';
import { type RenderEnv, type RenderInput, renderLinkedFragments, renderTokenHtml } from './html';

export const TOKEN_VIEW_TYPE = 'entra.token';

export interface PanelContent {
  readonly token: string;
  readonly analysis: TokenAnalysis;
  /** What "Copy header JSON" and "Copy payload JSON" copy (see copyableJson). */
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
  return (
    typeof r.tenant === 'string' &&
    typeof r.appId === 'string' &&
    typeof r.label === 'string' &&
    typeof r.nodeId === 'string'
  );
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

type TokenKind = TokenAnalysis['summary']['kind'];

function panelTitle(kind: TokenKind | undefined): string {
  return kind === 'access'
    ? vscode.l10n.t('Access token')
    : kind === 'id'
      ? vscode.l10n.t('ID token')
      : vscode.l10n.t('Token');
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
  private loadedOnce = false;
  /** The number of the page last set as the webview's HTML (its "ready" echoes it). */
  private doc = 0;
  /** Bumped on every change of content; the page or an in-place update carries it to the webview. */
  private version = 0;
  /** The content version the current page was rendered with. */
  private docVersion = 0;
  /** The content version the webview shows (page loaded or in-place update acknowledged). */
  private shownVersion = -1;
  private updateWaiters: { version: number; resolve: () => void }[] = [];
  /** Counts the tokens shown; late links name the one they belong to. */
  private shows = 0;
  /** When (performance.now()) the current page was handed to VS Code and when it said it was ready. */
  private times: { htmlSet: number; ready?: number } | undefined;
  private autoVerified = false;
  private verification: Promise<SignatureVerdict | undefined> | undefined;
  private persisted: boolean | undefined;
  /** Where the current page said it is scrolled to, and who waits for its answer to `top`. */
  private scroll: { doc: number; y: number } | undefined;
  private scrollWaiters: ((y: number) => void)[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly onDisposed: () => void,
  ) {
    super();
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
  }

  /**
   * Opens the panel (or adopts one VS Code restored). `kind` names the first token's kind, so the
   * tab gets its final title at creation rather than a second update while the webview loads.
   */
  static create(
    extensionUri: vscode.Uri,
    onDisposed: () => void,
    existing?: vscode.WebviewPanel,
    kind?: TokenKind,
  ): TokenPanel {
    const options: vscode.WebviewPanelOptions & vscode.WebviewOptions = {
      enableScripts: true,
      // Script and style are inlined under the nonce: the webview loads nothing from disk.
      localResourceRoots: [],
    };
    // Options are given at creation: changing them afterwards makes VS Code redo the frame.
    const panel =
      existing ??
      vscode.window.createWebviewPanel(
        TOKEN_VIEW_TYPE,
        panelTitle(kind),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        options,
      );
    if (existing) panel.webview.options = options;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'entra.svg');
    return new TokenPanel(panel, extensionUri, onDisposed);
  }

  /** When the current page was set and when it loaded (performance.now(); for the timing test). */
  get pageTimes(): { readonly htmlSet: number; readonly ready?: number } | undefined {
    return this.times;
  }

  /** True once the user closed the panel (or it was disposed). */
  get closed(): boolean {
    return this.isDisposed;
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

  /** Where the current page is scrolled to, as the webview last said (undefined before it said so). */
  get scrollY(): number | undefined {
    return this.scroll?.doc === this.doc ? this.scroll.y : undefined;
  }

  /**
   * Resolves with the next scroll position reported by the page shown at that time (a new token's
   * page answers `top` once loaded); reports of pages replaced since are ignored.
   */
  whenScrollReported(): Promise<number> {
    return new Promise((resolve) => this.scrollWaiters.push(resolve));
  }

  /** True once any page of this panel has loaded (the webview frame exists and answers). */
  get hasLoaded(): boolean {
    return this.loadedOnce;
  }

  /** Resolves when the webview has loaded the current document and said so. */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Resolves when the webview shows the latest content, including links that arrived after the page. */
  whenUpToDate(): Promise<void> {
    if (this.isDisposed || this.shownVersion >= this.version) return Promise.resolve();
    const version = this.version;
    return new Promise((resolve) => this.updateWaiters.push({ version, resolve }));
  }

  /** Shows a token; returns the number to pass to `update` with links that arrive later. */
  show(content: PanelContent, preserveFocus = false): number {
    // A panel just created is already in front; one showing an earlier token is brought there.
    const reused = this.content !== undefined;
    this.shows++;
    this.content = content;
    this.version++;
    this.signature = content.analysis.signature;
    this.verifying = false;
    this.autoVerified = false;
    this.verification = undefined;
    const title = panelTitle(content.analysis.summary.kind);
    // Unchanged titles are not sent again (each change is a round trip to the workbench).
    if (this.panel.title !== title) this.panel.title = title;
    this.render();
    if (reused) this.panel.reveal(undefined, preserveFocus);
    return this.shows;
  }

  /**
   * Adds tenant links or effective permissions that arrived after the page: the webview replaces
   * those parts in place (a new page would reload the frame and cost the user a flash and ~100 ms).
   */
  update(extra: Pick<PanelContent, 'links' | 'effective'>, show: number): void {
    // Links of a token the panel no longer shows are dropped.
    if (!this.content || !this.env || show !== this.shows) return;
    this.content = { ...this.content, ...extra };
    this.version++;
    // The host copy follows, so the page reopened or restored later is complete.
    this.html = renderTokenHtml(this.renderInput(this.content), this.env);
    // Before the page has loaded, its "ready" sends the update (see receive).
    if (this.ready) this.postLinks();
  }

  private renderInput(c: PanelContent): RenderInput {
    return {
      analysis: c.analysis,
      signature: this.signature ?? c.analysis.signature,
      verifying: this.verifying,
      ...(c.links ? { links: c.links } : {}),
      ...(c.effective ? { effective: c.effective } : {}),
    };
  }

  private postLinks(): void {
    if (!this.content) return;
    this.post({ type: 'links', version: this.version, ...renderLinkedFragments(this.renderInput(this.content)) });
  }

  private render(): void {
    if (!this.content) return;
    this.doc++;
    this.env = {
      nonce: randomBytes(18).toString('base64'),
      doc: this.doc,
      ...panelAssets(this.extensionUri),
      language: vscode.env.language,
      ...(vscode.l10n.bundle ? { strings: vscode.l10n.bundle } : {}),
    };
    this.html = renderTokenHtml(this.renderInput(this.content), this.env);
    this.ready = false;
    this.docVersion = this.version;
    this.times = { htmlSet: performance.now() };
    this.panel.webview.html = this.html;
  }

  private shown(version: number): void {
    if (version > this.shownVersion) this.shownVersion = version;
    const waiting = this.updateWaiters;
    this.updateWaiters = waiting.filter((w) => w.version > this.shownVersion);
    for (const w of waiting) if (w.version <= this.shownVersion) w.resolve();
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
        // A page replaced before it loaded may still say "ready": only the current one counts.
        if (message.doc !== this.doc) break;
        this.ready = true;
        this.loadedOnce = true;
        // A new token starts at the top (VS Code would keep the previous page's scroll position).
        this.post({ type: 'top' });
        if (this.times) this.times.ready = performance.now();
        this.shown(this.docVersion);
        if (this.docVersion < this.version) this.postLinks();
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        this.persist();
        if (!this.autoVerified && settings().get<boolean>('verifyAutomatically', false)) {
          this.autoVerified = true;
          void this.verify();
        }
        break;
      }
      case 'updated':
        if (message.version <= this.version) this.shown(message.version);
        break;
      case 'verify':
        void this.verify();
        break;
      case 'copy':
        void this.copy(message.what, message.claim);
        break;
      case 'reveal':
        return this.reveal(message.appId);
      case 'scrolled':
        if (message.doc === this.doc) {
          this.scroll = { doc: message.doc, y: message.y };
          for (const resolve of this.scrollWaiters.splice(0)) resolve(message.y);
        }
        break;
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
    const shown = this.shows;
    const wanted = appId.toLowerCase();
    const linked = this.linkedAppIds().find((id) => id.toLowerCase() === wanted);
    if (!c || linked === undefined) return { status: 'refused' };
    const tenant = c.analysis.summary.tenantId ?? undefined;
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand<unknown>(CommandId.revealApp, linked, tenant);
    } catch (err) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Could not reveal {0} in the Entra explorer: {1}',
          linked,
          err instanceof Error ? err.message : String(err),
        ),
      );
      result = undefined;
    }
    const outcome: RevealOutcome = isRevealedApp(result)
      ? { status: 'revealed', app: result }
      : { status: 'not-found', appId: linked };
    // The panel may show another token by now: only its own request gets a status line.
    if (this.content && this.shows === shown)
      this.post(
        outcome.status === 'revealed'
          ? { type: 'revealed', appId: linked, label: visible(outcome.app.label) }
          : { type: 'revealed', appId: linked },
      );
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
      text = typeof v === 'string' ? v : copyableJson(v);
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
    // Links arriving meanwhile replace the content object but not the token: the verdict is kept
    // unless another token is shown by then.
    const shown = this.shows;
    this.verifying = true;
    this.post({ type: 'verifying' });
    const app = c.links?.audienceApp;
    const expected: ExpectedRegistration | undefined = app
      ? { audience: [app.appId, ...(app.identifierUris ?? [])] }
      : undefined;
    // Keys come only from the configured cloud's authorities and explicitly trusted issuers (v1
    // issuers, https://sts.windows.net/{tenant}/, use the configured cloud's authority).
    const trust = tokenTrust();
    const result = await verifyToken(c.token, {
      fetchJson: httpsFetchJson(undefined, trustPolicy(trust)),
      ...(expected ? { expected } : {}),
      ...trust,
    });
    const now = this.content;
    if (!now || this.shows !== shown) return undefined;
    this.verifying = false;
    this.signature = { status: result.status, reason: result.reason, ...(result.retryable ? { retryable: true } : {}) };
    // Keep the host copy in step with what the webview shows, without reloading it.
    if (this.env) this.html = renderTokenHtml(this.renderInput(now), this.env);
    // The webview shows the reason as text: invisible characters (from the token's issuer) are marked.
    this.post({
      type: 'signature',
      status: result.status,
      reason: visible(result.reason),
      ...(result.retryable ? { retryable: true } : {}),
    });
    return this.signature;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.content = undefined;
    this.html = undefined;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    for (const w of this.updateWaiters.splice(0)) w.resolve();
    super.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}
