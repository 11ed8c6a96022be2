/** The workspace's permission mapping (`.entra/permissions.json`), read once and again when it changes. */
import * as vscode from 'vscode';
import { permissionMappingParser, type PermissionMapping, type PermissionMappingParse } from '../../core/token/linker';

export class PermissionMappingCache implements vscode.Disposable {
  private cached: Promise<PermissionMapping[]> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private settled = false;
  private parser: PermissionMappingParse | undefined;

  /** True when the workspace mapping is loaded and unchanged since (get() answers without a search). */
  get loaded(): boolean {
    return this.cached !== undefined && this.settled;
  }

  get(): Promise<PermissionMapping[]> {
    if (!this.cached) {
      if (!this.watcher) {
        // The folder too: created together with the file, its event may be the only one that arrives.
        this.watcher = vscode.workspace.createFileSystemWatcher('**/{.entra,.entra/permissions.json}');
        const reset = (): void => {
          this.cached = undefined;
          this.settled = false;
        };
        this.watcher.onDidChange(reset);
        this.watcher.onDidCreate(reset);
        this.watcher.onDidDelete(reset);
      }
      const loading = this.load();
      this.cached = loading;
      void loading.finally(() => {
        if (this.cached === loading) this.settled = true;
      });
    }
    return this.cached;
  }

  private async load(): Promise<PermissionMapping[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const files = await vscode.workspace.findFiles('**/.entra/permissions.json', '**/node_modules/**', 10);
    const mappings: PermissionMapping[] = [];
    for (const f of files) {
      try {
        const parse = (this.parser ??= permissionMappingParser(vscode.l10n));
        const parsed = parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(f)));
        if (parsed.ok) mappings.push(parsed.mapping);
        else
          void vscode.window.showWarningMessage(
            vscode.l10n.t('{0}: {1}', vscode.workspace.asRelativePath(f), parsed.message),
          );
      } catch {
        // unreadable file: ignore
      }
    }
    return mappings;
  }

  dispose(): void {
    this.watcher?.dispose();
  }
}
