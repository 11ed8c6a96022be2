// The token panel: one webview panel, reused. HTML is rendered on the host (./html) and the
// webview script only sends typed messages back. The token lives in memory while the panel is open
// and is never logged or stored (unless the user opts in to restoring the panel).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SignatureVerdict, TokenAnalysis } from '../../core/token/analyze';
import { visible } from '../../core/text/visible';
import {
  copyText,
  initialPanelState,
  needsLinksPosted,
  panelReducer,
  revealTarget,
  scrollY,
  upToDate,
  type CopyWhat,
  type PanelContent,
  type PanelEvent,
  type PanelState,
} from '../../core/token/panelState';
import { parseFromWebview, type ToWebviewMessage } from '../../core/token/protocol';
import { verifyToken, type ExpectedRegistration, type KeyCache } from '../../core/token/verify';
import { Disposable } from '../util/dispose';
import type { PanelAssets } from './assets';
import { revealLinkedApp, type RevealOutcome } from './reveal';
import { trustPolicy } from '../../core/token/trust';
import { httpsFetchJson } from './fetch';
import { tokenTrust } from './trust';
import { panelTitle, type RenderEnv, type RenderInput, renderLinkedFragments, renderTokenHtml } from './html';

export const TOKEN_VIEW_TYPE = 'entra.token';

export type { PanelContent } from '../../core/token/panelState';
export type { RevealedApp, RevealOutcome } from './reveal';

type TokenKind = TokenAnalysis['summary']['kind'];

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('entra.token');
}

/**
 * The token panel: renders the state of core/token/panelState.ts (a reducer) and posts it to the
 * webview; promises that wait for the webview and the timing of pages live here.
 */
export class TokenPanel extends Disposable {
  private state: PanelState = initialPanelState;
  private html: string | undefined;
  private env: RenderEnv | undefined;
  private readyWaiters: (() => void)[] = [];
  private updateWaiters: { version: number; resolve: () => void }[] = [];
  /** When (performance.now()) the current page was handed to VS Code and when it said it was ready. */
  private times: { htmlSet: number; ready?: number } | undefined;
  private verification: Promise<SignatureVerdict | undefined> | undefined;
  private persisted: boolean | undefined;
  /** Who waits for the page's answer to `top`. */
  private scrollWaiters: ((y: number) => void)[] = [];

  /** Applies an event; resolves who waits for the webview to show a version. */
  private dispatch(event: PanelEvent): PanelState {
    this.state = panelReducer(this.state, event);
    const waiting = this.updateWaiters;
    this.updateWaiters = waiting.filter((w) => w.version > this.state.shownVersion);
    for (const w of waiting) if (w.version <= this.state.shownVersion) w.resolve();
    return this.state;
  }

  /** The panel's state (read-only; for tests of the adapter). */
  get current(): PanelState {
    return this.state;
  }

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly assets: () => PanelAssets,
    private readonly onDisposed: () => void,
    private readonly keys: KeyCache,
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
    assets: () => PanelAssets,
    onDisposed: () => void,
    keys: KeyCache,
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
    return new TokenPanel(panel, assets, onDisposed, keys);
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
    const content = this.state.content;
    if (!content || this.isDisposed) return;
    const restore = settings().get<boolean>('restorePanel', false);
    this.persisted = restore;
    this.post({ type: 'persist', token: restore ? content.token : null });
  }

  /** Where the current page is scrolled to, as the webview last said (undefined before it said so). */
  get scrollY(): number | undefined {
    return scrollY(this.state);
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
    return this.state.loadedOnce;
  }

  /** Resolves when the webview has loaded the current document and said so. */
  whenReady(): Promise<void> {
    if (this.state.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Resolves when the webview shows the latest content, including links that arrived after the page. */
  whenUpToDate(): Promise<void> {
    if (this.isDisposed || upToDate(this.state)) return Promise.resolve();
    const version = this.state.version;
    return new Promise((resolve) => this.updateWaiters.push({ version, resolve }));
  }

  /** Shows a token; returns the number to pass to `update` with links that arrive later. */
  show(content: PanelContent, preserveFocus = false): number {
    // A panel just created is already in front; one showing an earlier token is brought there.
    const reused = this.state.content !== undefined;
    this.dispatch({ type: 'show', content });
    this.verification = undefined;
    const title = panelTitle(content.analysis.summary.kind);
    // Unchanged titles are not sent again (each change is a round trip to the workbench).
    if (this.panel.title !== title) this.panel.title = title;
    this.render();
    if (reused) this.panel.reveal(undefined, preserveFocus);
    return this.state.shows;
  }

  /**
   * Adds tenant links or effective permissions that arrived after the page: the webview replaces
   * those parts in place (a new page would reload the frame and cost the user a flash and ~100 ms).
   */
  update(extra: Pick<PanelContent, 'links' | 'effective'>, show: number): void {
    const before = this.state;
    if (!this.env || this.dispatch({ type: 'linked', extra, show }) === before) return;
    // The host copy follows, so the page reopened or restored later is complete.
    this.html = renderTokenHtml(this.renderInput(), this.env);
    // Before the page has loaded, its "ready" sends the update (see receive).
    if (this.state.ready) this.postLinks();
  }

  private renderInput(): RenderInput {
    const { content, signature, verifying } = this.state;
    if (!content) throw new Error('no token shown');
    return {
      analysis: content.analysis,
      signature: signature ?? content.analysis.signature,
      verifying,
      ...(content.links ? { links: content.links } : {}),
      ...(content.effective ? { effective: content.effective } : {}),
    };
  }

  private postLinks(): void {
    if (!this.state.content) return;
    this.post({ type: 'links', version: this.state.version, ...renderLinkedFragments(this.renderInput()) });
  }

  private render(): void {
    if (!this.state.content) return;
    this.dispatch({ type: 'pageSet' });
    this.env = {
      nonce: randomBytes(18).toString('base64'),
      doc: this.state.doc,
      ...this.assets(),
      language: vscode.env.language,
      ...(vscode.l10n.bundle ? { strings: vscode.l10n.bundle } : {}),
    };
    this.html = renderTokenHtml(this.renderInput(), this.env);
    this.times = { htmlSet: performance.now() };
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
    if (!message || !this.state.content) return Promise.resolve(undefined);
    switch (message.type) {
      case 'ready': {
        const before = this.state;
        if (this.dispatch({ type: 'ready', doc: message.doc }) === before) break;
        // A new token starts at the top (VS Code would keep the previous page's scroll position).
        this.post({ type: 'top' });
        if (this.times) this.times.ready = performance.now();
        if (needsLinksPosted(this.state)) this.postLinks();
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        this.persist();
        if (!this.state.autoVerified && settings().get<boolean>('verifyAutomatically', false)) {
          this.dispatch({ type: 'autoVerify' });
          void this.verify();
        }
        break;
      }
      case 'updated':
        this.dispatch({ type: 'updated', version: message.version });
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
        // Reports of pages replaced since are ignored.
        if (message.doc === this.state.doc) {
          this.dispatch({ type: 'scrolled', doc: message.doc, y: message.y });
          for (const resolve of this.scrollWaiters.splice(0)) resolve(message.y);
        }
        break;
    }
    return Promise.resolve(undefined);
  }

  private onMessage(raw: unknown): void {
    void this.receive(raw);
  }

  /**
   * "Reveal in Entra explorer": only for an app the panel shows as linked; the explorer looks in
   * the token's tenant first and says so itself when no signed-in tenant has the app.
   */
  private async reveal(appId: string): Promise<RevealOutcome> {
    const c = this.state.content;
    const shown = this.state.shows;
    const linked = revealTarget(this.state, appId);
    if (!c || linked === undefined) return { status: 'refused' };
    const tenant = c.analysis.summary.tenantId ?? undefined;
    const outcome = await revealLinkedApp(linked, tenant);
    // The panel may show another token by now: only its own request gets a status line.
    if (this.state.content && this.state.shows === shown)
      this.post(
        outcome.status === 'revealed'
          ? { type: 'revealed', appId: linked, label: visible(outcome.app.label) }
          : { type: 'revealed', appId: linked },
      );
    return outcome;
  }

  private async copy(what: CopyWhat, claim?: string): Promise<void> {
    const text = copyText(this.state, what, claim);
    if (text === undefined) return;
    await vscode.env.clipboard.writeText(text);
    this.post(claim === undefined ? { type: 'copied', what } : { type: 'copied', what, claim });
  }

  /**
   * Checks the signature with the issuer's keys; the result updates the panel in place. While a
   * check runs, asking again resolves to the same verdict.
   */
  verify(): Promise<SignatureVerdict | undefined> {
    const content = this.state.content;
    if (!content) return Promise.resolve(undefined);
    if (this.state.verifying && this.verification) return this.verification;
    this.verification = this.runVerification(content);
    return this.verification;
  }

  private async runVerification(c: PanelContent): Promise<SignatureVerdict | undefined> {
    // Links arriving meanwhile replace the content object but not the token: the verdict is kept
    // unless another token is shown by then.
    const shown = this.state.shows;
    this.dispatch({ type: 'verifyStarted' });
    this.post({ type: 'verifying' });
    const app = c.links?.audienceApp;
    const expected: ExpectedRegistration | undefined = app
      ? { audience: [app.appId, ...(app.identifierUris ?? [])] }
      : undefined;
    // Keys come only from the configured cloud's authorities and explicitly trusted issuers (v1
    // issuers, https://sts.windows.net/{tenant}/, use the configured cloud's authority).
    const trust = tokenTrust();
    let result: Awaited<ReturnType<typeof verifyToken>>;
    try {
      result = await verifyToken(c.token, {
        fetchJson: httpsFetchJson(undefined, trustPolicy(trust)),
        cache: this.keys,
        ...(expected ? { expected } : {}),
        ...trust,
        l10n: vscode.l10n,
      });
    } catch (err) {
      this.dispatch({ type: 'verifyFailed', show: shown });
      throw err;
    }
    const before = this.state;
    const verdict: SignatureVerdict = {
      status: result.status,
      reason: result.reason,
      ...(result.retryable ? { retryable: true } : {}),
    };
    if (this.dispatch({ type: 'verifyFinished', show: shown, verdict }) === before) return undefined;
    // Keep the host copy in step with what the webview shows, without reloading it.
    if (this.env) this.html = renderTokenHtml(this.renderInput(), this.env);
    // The webview shows the reason as text: invisible characters (from the token's issuer) are marked.
    this.post({
      type: 'signature',
      status: result.status,
      reason: visible(result.reason),
      ...(result.retryable ? { retryable: true } : {}),
    });
    return this.state.signature;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.dispatch({ type: 'closed' });
    this.html = undefined;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    for (const w of this.updateWaiters.splice(0)) w.resolve();
    super.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}
