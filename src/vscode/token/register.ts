// "Entra: Decode Token": finds a token (argument, selection, .jwt editor, clipboard, input box),
// explains it in the token panel, and offers a "Decode token" CodeLens and a summary hover on
// JWT-looking strings.
import * as vscode from 'vscode';
import type { SignatureVerdict, TokenAnalysis } from '../../core/token/analyze';
import { decodeToken } from '../../core/token/decode';
import { decodeTokenInput, type DecodeCommandResult } from '../../core/token/decodeUseCase';
import { extractToken, findJwtCandidates, looksLikeFilePath, looksLikeJwt } from '../../core/token/extract';
import { effectivePermissions, linkToken, type TokenLinks, type TokenTenantLinker } from '../../core/token/linker';
import { KeyCache } from '../../core/token/keyCache';
import { CommandId } from '../commandIds';
import { registerCommandTable } from '../commandTable';
import { HOVER_SELECTOR, JwtHoverProvider, type TokenLocation } from './hover';
import { panelAssetLoader } from './assets';
import { TOKEN_VIEW_TYPE, TokenPanel, type PanelContent, type RevealOutcome } from './panel';
import { PermissionMappingCache } from './mappings';
import { tokenTrust } from './trust';

export type { TokenLocation };

/** Documents larger than this get no CodeLens and no hover (keeps scanning cheap). */
const CODELENS_MAX_CHARS = 512 * 1024;
const MAX_LENSES = 50;
/**
 * Tenant links and the permission mapping that are already known (cached) go into the page;
 * anything that needs a request arrives later and updates the page in place.
 */
function settledNow<T>(promise: Promise<T>): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
}

export type { DecodeCommandResult };

/** What the in-host tests and other features can reach through the extension API. */
export interface TokenFeatureApi {
  /** The HTML last rendered into the token panel (undefined when no panel is open). */
  lastRenderedHtml(): string | undefined;
  /** Whether the token panel is open and visible. */
  isPanelVisible(): boolean;
  /** Resolves when the panel's webview has loaded its current content. */
  whenPanelReady(): Promise<void>;
  /** Where the panel's current page is scrolled to (CSS px from the top), as its webview last said. */
  panelScrollY(): number | undefined;
  /** Resolves with the next scroll position the current page reports (a new token's page reports 0 once it is at the top). */
  whenPanelScrollReported(): Promise<number>;
  /** When the current page was handed to VS Code and when the webview said it loaded (performance.now()). */
  pageTimes(): { readonly htmlSet: number; readonly ready?: number } | undefined;
  /** Resolves when the last decoded token's tenant links and effective permissions are in the panel. */
  whenSettled(): Promise<void>;
  /** Runs the panel's "Verify signature" step (what the button does) and resolves to the verdict. */
  verifyCurrent(): Promise<SignatureVerdict | undefined>;
  /**
   * Resolves to the verdict of the verification running or last finished for the panel's token
   * (started by the button or by `entra.token.verifyAutomatically`); undefined when none started.
   */
  whenVerified(): Promise<SignatureVerdict | undefined>;
  /**
   * What the panel last asked its webview to keep as saved state: true when the token (the
   * `entra.token.restorePanel` opt-in), false when nothing; undefined before the webview loaded.
   */
  savedStateHoldsToken(): boolean | undefined;
  /**
   * Runs the panel serializer on a new token panel with the given saved state, as VS Code does
   * after a reload; resolves to whether the panel was restored (false: it was closed again).
   */
  restoreFrom(state: unknown): Promise<boolean>;
  /**
   * Sends the panel the message its "Reveal in Entra explorer" button sends, through the same
   * handler; resolves to the outcome ('refused' when no panel is open or the id is not a linked app's).
   */
  revealFromPanel(appId: string): Promise<RevealOutcome>;
  /** Lets the tenant explorer link tokens to app registrations. */
  setTenantLinker(linker: TokenTenantLinker | undefined): void;
}

function isLocation(v: unknown): v is TokenLocation {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as TokenLocation).uri === 'string' &&
    typeof (v as TokenLocation).offset === 'number' &&
    typeof (v as TokenLocation).length === 'number'
  );
}

async function readArgument(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (isLocation(arg)) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri));
    return doc.getText().slice(arg.offset, arg.offset + arg.length);
  }
  if (arg instanceof vscode.Uri) {
    // The editor context menu passes the document: decode what is selected in it.
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.toString() === arg.toString() && !editor.selection.isEmpty)
      return editor.document.getText(editor.selection);
    const bytes = await vscode.workspace.fs.readFile(arg);
    return new TextDecoder().decode(bytes);
  }
  return undefined;
}

/** Argument, else selection, else a .jwt editor's text, else the clipboard when it holds a token (desktop), else ask. */
async function findInput(arg: unknown): Promise<string | undefined> {
  const fromArg = await readArgument(arg);
  if (fromArg !== undefined) return fromArg;
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const selected = editor.document.getText(editor.selection);
    if (selected.trim().length > 0) return selected;
    if (editor.document.languageId === 'jwt') return editor.document.getText();
  }
  // In VS Code for the Web, reading the clipboard asks the browser for permission and shows an
  // error toast when refused: skip it there. Elsewhere, never wait long for it.
  const clip =
    vscode.env.uiKind === vscode.UIKind.Web
      ? ''
      : await Promise.race([
          vscode.env.clipboard.readText().then(undefined, () => ''),
          new Promise<string>((r) => setTimeout(() => r(''), 500)),
        ]);
  if (clip.length > 0 && clip.length < 256 * 1024) {
    const ex = extractToken(clip);
    if (ex.ok && looksLikeJwt(ex.token)) return clip;
  }
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Decode Token'),
    prompt: vscode.l10n.t(
      'Paste a token, "Bearer …", an Authorization header or a redirect URL. It stays on this machine.',
    ),
    password: true,
    ignoreFocusOut: true,
    validateInput: validateTokenInput,
  });
}

/**
 * The input box's check of what was pasted: undefined when it decodes (or is still empty), else
 * why not. A file path gets its own message: the box takes the token itself, not where it is kept.
 */
function validateTokenInput(value: string): string | undefined {
  if (value.trim().length === 0) return undefined;
  const ex = extractToken(value, vscode.l10n);
  const d = ex.ok ? decodeToken(ex.token, vscode.l10n) : undefined;
  if (d?.ok) return undefined;
  if (looksLikeFilePath(value)) {
    return vscode.l10n.t(
      'This looks like a file path: paste the token itself. To decode a file, open it (a .jwt file, or select the token) and run Entra: Decode Token from its editor.',
    );
  }
  return ex.ok ? (d?.ok === false ? d.error.message : undefined) : ex.message;
}

/** A linker that can prefer the token's tenant (the explorer's does). */
type TenantAwareLinker = TokenTenantLinker & { forTenant?(tid: string | null): TokenTenantLinker };

async function extrasFor(
  analysis: TokenAnalysis,
  mappings: PermissionMappingCache,
  tenantLinker: TokenTenantLinker | undefined,
): Promise<Pick<PanelContent, 'links' | 'effective'>> {
  const aware = tenantLinker as TenantAwareLinker | undefined;
  const linker = aware?.forTenant ? aware.forTenant(analysis.summary.tenantId) : aware;
  const [links, maps] = await Promise.all([
    linker ? linkToken(analysis, linker).catch((): TokenLinks | undefined => undefined) : Promise.resolve(undefined),
    mappings.get().catch(() => []),
  ]);
  let effective;
  for (const m of maps) {
    effective = effectivePermissions(analysis, m);
    if (effective) break;
  }
  return { ...(links ? { links } : {}), ...(effective ? { effective } : {}) };
}

class JwtCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('entra.token').get<boolean>('codeLens', true)) return [];
    const text = document.getText();
    if (text.length > CODELENS_MAX_CHARS || text.indexOf('eyJ') < 0) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const c of findJwtCandidates(text)) {
      if (lenses.length >= MAX_LENSES) break;
      const d = decodeToken(text.slice(c.offset, c.offset + c.length));
      if (!d.ok && d.error.code !== 'encrypted') continue;
      const range = new vscode.Range(document.positionAt(c.offset), document.positionAt(c.offset + c.length));
      const location: TokenLocation = { uri: document.uri.toString(), offset: c.offset, length: c.length };
      lenses.push(
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('Decode token'),
          command: CommandId.decodeToken,
          arguments: [location],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function register(context: vscode.ExtensionContext): TokenFeatureApi {
  let panel: TokenPanel | undefined;
  /** Links decoded tokens to app registrations while signed in (set by the tenant explorer). */
  let tenantLinker: TokenTenantLinker | undefined;
  let settled: Promise<void> = Promise.resolve();
  const mappings = new PermissionMappingCache();
  /** Issuer metadata and signing keys fetched by Verify signature, kept while the extension runs. */
  const keys = new KeyCache();
  const assets = panelAssetLoader(context.extensionUri);
  const lenses = new JwtCodeLensProvider();
  const hovers = new JwtHoverProvider(CODELENS_MAX_CHARS);
  const ensurePanel = (kind: TokenAnalysis['summary']['kind'], existing?: vscode.WebviewPanel): TokenPanel => {
    if (!panel) {
      panel = TokenPanel.create(
        context.extensionUri,
        assets,
        () => {
          panel = undefined;
        },
        keys,
        existing,
        kind,
      );
    }
    return panel;
  };

  const show = async (input: string, existing?: vscode.WebviewPanel): Promise<DecodeCommandResult> => {
    const decoded = decodeTokenInput(input, { trust: tokenTrust(), l10n: vscode.l10n });
    if (!decoded.ok) {
      void vscode.window.showErrorMessage(decoded.error);
      return decoded.result;
    }
    const base = decoded.content;
    const analysis = base.analysis;
    // Open the panel before anything waits: VS Code starts building the webview frame at once.
    const target = ensurePanel(analysis.summary.kind, existing);
    if (!target.hasLoaded && (tenantLinker !== undefined || !mappings.loaded)) {
      // A new panel's first page: the workspace search for the mapping and the tenant requests
      // wait until the page has loaded, so they do not compete with VS Code building the webview
      // (measured: the search alone starts a worker in the workbench and keeps the extension host
      // busy while the page loads). Their results then update the page in place.
      const shown = target.show(base);
      settled = target.whenReady().then(async () => {
        if (panel !== target || target.closed) return;
        const late = await extrasFor(analysis, mappings, tenantLinker);
        if (panel === target && (late.links || late.effective)) target.update(late, shown);
      });
    } else {
      const extras = extrasFor(analysis, mappings, tenantLinker);
      const early = await settledNow(extras);
      if (target.closed) return { ok: false, error: vscode.l10n.t('The token panel was closed.') };
      const shown = target.show({ ...base, ...(early ?? {}) });
      settled =
        early === undefined
          ? extras.then((late) => {
              if (panel === target && (late.links || late.effective)) target.update(late, shown);
            })
          : Promise.resolve();
    }
    return decoded.result;
  };

  const deserialize = async (restored: vscode.WebviewPanel, state: unknown): Promise<void> => {
    const token = state !== null && typeof state === 'object' ? (state as { token?: unknown }).token : undefined;
    if (
      !vscode.workspace.getConfiguration('entra.token').get<boolean>('restorePanel', false) ||
      typeof token !== 'string' ||
      panel
    ) {
      restored.dispose();
      return;
    }
    const result = await show(token, restored);
    if (!result.ok) restored.dispose();
  };

  context.subscriptions.push(
    mappings,
    lenses,
    { dispose: () => panel?.dispose() },
    vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: 'untitled' }], lenses),
    vscode.languages.registerHoverProvider(HOVER_SELECTOR, hovers),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('entra.token.codeLens')) lenses.refresh();
      // Turning the opt-in off drops the token from the open panel's saved state at once.
      if (e.affectsConfiguration('entra.token.restorePanel')) panel?.persist();
    }),
    vscode.window.registerWebviewPanelSerializer(TOKEN_VIEW_TYPE, { deserializeWebviewPanel: deserialize }),
  );
  const decodeTokenCommand = async (arg?: unknown): Promise<DecodeCommandResult | undefined> => {
    const input = await findInput(arg);
    if (input === undefined || input.trim().length === 0) return undefined;
    return show(input);
  };
  registerCommandTable(context, 'token', {
    [CommandId.decodeToken]: decodeTokenCommand,
  });

  return {
    lastRenderedHtml: () => panel?.lastHtml,
    isPanelVisible: () => panel?.visible ?? false,
    whenPanelReady: () => panel?.whenReady() ?? Promise.resolve(),
    panelScrollY: () => panel?.scrollY,
    whenPanelScrollReported: () => panel?.whenScrollReported() ?? Promise.resolve(-1),
    pageTimes: () => panel?.pageTimes,
    whenSettled: () =>
      settled.then(async () => {
        await panel?.whenReady();
        await panel?.whenUpToDate();
      }),
    verifyCurrent: async () => panel?.verify(),
    whenVerified: async () => panel?.whenVerified(),
    savedStateHoldsToken: () => panel?.savedStateHoldsToken,
    restoreFrom: async (state: unknown): Promise<boolean> => {
      const restored = vscode.window.createWebviewPanel(
        TOKEN_VIEW_TYPE,
        vscode.l10n.t('Token'),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        {},
      );
      let closed = false;
      const watch = restored.onDidDispose(() => {
        closed = true;
      });
      try {
        await deserialize(restored, state);
      } finally {
        watch.dispose();
      }
      return !closed;
    },
    revealFromPanel: async (appId: string): Promise<RevealOutcome> =>
      (await panel?.receive({ type: 'reveal', appId })) ?? { status: 'refused' },
    setTenantLinker: (linker) => {
      tenantLinker = linker;
    },
  };
}
