/** Commands of the tenant explorer (ids in ../commandIds.ts, declared in package.json): a command table. */
import * as vscode from 'vscode';
import { adminCenterAppLink } from '../../core/entra/clouds';
import { graphErrorText, toGraphError } from '../../core/graph/errors';
import { accountSignInUnavailable } from '../auth/credentials';
import { accountLabel, type SignInManager } from '../auth/session';
import { readSettings, type SignInMethod } from '../auth/settings';
import { pickMethod, settingsFor, writeSettings, type SignInArgs, type SignInMethodItem } from '../auth/signInPick';
import { CommandId } from '../commandIds';
import type { CommandTable } from '../commandTable';
import { manifestUri, type ManifestProvider } from './manifest';
import { AppNode, ErrorNode, ExplorerNode, ListNode, LoadMoreNode, TenantNode } from './nodes';
import { FailedTenantNode } from './failedTenant';
import type { EntraTreeProvider } from './provider';

export type { SignInArgs } from '../auth/signInPick';

function showError(err: unknown): void {
  const e = toGraphError(err);
  const signIn = vscode.l10n.t('Sign In');
  const deviceCode = vscode.l10n.t('Use Device Code');
  const actions = e.code === 'VsCodeAccountUnavailable' ? [deviceCode] : e.kind === 'signin' ? [signIn] : [];
  void vscode.window.showErrorMessage(graphErrorText(e, vscode.l10n), ...actions).then((choice) => {
    if (choice === signIn || choice === deviceCode) {
      const args: SignInArgs | undefined = choice === deviceCode ? { method: 'deviceCode' } : undefined;
      vscode.commands.executeCommand(CommandId.signIn, args).then(undefined, () => undefined);
    }
  });
}

/** Wraps a handler: errors become one message, never an unhandled rejection. */
function safe<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
  rethrow = false,
): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      showError(err);
      if (rethrow) {
        throw err;
      }
      return undefined;
    }
  };
}

function appOf(node: unknown): AppNode | undefined {
  return node instanceof AppNode ? node : undefined;
}

/** The explorer's commands except `entra.revealApp` (./linking.ts). */
export type ExplorerCommands = Omit<CommandTable<'explorer'>, typeof CommandId.revealApp>;

/** The explorer's command table: one named handler per command. */
export function explorerCommands(
  manager: SignInManager,
  provider: EntraTreeProvider,
  manifests: ManifestProvider,
  signInPicks: vscode.EventEmitter<readonly SignInMethodItem[]>,
): ExplorerCommands {
  const signIn = safe(async (args?: SignInArgs) => {
    const given = args && typeof args === 'object' ? args : undefined;
    const current = readSettings().method;
    let method: SignInMethod | undefined = given
      ? given.method && given.method !== 'current'
        ? given.method
        : current
      : await pickMethod(current, (items) => signInPicks.fire(items));
    if (!method) {
      return undefined;
    }
    if (method === 'vscode' && accountSignInUnavailable() && !given) {
      // VS Code for the Web: no Microsoft account for extensions; device code works everywhere.
      const useDeviceCode = vscode.l10n.t('Use Device Code');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'VS Code for the Web has no Microsoft account sign-in for extensions. Sign in with a device code instead?',
        ),
        useDeviceCode,
      );
      if (choice !== useDeviceCode) {
        return undefined;
      }
      method = 'deviceCode';
    }
    const values = await settingsFor(method, given ?? {}, true);
    if (!values) {
      return undefined;
    }
    await manager.updateSettings(() => writeSettings(values));
    await manager.signIn({
      interactive: true,
      clientSecret: typeof given?.clientSecret === 'string' ? given.clientSecret : undefined,
    });
    return manager.connections.map((c) => c.tenant);
  });
  const copyDeviceCode = safe(async () => {
    const prompt = manager.openDeviceCode;
    if (prompt) {
      await vscode.env.clipboard.writeText(prompt.userCode);
      await vscode.env.openExternal(vscode.Uri.parse(prompt.verificationUri));
    }
    return prompt?.userCode;
  });
  const signOut = safe(async () => manager.signOut());

  const refresh = safe(async () => {
    for (const c of manager.connections) {
      c.model.resetAll();
    }
    provider.refresh();
  });

  const refreshNode = safe(async (node?: ExplorerNode) => {
    if (node instanceof AppNode) {
      await provider.withProgress(vscode.l10n.t('Refreshing {0}…', node.label), () =>
        node.connection.model.refreshApp(node.entry),
      );
      node.invalidate();
      provider.refresh(node);
    } else if (node instanceof ListNode) {
      node.connection.model.resetList(node.key);
      provider.refresh(node);
    } else if (node instanceof TenantNode) {
      node.connection.model.resetAll();
      provider.refresh(node);
    } else if (node instanceof FailedTenantNode) {
      await provider.withProgress(vscode.l10n.t('Signing in to {0}…', node.tenant), () =>
        manager.retryTenant(node.tenant),
      );
    } else if (node instanceof ErrorNode || node === undefined) {
      provider.refresh();
    } else {
      provider.refresh(node);
    }
  });

  const loadMore = safe(async (node?: LoadMoreNode | ListNode) => {
    const list = node instanceof LoadMoreNode ? node.listNode : node instanceof ListNode ? node : undefined;
    if (!list) {
      return;
    }
    try {
      await provider.withProgress(vscode.l10n.t('Loading more app registrations…'), () =>
        list.connection.model.loadNextPage(list.list),
      );
    } finally {
      provider.refresh(list);
    }
  });

  const search = safe(async (text?: string, tenant?: string) => {
    const connections = manager.connections;
    if (connections.length === 0) {
      await vscode.commands.executeCommand(CommandId.signIn);
    }
    const query =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Search app registrations'),
            prompt: vscode.l10n.t('A display name (searched by Microsoft Graph) or an application (client) id'),
            ignoreFocusOut: true,
          });
    if (!query?.trim()) {
      return undefined;
    }
    const targets = manager.connections.filter((c) => !tenant || c.tenant === tenant);
    const results: number[] = [];
    for (const node of provider.tenantNodes().filter((n) => targets.includes(n.connection))) {
      const listNode = node.listNode('search');
      listNode.searchText = query.trim();
      try {
        await provider.withProgress(vscode.l10n.t('Searching {0}…', node.label), () =>
          node.connection.model.search(query),
        );
      } catch {
        // Shown as an error row in the search results.
      }
      results.push(node.connection.model.searchList()?.entries.length ?? 0);
      provider.refresh(node);
      if (provider.view?.visible) {
        void provider.reveal(listNode, { expand: true, focus: false, select: false }).then(undefined, () => undefined);
      }
    }
    return results;
  });

  const clearSearch = safe(async (node?: ListNode) => {
    for (const c of manager.connections.filter((x) => !node || x === node.connection)) {
      c.model.resetList('search');
    }
    provider.refresh();
  });

  const copyValue = safe(async (node?: ExplorerNode) => {
    const value = node?.copyValue;
    if (value !== undefined) {
      await vscode.env.clipboard.writeText(value);
      vscode.window.setStatusBarMessage(
        vscode.l10n.t('Copied {0}', value.length > 60 ? `${value.slice(0, 57)}…` : value),
        3000,
      );
    }
    return value;
  });
  const copyClientId = safe(async (node?: ExplorerNode) => {
    const app = appOf(node);
    if (app) {
      await vscode.env.clipboard.writeText(app.entry.appId);
    }
    return app?.entry.appId;
  });
  const copyObjectId = safe(async (node?: ExplorerNode) => {
    const app = appOf(node);
    if (app) {
      await vscode.env.clipboard.writeText(app.entry.id);
    }
    return app?.entry.id;
  });

  const openInPortal = safe(async (node?: ExplorerNode) => {
    const app = appOf(node);
    if (!app) {
      return undefined;
    }
    const tenantId = app.connection.model.organization?.id ?? app.connection.tenant;
    const link = adminCenterAppLink(app.connection.graph.cloud, tenantId, app.entry.appId);
    await vscode.env.openExternal(vscode.Uri.parse(link, true));
    return link;
  });

  const openManifest = safe(async (node?: ExplorerNode) => {
    const app = appOf(node);
    if (!app) {
      return undefined;
    }
    const uri = manifestUri(app.connection.tenant, app.entry.appId, app.entry.displayName);
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) {
      // Already open: fetch the current object again.
      manifests.reload(uri);
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') {
      await vscode.languages.setTextDocumentLanguage(doc, 'json');
    }
    await vscode.window.showTextDocument(doc, { preview: true });
    return uri.toString();
  });

  const showTenantInfo = safe(async () => {
    if (manager.connections.length === 0) {
      const signIn = vscode.l10n.t('Sign In');
      if (
        (await vscode.window.showInformationMessage(vscode.l10n.t('Not signed in to Microsoft Entra.'), signIn)) ===
        signIn
      ) {
        await vscode.commands.executeCommand(CommandId.signIn);
      }
      return [];
    }
    const info = manager.connections.map((c) => ({
      tenant: c.tenant,
      id: c.model.organization?.id,
      displayName: c.model.organization?.displayName,
      defaultDomain: c.model.organization?.defaultDomain,
      cloud: c.graph.cloud.label,
      account: accountLabel(c),
      signIn: c.graph.permissionType,
    }));
    const lines = info.map(
      (i) =>
        `${i.displayName ?? i.tenant} (${i.id ?? i.tenant}) · ${i.cloud} · ${i.account ?? ''} · ${i.signIn === 'application' ? vscode.l10n.t('app-only') : vscode.l10n.t('delegated')}`,
    );
    void vscode.window.showInformationMessage(lines.join('\n'), { modal: false });
    return info;
  });

  const switchTenant = safe(async (tenant?: string) => {
    let chosen = typeof tenant === 'string' ? tenant : undefined;
    if (!chosen) {
      const configured = vscode.workspace.getConfiguration('entra').get<string[]>('tenants', []);
      const known = manager.connections.map((c) => ({
        label: c.model.organization?.displayName ?? c.tenant,
        description: c.model.organization?.id ?? c.tenant,
        tenant: c.model.organization?.id ?? c.tenant,
      }));
      for (const t of configured) {
        if (!known.some((k) => k.tenant === t)) {
          known.push({ label: t, description: '', tenant: t });
        }
      }
      const other = { label: vscode.l10n.t('$(edit) Enter a tenant id or domain…'), description: '', tenant: '' };
      const pick = await vscode.window.showQuickPick([...known, other], {
        title: vscode.l10n.t('Switch tenant'),
        placeHolder: vscode.l10n.t('Tenant to show in the explorer'),
      });
      if (!pick) {
        return undefined;
      }
      chosen =
        pick.tenant ||
        (
          await vscode.window.showInputBox({
            title: vscode.l10n.t('Tenant id or domain'),
            placeHolder: 'contoso.onmicrosoft.com',
          })
        )?.trim();
    }
    if (!chosen) {
      return undefined;
    }
    await manager.updateSettings(async () =>
      vscode.workspace.getConfiguration('entra').update('tenants', [chosen], vscode.ConfigurationTarget.Global),
    );
    await manager.signIn({ interactive: true });
    return chosen;
  });

  return {
    [CommandId.signIn]: signIn,
    [CommandId.copyDeviceCode]: copyDeviceCode,
    [CommandId.signOut]: signOut,
    [CommandId.refresh]: refresh,
    [CommandId.refreshNode]: refreshNode,
    [CommandId.loadMore]: loadMore,
    [CommandId.search]: search,
    [CommandId.clearSearch]: clearSearch,
    [CommandId.copyValue]: copyValue,
    [CommandId.copyClientId]: copyClientId,
    [CommandId.copyObjectId]: copyObjectId,
    [CommandId.openInPortal]: openInPortal,
    [CommandId.openManifest]: openManifest,
    [CommandId.showTenantInfo]: showTenantInfo,
    [CommandId.switchTenant]: switchTenant,
  };
}
