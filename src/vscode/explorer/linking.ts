/**
 * What the tenant explorer lends the other features: a token linker (aud, azp/appid → app
 * registrations of the signed-in tenants, preferring the token's tenant), the manifest language
 * service's permission catalogue built from the names the explorer has loaded, and
 * `entra.revealApp` (shows an app registration in the Tenants view).
 */
import * as vscode from 'vscode';
import type { PermissionCatalog } from '../../core/manifest/types';
import { tenantCatalog } from '../../core/tenant/catalog';
import { resolveAcrossTenants, type LinkTenant } from '../../core/tenant/linker';
import type { TenantModel } from '../../core/tenant/model';
import type { LinkedApp, TokenTenantLinker } from '../../core/token/linker';
import type { SignInManager } from '../auth/session';
import { Disposable } from '../util/dispose';
import { parseManifestUri } from './manifest';
import type { TenantNode } from './nodes';
import type { EntraTreeProvider } from './provider';
import { errorText } from '../../core/graph/errors';

/** A token linker that can be told the token's tenant (`tid`), tried first. */
export interface TenantAwareLinker extends TokenTenantLinker {
  forTenant(tid: string | null | undefined): TokenTenantLinker;
}

/** What `entra.revealApp` returns: where the app was shown, or undefined when no tenant has it. */
export interface RevealResult {
  readonly tenant: string;
  readonly appId: string;
  readonly label: string;
  readonly nodeId: string;
  /** The section shown expanded (e.g. `api`, `permissions`), when one was asked for and found. */
  readonly sectionNodeId?: string;
}

/** How long name arrivals are gathered before the manifest language service is told (one re-lint). */
const CATALOG_COALESCE_MS = 50;

function tenantIdOf(model: TenantModel): string {
  return model.organization?.id ?? model.tenantId;
}

export class ExplorerLinking extends Disposable {
  private readonly catalogChanged = this.register(new vscode.EventEmitter<void>());
  /** Fires when the catalogue may have changed (sign-in, sign-out, names loaded). */
  readonly onDidChangeCatalog = this.catalogChanged.event;
  private readonly watched = new WeakSet<TenantModel>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly manager: SignInManager,
    private readonly provider: EntraTreeProvider,
  ) {
    super();
    this.register(
      manager.onDidChange(() => {
        this.watchModels();
        this.catalogChanged.fire();
      }),
    );
    this.register({ dispose: () => this.timer && clearTimeout(this.timer) });
    this.watchModels();
  }

  private tenants(): LinkTenant[] {
    return this.manager.connections.map((c) => ({ tenantId: tenantIdOf(c.model), links: c.model.links }));
  }

  /** The linker the token decoder uses while signed in. */
  readonly linker: TenantAwareLinker = {
    resolveApp: (appIdOrUri: string): Promise<LinkedApp | undefined> =>
      resolveAcrossTenants(this.tenants(), appIdOrUri, undefined),
    forTenant: (tid) => ({ resolveApp: (appIdOrUri: string) => resolveAcrossTenants(this.tenants(), appIdOrUri, tid) }),
  };

  /**
   * Permission names for a manifest: `entra:` manifests use their tenant's names, other files the
   * names of every signed-in tenant; then the built-in catalogue. Undefined when signed out.
   */
  catalogFor(uri: vscode.Uri): PermissionCatalog | undefined {
    const connections = this.manager.connections;
    if (connections.length === 0) {
      return undefined;
    }
    const ref = parseManifestUri(uri);
    const own = ref ? this.manager.connection(ref.tenant) : undefined;
    return tenantCatalog((own ? [own] : connections).map((c) => c.model.names));
  }

  private watchModels(): void {
    for (const c of this.manager.connections) {
      if (this.watched.has(c.model)) {
        continue;
      }
      this.watched.add(c.model);
      const stop = c.model.onDidChange((change) => {
        if (change.kind === 'names') {
          this.scheduleCatalogChange();
        }
      });
      this.register({ dispose: stop });
    }
  }

  private scheduleCatalogChange(): void {
    if (this.timer) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.catalogChanged.fire();
    }, CATALOG_COALESCE_MS);
  }

  /**
   * Shows an app registration in the Tenants view: from the rows already loaded, else one search
   * request per tenant (the token's tenant first). Selects the row, or the app's `section`
   * (`api`, `permissions`, `roles`, … as the tree names them) expanded two levels.
   */
  async revealApp(appId: string, tenant?: string, section?: string): Promise<RevealResult | undefined> {
    const wanted = appId.trim().toLowerCase();
    if (!wanted) {
      return undefined;
    }
    const nodes = this.provider.tenantNodes();
    const preferred = tenant?.toLowerCase();
    const ordered = preferred
      ? [...nodes.filter((n) => this.matches(n, preferred)), ...nodes.filter((n) => !this.matches(n, preferred))]
      : nodes;
    for (const node of ordered) {
      const model = node.connection.model;
      let listNode = node.listNode('all');
      let entry = model.list('all').entries.find((e) => e.appId.toLowerCase() === wanted);
      if (!entry) {
        const found = model.searchList()?.entries.find((e) => e.appId.toLowerCase() === wanted);
        if (found) {
          listNode = node.listNode('search');
          entry = found;
        }
      }
      if (!entry) {
        try {
          const list = await this.provider.withProgress(vscode.l10n.t('Looking for {0}…', appId), () =>
            model.search(wanted),
          );
          entry = list.entries.find((e) => e.appId.toLowerCase() === wanted);
        } catch {
          entry = undefined;
        }
        listNode = node.listNode('search');
        listNode.searchText = wanted;
        this.provider.refresh(node);
      }
      if (!entry) {
        continue;
      }
      const appNode = listNode.appNode(entry);
      await this.provider.reveal(appNode, { select: true, focus: true, expand: false });
      const result = { tenant: tenantIdOf(model), appId: entry.appId, label: appNode.label, nodeId: appNode.id };
      if (section) {
        const sectionNode = (await appNode.getChildren()).find((n) => n.id === `${appNode.id}/${section}`);
        if (sectionNode) {
          await this.provider.reveal(sectionNode, { select: true, focus: true, expand: 2 });
          return { ...result, sectionNodeId: sectionNode.id };
        }
      }
      return result;
    }
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No app registration with client id {0} in the signed-in tenants.', appId),
    );
    return undefined;
  }

  private matches(node: TenantNode, tenant: string): boolean {
    return (
      node.connection.tenant.toLowerCase() === tenant || tenantIdOf(node.connection.model).toLowerCase() === tenant
    );
  }
}

/** `entra.revealApp`'s handler (internal: the token panel and tests call it with an appId). */
export function revealAppHandler(
  linking: ExplorerLinking,
): (appId?: unknown, tenant?: unknown, section?: unknown) => Promise<RevealResult | undefined> {
  return async function revealApp(appId, tenant, section) {
    if (typeof appId !== 'string') {
      return undefined;
    }
    try {
      return await linking.revealApp(
        appId,
        typeof tenant === 'string' ? tenant : undefined,
        typeof section === 'string' ? section : undefined,
      );
    } catch (err) {
      void vscode.window.showErrorMessage(errorText(err, vscode.l10n));
      return undefined;
    }
  };
}
