/**
 * Deleting, restoring and creating app registrations from the explorer: each is its own Graph call
 * (DELETE, restore, POST), confirmed in the modal and never retried.
 */
import * as vscode from 'vscode';
import { WRITABLE } from '../../core/plan';
import { createBody } from '../../core/plan/edits';
import { createApplication, deleteApplication, restoreApplication } from '../../io/graph/writes';
import type { BaseStore } from './binding';
import { manifestValue } from './binding';
import type { WriteFlow, WriteHost } from './flow';
import { pickConnection } from './targets';
import type { AppNode } from '../explorer/nodes';
import type { WriteUserInput } from './ui';

interface Deps {
  readonly host: WriteHost;
  readonly flow: WriteFlow;
  readonly ui: () => WriteUserInput;
  readonly bases: BaseStore;
  /** The app registration a tree node belongs to. */
  readonly appOf: (node: unknown) => AppNode | undefined;
}

/** The handlers of Delete, Restore and Create App Registration (the caller adds error reporting). */
export function appLifecycleCommands(deps: Deps) {
  const { host, flow, appOf: appOfNode } = deps;
  const deleteApp = async (node?: unknown) => {
    const app = appOfNode(node);
    if (!app || app.deleted) return undefined;
    const ui = deps.ui();
    const ok = await ui.confirm({
      title: vscode.l10n.t('Delete the app registration {0}?', app.label),
      detail: vscode.l10n.t(
        'It moves to Deleted applications, where it can be restored for 30 days; nobody can sign in to it meanwhile.\nDELETE /applications/{0}',
        app.entry.id,
      ),
      action: vscode.l10n.t('Delete'),
    });
    if (!ok) return { status: 'cancelled' };
    await deleteApplication(flow.writeGraphs.for(app.connection), app.entry.id);
    host.refreshLists(app.connection);
    void ui.notify('info', vscode.l10n.t('Deleted {0}: it is under Deleted applications for 30 days.', app.label));
    return { status: 'applied' };
  };

  const restoreApp = async (node?: unknown) => {
    const app = appOfNode(node);
    if (!app || !app.deleted) return undefined;
    const ui = deps.ui();
    const ok = await ui.confirm({
      title: vscode.l10n.t('Restore the app registration {0}?', app.label),
      detail: `POST /directory/deletedItems/${app.entry.id}/restore`,
      action: vscode.l10n.t('Restore'),
    });
    if (!ok) return { status: 'cancelled' };
    await restoreApplication(flow.writeGraphs.for(app.connection), app.entry.id);
    host.refreshLists(app.connection);
    void ui.notify('info', vscode.l10n.t('Restored {0}.', app.label));
    return { status: 'applied' };
  };

  const createApp = async (arg?: unknown) => {
    const ui = deps.ui();
    const document =
      arg instanceof vscode.Uri
        ? await vscode.workspace.openTextDocument(arg)
        : vscode.window.activeTextEditor?.document;
    const manifest = document ? manifestValue(document.getText()) : undefined;
    if (!document || !manifest) {
      void ui.notify('info', vscode.l10n.t('Open the manifest (JSON) of the app registration to create.'));
      return undefined;
    }
    const connection = await pickConnection(ui, host.connections(), vscode.l10n.t('Create it in which tenant?'));
    if (!connection) return undefined;
    const body = createBody(manifest, WRITABLE);
    const ok = await ui.confirm({
      title: vscode.l10n.t(
        'Create the app registration "{0}" in {1}?',
        String(body.displayName ?? ''),
        connection.model.organization?.displayName ?? connection.tenant,
      ),
      detail: `POST /applications\n${Object.keys(body).join(', ')}`,
      action: vscode.l10n.t('Create'),
    });
    if (!ok) return { status: 'cancelled' };
    const created = await createApplication(flow.writeGraphs.for(connection), body);
    await deps.bases.set(document.uri, created, { writeFile: false });
    host.refreshLists(connection);
    void ui.notify(
      'info',
      vscode.l10n.t(
        'Created {0} (client id {1}). Put its "id" and "appId" in the manifest to plan later edits against it.',
        String(created.displayName),
        String(created.appId),
      ),
    );
    return { status: 'applied', id: String(created.id), appId: String(created.appId) };
  };

  return { deleteApp, restoreApp, createApp };
}
