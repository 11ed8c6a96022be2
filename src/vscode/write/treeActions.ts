/**
 * The explorer's edit actions (context menus): redirect URIs per platform, enabling and
 * disabling scopes and app roles, requesting a permission picked by name, client secrets and
 * certificates, and deleting, restoring and creating app registrations. Edits of the application
 * object go through the same plan and modal confirmation as a manifest (flow.ts); the actions
 * Graph offers as their own calls (addPassword, removePassword, delete, restore, create) are
 * confirmed in the same modal and never retried.
 */
import * as vscode from 'vscode';
import { addPassword, readApplication, removePassword, WriteError } from '../../io/graph/writes';
import { graphErrorText, toGraphError, writeFailureText } from '../../core/graph/errors';
import { servicePrincipalPermissions } from '../../io/graph/queries';
import {
  platformLabels,
  redirectUriEdit,
  removeCertificateEdit,
  requestPermissionEdit,
  roleEnabledEdit,
  scopeEnabledEdit,
  type RedirectPlatform,
} from '../../core/plan/edits';
import type { JsonObject } from '../../core/plan/types';
import type { TenantConnection } from '../auth/session';
import { CommandId } from '../commandIds';
import { registerCommandTable } from '../commandTable';
import { AppNode, type ExplorerNode } from '../explorer/nodes';
import type { BaseStore } from './binding';
import { appLifecycleCommands } from './appLifecycle';
import { credentialCommands } from './credentialActions';
import type { FlowResult, WriteFlow, WriteHost } from './flow';
import { keyOf } from './targets';
import type { PickItem, WriteUserInput } from './ui';
import { MICROSOFT_GRAPH_APP_ID } from '../../core/entra/ids';

interface Deps {
  readonly host: WriteHost;
  readonly flow: WriteFlow;
  readonly ui: () => WriteUserInput;
  readonly bases: BaseStore;
}

const graphAppId = MICROSOFT_GRAPH_APP_ID;
const platformKeys: Record<string, RedirectPlatform> = { web: 'web', spa: 'spa', public: 'publicClient' };

/** The app a node belongs to (the node itself or an ancestor). */
export function appOfNode(node: unknown): AppNode | undefined {
  let n = node as ExplorerNode | undefined;
  while (n && !(n instanceof AppNode)) n = n.parent;
  return n;
}

function parentKey(node: unknown): string {
  return keyOf((node as ExplorerNode | undefined)?.parent);
}

/**
 * Removes a client secret after the modal confirmation (removePassword is its own Graph action, not
 * a PATCH), then re-reads the app for the tree. Shared by the explorer and the audit's fixes.
 */
export async function removeSecretConfirmed(
  deps: Pick<Deps, 'host' | 'ui' | 'flow'>,
  connection: TenantConnection,
  app: { id: string; appId: string; label: string },
  keyId: string,
  name: string,
): Promise<{ status: 'applied' | 'cancelled' }> {
  const ui = deps.ui();
  const ok = await ui.confirm({
    title: vscode.l10n.t('Remove the client secret "{0}" from {1}?', name, app.label),
    detail: vscode.l10n.t(
      'Clients using it can no longer sign in.\nPOST /applications/{0}/removePassword (keyId {1})',
      app.id,
      keyId,
    ),
    action: vscode.l10n.t('Remove secret'),
  });
  if (!ok) return { status: 'cancelled' };
  await removePassword(deps.flow.writeGraphs.for(connection), app.id, keyId);
  await deps.host.refreshApp(connection, { id: app.id, appId: app.appId }).catch(() => undefined);
  void ui.notify('info', vscode.l10n.t('Removed the client secret "{0}" from {1}.', name, app.label));
  return { status: 'applied' };
}

export function registerTreeActions(context: vscode.ExtensionContext, deps: Deps): void {
  const { host, flow } = deps;
  const safe =
    <A extends unknown[], R>(handler: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await handler(...args);
      } catch (err) {
        const message =
          err instanceof WriteError
            ? writeFailureText(err.failure, vscode.l10n)
            : graphErrorText(toGraphError(err), vscode.l10n);
        void deps.ui().notify('error', message);
        return undefined;
      }
    };

  /** Reads the app fresh and applies `edit` of it through the plan (the read is the edit's base). */
  const edit = async (
    node: unknown,
    label: string,
    build: (live: JsonObject) => JsonObject | undefined,
  ): Promise<FlowResult | undefined> => {
    const app = appOfNode(node);
    if (!app) return undefined;
    const live = await readApplication(app.connection.graph, { id: app.entry.id });
    const desired = build(live);
    if (!desired) return undefined;
    return flow.apply({ connection: app.connection, ref: { id: app.entry.id }, desired, base: live, label });
  };

  const addRedirectUri = safe(async (node?: unknown, platformArg?: RedirectPlatform, uriArg?: string) => {
    const ui = deps.ui();
    let platform = platformArg ?? platformKeys[keyOf(node)];
    if (!platform) {
      const items: PickItem<RedirectPlatform>[] = (['web', 'spa', 'publicClient'] as const).map((p) => ({
        label: platformLabels[p],
        value: p,
      }));
      platform = (await ui.pick(items, { title: vscode.l10n.t('Platform of the redirect URI') }))?.value;
    }
    if (!platform) return undefined;
    const uri =
      uriArg ??
      (await ui.input({
        title: vscode.l10n.t('Add a {0} redirect URI', platformLabels[platform]),
        prompt: vscode.l10n.t('The URI Entra may send tokens or codes to'),
        placeHolder: platform === 'publicClient' ? 'http://localhost' : 'https://app.contoso.com/auth/callback',
        validate: (t) => (t.trim() ? undefined : vscode.l10n.t('Enter a URI')),
      }));
    if (!uri?.trim()) return undefined;
    return edit(node, vscode.l10n.t('Add redirect URI'), (live) => redirectUriEdit(live, platform, uri.trim(), true));
  });

  const removeRedirectUri = safe(async (node?: unknown) => {
    const platform = platformKeys[parentKey(node)];
    const uri = (node as { label?: unknown } | undefined)?.label;
    if (!platform || typeof uri !== 'string') return undefined;
    return edit(node, vscode.l10n.t('Remove redirect URI'), (live) => redirectUriEdit(live, platform, uri, false));
  });

  const toggle = (enabled: boolean) =>
    safe(async (node?: unknown) => {
      const key = keyOf(node);
      if (key.startsWith('s:'))
        return edit(node, enabled ? vscode.l10n.t('Enable scope') : vscode.l10n.t('Disable scope'), (live) =>
          scopeEnabledEdit(live, key.slice(2), enabled),
        );
      if (key.startsWith('r:'))
        return edit(node, enabled ? vscode.l10n.t('Enable app role') : vscode.l10n.t('Disable app role'), (live) =>
          roleEnabledEdit(live, key.slice(2), enabled),
        );
      return undefined;
    });
  const enableEntitlement = toggle(true);
  const disableEntitlement = toggle(false);

  const addPermission = safe(async (node?: unknown) => {
    const app = appOfNode(node);
    if (!app) return undefined;
    const ui = deps.ui();
    const live = await readApplication(app.connection.graph, { id: app.entry.id });
    const requested = Array.isArray(live.requiredResourceAccess)
      ? live.requiredResourceAccess.map((r) => String((r as JsonObject).resourceAppId))
      : [];
    const names = app.connection.model.names;
    const resources = [...new Set([graphAppId, ...requested])].map((id) => ({
      label: names.resource(id)?.displayName ?? (id === graphAppId ? 'Microsoft Graph' : id),
      description: id,
      value: id,
    }));
    const other = { label: vscode.l10n.t('$(edit) Another API (its application id)…'), description: '', value: '' };
    const chosen = await ui.pick([...resources, other], {
      title: vscode.l10n.t('Request a permission of which API?'),
    });
    if (!chosen) return undefined;
    const resourceAppId =
      chosen.value ||
      (
        await ui.input({
          title: vscode.l10n.t('Application (client) id of the API'),
          prompt: vscode.l10n.t('The API whose permission the app requests'),
        })
      )?.trim();
    if (!resourceAppId) return undefined;
    const graph = app.connection.graph;
    const sp = await graph.get<{ value?: JsonObject[] }>(servicePrincipalPermissions(graph, resourceAppId));
    const resource = sp.value?.[0];
    if (!resource) {
      void ui.notify(
        'warning',
        vscode.l10n.t(
          'No service principal of {0} in this tenant: its permissions cannot be listed by name.',
          resourceAppId,
        ),
      );
      return undefined;
    }
    const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]) : []);
    const items: PickItem<{ id: string; type: 'Scope' | 'Role' }>[] = [
      ...list(resource.oauth2PermissionScopes).map((s) => ({
        label: String(s.value),
        description: vscode.l10n.t('Delegated'),
        detail: String(s.adminConsentDisplayName ?? ''),
        value: { id: String(s.id), type: 'Scope' as const },
      })),
      ...list(resource.appRoles)
        .filter((r) => list(r.allowedMemberTypes as unknown).includes('Application' as unknown as JsonObject))
        .map((r) => ({
          label: String(r.value),
          description: vscode.l10n.t('Application'),
          detail: String(r.displayName ?? ''),
          value: { id: String(r.id), type: 'Role' as const },
        })),
    ];
    const permission = await ui.pick(items, {
      title: vscode.l10n.t('Permission of {0}', String(resource.displayName)),
      placeHolder: vscode.l10n.t('Type a name, e.g. Mail.Send'),
    });
    if (!permission) return undefined;
    return flow.apply({
      connection: app.connection,
      ref: { id: app.entry.id },
      desired: requestPermissionEdit(live, resourceAppId, permission.value.id, permission.value.type),
      base: live,
      label: vscode.l10n.t('Request permission'),
    });
  });

  const refresh = (connection: TenantConnection, app: AppNode): Promise<void> =>
    host.refreshApp(connection, { id: app.entry.id, appId: app.entry.appId }).catch(() => undefined);

  const addSecret = safe(async (node?: unknown) => {
    const app = appOfNode(node);
    if (!app) return undefined;
    const ui = deps.ui();
    const description = await ui.input({
      title: vscode.l10n.t('New client secret for {0}', app.label),
      prompt: vscode.l10n.t('Description (shown in the admin center)'),
      value: vscode.l10n.t('Added from VS Code'),
    });
    if (description === undefined) return undefined;
    const daysText = await ui.input({
      title: vscode.l10n.t('Valid for how many days?'),
      prompt: vscode.l10n.t("1 to 730 days; your tenant's credential policy may allow less"),
      value: '180',
      validate: (t) =>
        /^\d+$/.test(t.trim()) && Number(t) >= 1 && Number(t) <= 730
          ? undefined
          : vscode.l10n.t('A whole number from 1 to 730'),
    });
    if (daysText === undefined) return undefined;
    const endDateTime = new Date(Date.now() + Number(daysText) * 86_400_000).toISOString();
    const ok = await ui.confirm({
      title: vscode.l10n.t('Add a client secret to {0}?', app.label),
      detail: vscode.l10n.t(
        '"{0}", valid until {1}.\nPOST /applications/{2}/addPassword\nThe value is shown once, right after; it is not stored anywhere.',
        description,
        endDateTime.slice(0, 10),
        app.entry.id,
      ),
      action: vscode.l10n.t('Add secret'),
    });
    if (!ok) return undefined;
    const secret = await addPassword(flow.writeGraphs.for(app.connection), app.entry.id, {
      ...(description ? { displayName: description } : {}),
      endDateTime,
    });
    await ui.showSecret(
      vscode.l10n.t('Client secret for {0}', app.label),
      secret.secretText,
      vscode.l10n.t(
        'Copy it now: it cannot be shown again. Key id {0}, valid until {1}.',
        secret.keyId,
        secret.endDateTime.slice(0, 10),
      ),
    );
    await refresh(app.connection, app);
    // The value is not returned: callers get what identifies the secret.
    return { keyId: secret.keyId, hint: secret.hint, endDateTime: secret.endDateTime };
  });

  const removeCredential = safe(async (node?: unknown) => {
    const app = appOfNode(node);
    const key = keyOf(node);
    if (!app || !key.startsWith('cred:')) return undefined;
    const keyId = key.slice(5);
    const info = app.connection.model.cachedDetails(app.entry.id)?.app.credentials.find((c) => c.keyId === keyId);
    if (info?.kind === 'certificate') {
      return edit(node, vscode.l10n.t('Remove certificate'), (live) => removeCertificateEdit(live, keyId));
    }
    return removeSecretConfirmed(
      deps,
      app.connection,
      { id: app.entry.id, appId: app.entry.appId, label: app.label },
      keyId,
      info?.displayName ?? keyId,
    );
  });

  const credentials = credentialCommands({ appOf: appOfNode, host, flow, ui: deps.ui });
  const rotateSecret = safe(credentials.rotateSecret);
  const uploadCertificate = safe(credentials.uploadCertificate);

  const lifecycle = appLifecycleCommands({ ...deps, appOf: appOfNode });
  const deleteApp = safe(lifecycle.deleteApp);
  const restoreApp = safe(lifecycle.restoreApp);
  const createApp = safe(lifecycle.createApp);

  registerCommandTable(context, 'treeActions', {
    [CommandId.addRedirectUri]: addRedirectUri,
    [CommandId.removeRedirectUri]: removeRedirectUri,
    [CommandId.addPermission]: addPermission,
    [CommandId.addSecret]: addSecret,
    [CommandId.rotateSecret]: rotateSecret,
    [CommandId.uploadCertificate]: uploadCertificate,
    [CommandId.removeCredential]: removeCredential,
    [CommandId.deleteApp]: deleteApp,
    [CommandId.restoreApp]: restoreApp,
    [CommandId.createApp]: createApp,
    [CommandId.enableEntitlement]: enableEntitlement,
    [CommandId.disableEntitlement]: disableEntitlement,
  });
}
