// The manifest language service: diagnostics, hovers, completions, GUID lenses and quick fixes for
// app manifests, on top of (never instead of) VS Code's own JSON support.
import * as vscode from 'vscode';
import { builtInCatalog, combineCatalogs } from '../../core/manifest/catalog';
import { FeatureParses } from '../../core/manifest/features';
import type { PermissionCatalog } from '../../core/manifest/types';
import { ManifestDiagnostics, systemTimer, type Timer } from './diagnostics';
import { ManifestDocuments, readSettings, selector } from './documents';
import { manifestScheme } from '../explorer/manifest';
import { WorkspaceCatalogs } from './workspaceCatalog';
import {
  GuidLensProvider,
  ManifestCodeActionProvider,
  ManifestCompletionProvider,
  ManifestHoverProvider,
} from './providers';

/** What the feature offers other features (the explorer) and the in-host tests. */
export interface ManifestFeatureApi {
  /** Supplies permission names for a document (e.g. from the signed-in tenant); undefined = built-in catalogue. */
  setCatalogProvider(provider: ((uri: vscode.Uri) => PermissionCatalog | undefined) | undefined): void;
  /**
   * Supplies the application as last read from the tenant ("disable first" checks): for `entra:`
   * manifests by address, for local copies by the manifest's appId.
   */
  setOriginalProvider(provider: ((uri: vscode.Uri, appId: string | undefined) => unknown) | undefined): void;
  /** Fires after a document's diagnostics were published. */
  readonly onDidLint: vscode.Event<vscode.Uri>;
  /** Fires after a workspace folder's .entra/catalog.json was read again (and open manifests re-linted). */
  readonly onDidReadWorkspaceCatalog: vscode.Event<void>;
}

export interface RegisterOptions {
  /** The debounce timer (tests inject their own). */
  readonly timer?: Timer;
}

export function register(context: vscode.ExtensionContext, options: RegisterOptions = {}): ManifestFeatureApi {
  let catalogProvider: ((uri: vscode.Uri) => PermissionCatalog | undefined) | undefined;
  let originalProvider: ((uri: vscode.Uri, appId: string | undefined) => unknown) | undefined;
  // The workspace folder's .entra/catalog.json first (what `lint` in that folder uses too), then
  // the provider's (the signed-in tenant's names), else the built-in catalogue.
  const workspaceCatalogs = new WorkspaceCatalogs();
  const catalogRead = new vscode.EventEmitter<void>();
  const catalog = (uri: vscode.Uri): PermissionCatalog | undefined => {
    const own = workspaceCatalogs.catalogFor(uri);
    const provided = catalogProvider?.(uri);
    return own ? combineCatalogs(own, provided ?? builtInCatalog()) : provided;
  };
  const documents = new ManifestDocuments(readSettings());
  const timer = options.timer ?? systemTimer;
  const diagnostics = new ManifestDiagnostics(
    documents,
    { catalog, original: (uri, appId) => originalProvider?.(uri, appId) },
    timer,
  );
  /** The last manifest text parsed for hovers, completions and lenses (they ask about the same version). */
  const parses = new FeatureParses();
  const lenses = new GuidLensProvider(documents, catalog, parses);

  const relintOpen = (): void => {
    for (const document of vscode.workspace.textDocuments) diagnostics.lintNow(document);
    lenses.refresh();
  };

  context.subscriptions.push(
    workspaceCatalogs,
    workspaceCatalogs.onDidChange(() => {
      relintOpen();
      catalogRead.fire();
    }),
    catalogRead,
    diagnostics,
    lenses,
    vscode.languages.registerHoverProvider(selector, new ManifestHoverProvider(documents, catalog, parses)),
    vscode.languages.registerCompletionItemProvider(
      selector,
      new ManifestCompletionProvider(documents, catalog, parses),
      '"',
    ),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerCodeActionsProvider(
      selector,
      new ManifestCodeActionProvider(diagnostics),
      ManifestCodeActionProvider.metadata,
    ),
    vscode.workspace.onDidOpenTextDocument((document) => diagnostics.lintNow(document)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) diagnostics.schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.clear(document.uri)),
    // A manifest read from the tenant is a read-only view: its problems go with its last tab (VS Code
    // closes the document itself much later) and come back when a tab shows it again.
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.closed) {
        const uri = tenantManifestOf(tab);
        if (uri && !isShown(uri)) diagnostics.clear(uri);
      }
      for (const tab of e.opened) {
        const uri = tenantManifestOf(tab);
        const document = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document && !diagnostics.stateOf(document)) diagnostics.lintNow(document);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('entra.manifest')) {
        documents.update(readSettings());
        relintOpen();
      }
    }),
  );
  // Documents already open: lint right after activation, not during it.
  timer.set(relintOpen, 0);

  return {
    setCatalogProvider(provider) {
      catalogProvider = provider;
      relintOpen();
    },
    setOriginalProvider(provider) {
      originalProvider = provider;
      relintOpen();
    },
    onDidLint: diagnostics.onDidLint,
    onDidReadWorkspaceCatalog: catalogRead.event,
  };
}

/** The `entra:` manifest a tab shows, if any. */
function tenantManifestOf(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  return input instanceof vscode.TabInputText && input.uri.scheme === manifestScheme ? input.uri : undefined;
}

function isShown(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
  );
}
