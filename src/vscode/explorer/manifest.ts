/**
 * Read-only manifests of app registrations as virtual documents:
 * `entra:/{tenant}/{appId}/{displayName}.manifest.json`, the Graph-format object, pretty JSON.
 * The fetched object is remembered so the manifest language service can compare edits with it.
 */
import * as vscode from 'vscode';
import type { SignInManager } from '../auth/session';
import { ENTRA_URI_SCHEME } from '../../core/entra/uris';

export const manifestScheme = ENTRA_URI_SCHEME;

export function manifestUri(tenant: string, appId: string, displayName: string): vscode.Uri {
  const safe = (displayName || appId).replace(/[\\/:*?"<>|#%]+/g, '_').slice(0, 80);
  return vscode.Uri.from({
    scheme: manifestScheme,
    path: `/${encodeURIComponent(tenant)}/${encodeURIComponent(appId)}/${safe}.manifest.json`,
  });
}

export function parseManifestUri(uri: vscode.Uri): { tenant: string; appId: string } | undefined {
  const parts = uri.path.split('/').filter(Boolean);
  if (uri.scheme !== manifestScheme || parts.length < 3) {
    return undefined;
  }
  return { tenant: decodeURIComponent(parts[0]!), appId: decodeURIComponent(parts[1]!) };
}

export class ManifestProvider implements vscode.TextDocumentContentProvider {
  private readonly originals = new Map<string, Record<string, unknown>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly manager: SignInManager) {}

  async provideTextDocumentContent(uri: vscode.Uri, _token: vscode.CancellationToken): Promise<string> {
    const ref = parseManifestUri(uri);
    if (!ref) {
      throw new Error(vscode.l10n.t('Not an Entra manifest address: {0}', uri.toString()));
    }
    const connection = this.manager.connection(ref.tenant);
    if (!connection) {
      throw new Error(vscode.l10n.t('Sign in to {0} to open this manifest.', ref.tenant));
    }
    const id = await connection.model.objectIdOf(ref.appId);
    const manifest = await connection.model.fetchManifest(id);
    // Re-inserted so the most recent fetch of an app comes last (getOriginalByAppId).
    this.originals.delete(uri.toString());
    this.originals.set(uri.toString(), manifest);
    return `${JSON.stringify(manifest, null, 2)}\n`;
  }

  /** The object fetched from Graph for a manifest document (undefined if not opened). */
  getOriginal(uri: vscode.Uri | string): Readonly<Record<string, unknown>> | undefined {
    return this.originals.get(typeof uri === 'string' ? uri : uri.toString());
  }

  /** The object most recently fetched for the app with this appId (a local copy of its manifest). */
  getOriginalByAppId(appId: string): Readonly<Record<string, unknown>> | undefined {
    const wanted = appId.toLowerCase();
    let found: Record<string, unknown> | undefined;
    for (const manifest of this.originals.values()) {
      if (typeof manifest.appId === 'string' && manifest.appId.toLowerCase() === wanted) found = manifest;
    }
    return found;
  }

  /** Re-reads an open manifest. */
  reload(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
    this.originals.clear();
  }
}
