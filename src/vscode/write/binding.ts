/**
 * Which app a manifest in the editor is bound to (its `id`, else its `appId`, in a signed-in
 * tenant that knows it), and the version the edit started from (the base): kept per document in
 * memory, and beside the file as `x.manifest.base.json` when it was pulled (the same base copy
 * the command line's `pull` writes), so plans after a reload still detect conflicts.
 */
import { getNodeValue, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { baseFileOf } from '../../cli/tenant';
import type { AppRef } from '../../io/graph/writes';
import type { JsonObject } from '../../core/plan/types';
import type { TenantConnection } from '../auth/session';
import { manifestScheme, parseManifestUri } from '../explorer/manifest';

export interface ManifestIds {
  readonly id?: string;
  readonly appId?: string;
}

/** The manifest's object, or undefined when the text is not a JSON object. */
export function manifestValue(text: string): JsonObject | undefined {
  const root = parseTree(text.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true });
  const v: unknown = root ? getNodeValue(root) : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function idsOf(value: JsonObject | undefined): ManifestIds {
  const id = typeof value?.id === 'string' && value.id ? value.id : undefined;
  const appId = typeof value?.appId === 'string' && value.appId ? value.appId : undefined;
  return { ...(id ? { id } : {}), ...(appId ? { appId } : {}) };
}

export function refOf(ids: ManifestIds): AppRef | undefined {
  return ids.id ? { id: ids.id } : ids.appId ? { appId: ids.appId } : undefined;
}

/** A base copy file (never itself bound to an app). */
export function isBaseFile(uri: vscode.Uri): boolean {
  return /\.base\.json$/i.test(uri.path);
}

/**
 * The signed-in tenant a manifest belongs to: the `entra:` address's tenant, else the one whose
 * loaded apps include it, else the only one (a read tells whether the app is there).
 */
export function connectionFor(
  connections: readonly TenantConnection[],
  uri: vscode.Uri,
  ids: ManifestIds,
): TenantConnection | undefined {
  if (uri.scheme === manifestScheme) {
    const tenant = parseManifestUri(uri)?.tenant;
    return connections.find((c) => c.tenant === tenant || c.model.organization?.id === tenant);
  }
  const known = connections.find(
    (c) => (ids.appId && c.model.entryByAppId(ids.appId)) || (ids.id && c.model.entry(ids.id)),
  );
  return known ?? (connections.length === 1 ? connections[0] : undefined);
}

/** Whether an app the explorer has loaded matches the manifest (drift runs only for those). */
export function knownApp(connections: readonly TenantConnection[], ids: ManifestIds): TenantConnection | undefined {
  return connections.find((c) => (ids.appId && c.model.entryByAppId(ids.appId)) || (ids.id && c.model.entry(ids.id)));
}

export class BaseStore {
  private readonly bases = new Map<string, JsonObject>();

  /** The base of a document: remembered, else its base copy file, else undefined. */
  async get(uri: vscode.Uri): Promise<JsonObject | undefined> {
    const kept = this.bases.get(uri.toString());
    if (kept) return kept;
    if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') return undefined;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri.with({ path: baseFileOf(uri.path) }));
      const value = manifestValue(new TextDecoder().decode(bytes));
      if (value) this.bases.set(uri.toString(), value);
      return value;
    } catch {
      return undefined;
    }
  }

  /** Remembers a base (the tenant's value when the edit started, or what an apply wrote). */
  async set(uri: vscode.Uri, value: JsonObject, options: { writeFile: boolean }): Promise<void> {
    this.bases.set(uri.toString(), value);
    if (options.writeFile && uri.scheme === 'file') {
      await vscode.workspace.fs.writeFile(
        uri.with({ path: baseFileOf(uri.path) }),
        new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`),
      );
    }
  }

  /** Remembers a base only when the document has none yet. */
  async setIfMissing(uri: vscode.Uri, value: JsonObject): Promise<void> {
    if (!(await this.get(uri))) this.bases.set(uri.toString(), value);
  }

  async hasFile(uri: vscode.Uri): Promise<boolean> {
    try {
      await vscode.workspace.fs.stat(uri.with({ path: baseFileOf(uri.path) }));
      return true;
    } catch {
      return false;
    }
  }

  forget(uri: vscode.Uri): void {
    this.bases.delete(uri.toString());
  }
}
