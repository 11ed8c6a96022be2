// The workspace permission catalogue: each workspace folder's `.entra/catalog.json` (written by
// `entra-workbench catalog pull`), read when the folder opens and again whenever the file is
// created, changed or deleted, so the manifests of that folder are checked against the tenant's
// own APIs exactly as `entra-workbench lint` run in the folder checks them.
import * as vscode from 'vscode';
import { WORKSPACE_CATALOG_PATH, catalogFromFile, parseCatalogFile } from '../../core/manifest/catalogFile';
import type { PermissionCatalog } from '../../core/manifest/types';
import { errorText } from '../../core/graph/errors';

export class WorkspaceCatalogs implements vscode.Disposable {
  private readonly byFolder = new Map<string, PermissionCatalog>();
  /** Bumped on each read so that a slow older read never replaces a newer one. */
  private readonly generation = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires after a folder's catalogue was read again (or went away). */
  readonly onDidChange = this.changed.event;

  constructor() {
    // The `.entra` folder is watched too: when it is created together with the file (the first
    // `catalog pull`), the file's own event can be lost while the watcher has yet to follow the new
    // folder, and the folder's event is then the only one that arrives.
    const [dir, file] = WORKSPACE_CATALOG_PATH.split('/');
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${dir},${dir}/${file}}`);
    const reload = (uri: vscode.Uri): void => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) return;
      const own = catalogUri(folder);
      if (uri.toString() === own.toString() || uri.toString() === vscode.Uri.joinPath(own, '..').toString())
        void this.load(folder);
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) {
          this.byFolder.delete(f.uri.toString());
          this.generation.delete(f.uri.toString());
        }
        for (const f of e.added) void this.load(f);
        if (e.removed.length > 0) this.changed.fire();
      }),
    );
    for (const f of vscode.workspace.workspaceFolders ?? []) void this.load(f);
  }

  /** The catalogue of the workspace folder holding `uri`, if that folder has one. */
  catalogFor(uri: vscode.Uri): PermissionCatalog | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.byFolder.get(folder.uri.toString()) : undefined;
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    let catalog: PermissionCatalog | undefined;
    let problem: string | undefined;
    try {
      const bytes = await vscode.workspace.fs.readFile(catalogUri(folder));
      const parsed = parseCatalogFile(new TextDecoder().decode(bytes), vscode.l10n);
      if ('error' in parsed) problem = parsed.error;
      else catalog = catalogFromFile(parsed.file, undefined);
    } catch (err) {
      // No file: no catalogue. Any other failure is said, then the folder goes without one.
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound'))
        problem = errorText(err, vscode.l10n);
    }
    if (this.generation.get(key) !== generation) return;
    if (catalog) this.byFolder.set(key, catalog);
    else this.byFolder.delete(key);
    if (problem !== undefined)
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Entra: {0} of {1} is not used: {2}. Write it again with "entra-workbench catalog pull".',
          WORKSPACE_CATALOG_PATH,
          folder.name,
          problem,
        ),
      );
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function catalogUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...WORKSPACE_CATALOG_PATH.split('/'));
}
