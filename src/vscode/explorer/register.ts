/**
 * The tenant explorer: sign-in, the Tenants view, its commands, the `entra:` manifest documents
 * and the status bar item. Returns what the extension API exposes for tests and other extensions.
 */
import * as vscode from 'vscode';
import type { DeviceCodePrompt } from '../auth/credentials';
import type { SignInMethodItem } from '../auth/signInPick';
import { SignInManager, type SignInState, type TenantConnection } from '../auth/session';
import { CommandId } from '../commandIds';
import { registerCommandTable } from '../commandTable';
import { explorerCommands } from './commands';
import { ExplorerLinking, revealAppHandler, type TenantAwareLinker } from './linking';
import { ManifestProvider, manifestScheme } from './manifest';
import type { ExplorerNode } from './nodes';
import { EntraTreeProvider } from './provider';
import { graphErrorText } from '../../core/graph/errors';
import type { PermissionCatalog } from '../../core/manifest/types';
import type { WriteHost } from '../write/flow';

export interface ExplorerApi {
  /** The real tree data provider of the Tenants view. */
  readonly provider: {
    getChildren(node?: ExplorerNode): Promise<ExplorerNode[]>;
    getTreeItem(node: ExplorerNode): vscode.TreeItem;
    /** The provider's own change event (the nodes whose rows VS Code renders again). */
    readonly onDidChangeTreeData: vscode.Event<ExplorerNode | undefined | void>;
    /** Resolves when loads started by the tree have finished. */
    whenIdle(): Promise<void>;
    /** The Tenants view (selection, reveal). */
    readonly view: vscode.TreeView<ExplorerNode> | undefined;
    /** Refreshes a node, or the whole tree. */
    refresh(node?: ExplorerNode): void;
    /** Reveals a node; refreshes asked for meanwhile wait until it is done. */
    reveal(
      node: ExplorerNode,
      options: { select?: boolean; focus?: boolean; expand?: boolean | number },
    ): Promise<void>;
    /** True while a refresh waits for a reveal. */
    readonly holdsRefreshes: boolean;
  };
  /** Current sign-in state and an event when it changes. */
  readonly signInState: () => SignInState;
  readonly onDidChangeSignIn: vscode.Event<void>;
  /** The account status bar item's text and tooltip (Markdown source) while signed in. */
  readonly account: () => { text: string; tooltip: string } | undefined;
  /** Fires with the device code notification's message and buttons when it is shown. */
  readonly onDidShowDeviceCode: vscode.Event<DeviceCodePrompt>;
  /** Fires when the device code notification closes (sign-in completed, failed or cancelled). */
  readonly onDidCloseDeviceCode: vscode.Event<DeviceCodePrompt>;
  /** Fires with the items of "Entra: Sign In"'s quick pick of methods once it is on screen (the current method first). */
  readonly onDidShowSignInMethods: vscode.Event<readonly SignInMethodItem[]>;
  /** Configured tenants that could not be signed in to while others were, with why. */
  failures(): { tenant: string; code: string; message: string }[];
  /** The message shown on top of the Tenants view (sign-in error, signed out by a settings change, a retry's countdown). */
  viewMessage(): string | undefined;
  readonly onDidChangeViewMessage: vscode.Event<string | undefined>;
  /** Graph requests about to be retried ("retrying in N s"): throttled (429), unavailable (503/504), not replicated yet (404). */
  readonly onDidRetry: vscode.Event<{ status: number; attempt: number; delaySeconds: number; tenant: string }>;
  /** The Graph object a manifest document was built from (for comparing edits). */
  getOriginal(uri: vscode.Uri | string): Readonly<Record<string, unknown>> | undefined;
  /** The manifest most recently read from the tenant for an appId (local copies of tenant manifests). */
  getOriginalByAppId(appId: string): Readonly<Record<string, unknown>> | undefined;
  /** Links decoded tokens to app registrations of the signed-in tenants (the token's tenant first). */
  readonly tokenLinker: TenantAwareLinker;
  /** Permission names for a manifest from the tenant(s) (cached names only); undefined when signed out. */
  catalogFor(uri: vscode.Uri): PermissionCatalog | undefined;
  /** Fires when {@link catalogFor} may answer differently (sign-in, sign-out, names loaded). */
  readonly onDidChangeCatalog: vscode.Event<void>;
  /** The signed-in tenants (Graph access and tenant model each). */
  connections(): readonly TenantConnection[];
  /** What the write path needs: the signed-in tenants, and redrawing an app or the lists after a write. */
  readonly writeHost: WriteHost;
  /** Whether the Tenants view is visible, and an event when that changes. */
  viewVisible(): boolean;
  readonly onDidChangeViewVisibility: vscode.Event<vscode.TreeViewVisibilityChangeEvent>;
}

export function register(context: vscode.ExtensionContext): ExplorerApi {
  const manager = new SignInManager(context);
  context.subscriptions.push(manager);
  const provider = new EntraTreeProvider(manager);
  context.subscriptions.push(provider);
  const view = vscode.window.createTreeView('entra.tenants', { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  context.subscriptions.push(view);

  // Messages on the view: why sign-in failed or a settings change signed out; a retry's wait, counting down.
  const messageChanged = new vscode.EventEmitter<string | undefined>();
  context.subscriptions.push(messageChanged);
  const setMessage = (message: string | undefined): void => {
    if (view.message !== message) {
      view.message = message;
      messageChanged.fire(message);
    }
  };
  let countdown: ReturnType<typeof setInterval> | undefined;
  const stopCountdown = (): void => {
    if (countdown) {
      clearInterval(countdown);
      countdown = undefined;
    }
  };
  const showState = (): void => {
    if (countdown) {
      return;
    }
    setMessage(
      manager.state === 'error' && manager.lastError
        ? graphErrorText(manager.lastError, vscode.l10n)
        : manager.state === 'signedOut'
          ? manager.notice
          : undefined,
    );
  };
  context.subscriptions.push(manager.onDidChange(showState));
  context.subscriptions.push(
    manager.onDidRetry((e) => {
      let seconds = Math.max(1, Math.ceil(e.delaySeconds));
      const text = (s: number): string =>
        e.status === 429
          ? vscode.l10n.t('Microsoft Graph is throttling requests ({0}); retrying in {1} s…', e.status, s)
          : e.status === 404
            ? vscode.l10n.t(
                'Microsoft Graph does not have the object yet (replication after a change); retrying in {0} s…',
                s,
              )
            : vscode.l10n.t('Microsoft Graph is unavailable ({0}); retrying in {1} s…', e.status, s);
      stopCountdown();
      setMessage(text(seconds));
      // One tick a second while waiting; the timer ends with the wait.
      countdown = setInterval(() => {
        seconds -= 1;
        if (seconds > 0) {
          setMessage(text(seconds));
        } else {
          stopCountdown();
          showState();
        }
      }, 1000);
    }),
    { dispose: stopCountdown },
  );
  const signInPicks = new vscode.EventEmitter<readonly SignInMethodItem[]>();
  context.subscriptions.push(signInPicks);

  const manifests = new ManifestProvider(manager);
  context.subscriptions.push(
    manifests,
    vscode.workspace.registerTextDocumentContentProvider(manifestScheme, manifests),
  );

  const linking = new ExplorerLinking(manager, provider);
  context.subscriptions.push(linking);
  registerCommandTable(context, 'explorer', {
    ...explorerCommands(manager, provider, manifests, signInPicks),
    [CommandId.revealApp]: revealAppHandler(linking),
  });

  return {
    provider: {
      getChildren: (node?: ExplorerNode) => provider.getChildren(node),
      getTreeItem: (node: ExplorerNode) => provider.getTreeItem(node),
      onDidChangeTreeData: provider.onDidChangeTreeData,
      whenIdle: () => provider.whenIdle(),
      get view() {
        return provider.view;
      },
      refresh: (node?: ExplorerNode) => provider.refresh(node),
      reveal: (node, options) => provider.reveal(node, options),
      get holdsRefreshes() {
        return provider.holdsRefreshes;
      },
    },
    signInState: () => manager.state,
    onDidChangeSignIn: manager.onDidChange,
    account: () => manager.statusBarContent,
    onDidShowDeviceCode: manager.onDidShowDeviceCode,
    onDidCloseDeviceCode: manager.onDidCloseDeviceCode,
    onDidShowSignInMethods: signInPicks.event,
    failures: () => manager.failures.map((f) => ({ tenant: f.tenant, code: f.error.code, message: f.error.message })),
    viewMessage: () => view.message,
    onDidChangeViewMessage: messageChanged.event,
    onDidRetry: manager.onDidRetry,
    getOriginal: (uri) => manifests.getOriginal(uri),
    getOriginalByAppId: (appId) => manifests.getOriginalByAppId(appId),
    tokenLinker: linking.linker,
    catalogFor: (uri) => linking.catalogFor(uri),
    onDidChangeCatalog: linking.onDidChangeCatalog,
    connections: () => manager.connections,
    writeHost: {
      connections: () => manager.connections,
      // 1 request when the app's details were loaded (its node was expanded); else nothing to redraw.
      refreshApp: async (connection, app) => {
        if (connection.model.cachedDetails(app.id)) await connection.model.refreshApp(app);
        provider.refresh();
      },
      refreshLists: (connection) => {
        connection.model.resetList('all');
        connection.model.resetList('deleted');
        connection.model.resetList('owned');
        provider.refresh();
      },
      catalogFor: (uri) => linking.catalogFor(uri),
    },
    viewVisible: () => view.visible,
    onDidChangeViewVisibility: view.onDidChangeVisibility,
  };
}
