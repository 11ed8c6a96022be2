/**
 * Changing the tenant from VS Code: pull a manifest into the workspace (bound to its app, with its
 * base copy), plan and apply it from the editor, undo, the explorer's edit actions, and drift
 * between a bound manifest and the tenant. Every write goes through the same plan view and modal
 * confirmation (flow.ts).
 */
import * as vscode from 'vscode';
import { readApplication } from '../../io/graph/writes';
import { toManifest } from '../../core/plan';
import { CommandId } from '../commandIds';
import { registerCommandTable } from '../commandTable';
import { parseManifestUri } from '../explorer/manifest';
import { AppNode } from '../explorer/nodes';
import { BaseStore, connectionFor, idsOf, isBaseFile, manifestValue, refOf } from './binding';
import { DriftService } from './drift';
import { WriteFlow, type EditTarget, type FlowResult, type WriteHost } from './flow';
import { PlanPanel } from './planPanel';
import { registerTreeActions, removeSecretConfirmed } from './treeActions';
import type { JsonObject } from '../../core/plan/types';
import type { TenantConnection } from '../auth/session';
import { vscodeUserInput, type WriteUserInput } from './ui';

export type { WriteHost } from './flow';

/** Context key: the active editor shows a workspace manifest bound to an app. */
export const boundManifestKey = 'entra.editorIsBoundManifest';

/** What the write feature offers the extension API (in-host tests, other extensions). */
export interface WriteFeatureApi {
  /**
   * Replaces the prompts of the write path (modal confirmation, secret shown once, pickers,
   * notifications); undefined restores VS Code's own. The flow around them is unchanged.
   */
  setUserInput(ui: WriteUserInput | undefined): void;
  /** The plan view's last HTML and what it showed. */
  readonly planView: { readonly html: string | undefined; readonly onDidShow: vscode.Event<unknown> };
  /** Fires after drift of a bound manifest was computed (its diagnostics and lenses are up to date). */
  readonly onDidUpdateDrift: vscode.Event<vscode.Uri>;
  /** Fixes of other features (audit, doctor) go through the same plan and confirmation. */
  readonly writer: TenantWriter;
}

/** What a fix returns: the flow's result, or `nothing` when the app already had the change. */
export type FixOutcome = FlowResult | { readonly status: 'nothing' };

/** Edits of an app registration on behalf of another feature, through the plan/apply flow. */
export interface TenantWriter {
  /**
   * Reads the app fresh, builds the edit from it (`build` returns undefined when there is nothing
   * to change), then plans, confirms in the modal and applies it like any manifest edit.
   */
  applyEdit(
    connection: TenantConnection,
    app: { readonly id: string },
    label: string,
    build: (live: JsonObject) => JsonObject | undefined,
  ): Promise<FixOutcome>;
  /** Removes a client secret (removePassword) after the same kind of confirmation; `nothing` when it is gone. */
  removeSecret(
    connection: TenantConnection,
    app: { readonly id: string; readonly appId: string; readonly label: string },
    keyId: string,
    name: string,
  ): Promise<FixOutcome>;
}

/** Which document a command is about: an argument (Uri or document), else the active editor. */
export async function documentArg(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (
    arg &&
    typeof arg === 'object' &&
    'uri' in arg &&
    (arg as { uri: unknown }).uri instanceof vscode.Uri &&
    'getText' in arg
  )
    return arg as vscode.TextDocument;
  return vscode.window.activeTextEditor?.document;
}

export function register(context: vscode.ExtensionContext, host: WriteHost): WriteFeatureApi {
  let ui: WriteUserInput = vscodeUserInput;
  const bases = new BaseStore();
  const panel = new PlanPanel(context.extensionUri);
  context.subscriptions.push(panel);

  /** The edit a document stands for, or a message saying why it cannot be planned. */
  const targetOf = async (document: vscode.TextDocument): Promise<EditTarget | string> => {
    if (isBaseFile(document.uri))
      return vscode.l10n.t(
        'This is a base copy (what the tenant had when the manifest was pulled); plan the manifest beside it instead.',
      );
    const value = manifestValue(document.getText());
    if (!value) return vscode.l10n.t('The file is not a JSON object (an app manifest).');
    const ids = idsOf(value);
    const ref = refOf(ids);
    if (!ref)
      return vscode.l10n.t(
        'The manifest has neither "id" nor "appId": it is not bound to an app registration. Use "Create App Registration from Manifest" to create one.',
      );
    const connections = host.connections();
    if (connections.length === 0) return vscode.l10n.t('Sign in to the tenant first (Entra: Sign In).');
    const connection = connectionFor(connections, document.uri, ids);
    if (!connection)
      return vscode.l10n.t(
        'None of the signed-in tenants has loaded this app yet: expand its tenant in the explorer (or search for it) so the manifest can be matched to a tenant.',
      );
    let base = await bases.get(document.uri);
    // A base copy of another app does not apply (as on the command line).
    if (base && typeof base.id === 'string' && ids.id && base.id.toLowerCase() !== ids.id.toLowerCase())
      base = undefined;
    return { connection, ref, desired: document.getText(), ...(base ? { base } : {}), document };
  };
  const retarget = async (document: vscode.TextDocument): Promise<EditTarget | undefined> => {
    const t = await targetOf(document);
    return typeof t === 'string' ? undefined : t;
  };

  const flow = new WriteFlow(
    host,
    panel,
    () => ui,
    {
      onBase: async (document, base) => bases.set(document.uri, base, { writeFile: await bases.hasFile(document.uri) }),
      // A manifest planned without a base (never pulled, not yet compared): the tenant's value now is its base.
      onFirstRead: (document, live) => bases.setIfMissing(document.uri, toManifest(live)),
    },
    retarget,
  );
  context.subscriptions.push(flow);

  const drift = new DriftService(host, bases, () => flow);
  context.subscriptions.push(
    drift,
    flow.onDidApply(() => drift.refreshAll()),
  );

  /** Errors become one notification, never an unhandled rejection. */
  const safe =
    <A extends unknown[], R>(handler: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await handler(...args);
      } catch (err) {
        flow.showError(err);
        return undefined;
      }
    };

  const withTarget = async (
    arg: unknown,
    run: (target: EditTarget) => Promise<FlowResult>,
  ): Promise<FlowResult | undefined> => {
    const document = await documentArg(arg);
    if (!document) {
      void ui.notify(
        'info',
        vscode.l10n.t('Open an app manifest (a workspace file with the app\'s "id" or "appId") to plan or apply it.'),
      );
      return undefined;
    }
    const target = await targetOf(document);
    if (typeof target === 'string') {
      void ui.notify('warning', target);
      return undefined;
    }
    return run(target);
  };

  const planChanges = safe(async (arg?: unknown) => withTarget(arg, (t) => flow.showPlan(t)));
  const applyChanges = safe(async (arg?: unknown) => withTarget(arg, (t) => flow.apply(t)));
  const undoApply = safe(async () => flow.undo());

  // Pull: the app's live manifest into a workspace file with its base copy beside it (as `pull` does).
  const pullManifest = safe(async (arg?: unknown, out?: vscode.Uri) => {
    let connection = undefined as ReturnType<WriteHost['connections']>[number] | undefined;
    let ref: { id?: string; appId?: string } | undefined;
    if (arg instanceof AppNode) {
      connection = arg.connection;
      ref = { id: arg.entry.id };
    } else {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      const parsed = uri ? parseManifestUri(uri) : undefined;
      if (uri && parsed) {
        connection = connectionFor(host.connections(), uri, { appId: parsed.appId });
        ref = { appId: parsed.appId };
      }
    }
    if (!connection || !ref) {
      void ui.notify(
        'info',
        vscode.l10n.t(
          'Choose an app registration in the Entra explorer, or open its manifest, to pull it into the workspace.',
        ),
      );
      return undefined;
    }
    const live = await readApplication(connection.graph, ref);
    const manifest = toManifest(live);
    let target = out instanceof vscode.Uri ? out : undefined;
    if (!target) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `${
        String(manifest.displayName ?? manifest.appId)
          .replace(/[\\/:*?"<>|#%\s]+/g, '-')
          .slice(0, 60) || 'app'
      }.manifest.json`;
      target = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Save the manifest of {0} in the workspace', String(manifest.displayName)),
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
        filters: { JSON: ['json'] },
      });
    }
    if (!target) return undefined;
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    await bases.set(target, manifest, { writeFile: true });
    const document = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(document, { preview: false });
    drift.track(document);
    return target.toString();
  });

  registerCommandTable(context, 'write', {
    [CommandId.planChanges]: planChanges,
    [CommandId.applyChanges]: applyChanges,
    [CommandId.undoApply]: undoApply,
    [CommandId.pullManifest]: pullManifest,
  });
  registerTreeActions(context, { host, flow, ui: () => ui, bases });

  // Editor title and context menus offer Plan / Apply on manifests bound to an app (`id` or `appId`).
  const updateBoundKey = (): void => {
    const d = vscode.window.activeTextEditor?.document;
    const bound =
      !!d &&
      d.uri.scheme === 'file' &&
      !isBaseFile(d.uri) &&
      (d.languageId === 'json' || d.languageId === 'jsonc') &&
      !!refOf(idsOf(manifestValue(d.getText())));
    void vscode.commands.executeCommand('setContext', boundManifestKey, bound);
  };
  updateBoundKey();

  // Manifests that are open or get opened are checked for drift against the tenant.
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((e) => {
      updateBoundKey();
      // A manifest opened before signing in (or before its app was listed) is checked when shown.
      if (e) drift.track(e.document);
    }),
    vscode.workspace.onDidSaveTextDocument(updateBoundKey),
    vscode.workspace.onDidOpenTextDocument((d) => drift.track(d)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      drift.untrack(d.uri);
      flow.writeErrors.delete(d.uri);
    }),
    vscode.workspace.onDidSaveTextDocument((d) => drift.track(d, true)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) drift.recompute(e.document);
    }),
  );

  const writer: TenantWriter = {
    async applyEdit(connection, app, label, build) {
      const live = await readApplication(connection.graph, { id: app.id });
      const desired = build(live);
      if (!desired) return { status: 'nothing' };
      return flow.apply({ connection, ref: { id: app.id }, desired, base: live, label });
    },
    async removeSecret(connection, app, keyId, name) {
      const live = await readApplication(connection.graph, { id: app.id });
      const present =
        Array.isArray(live.passwordCredentials) &&
        live.passwordCredentials.some(
          (c) => !!c && typeof c === 'object' && String((c as JsonObject).keyId).toLowerCase() === keyId.toLowerCase(),
        );
      if (!present) return { status: 'nothing' };
      return removeSecretConfirmed({ host, ui: () => ui }, connection, app, keyId, name);
    },
  };

  return {
    writer,
    setUserInput(next) {
      ui = next ?? vscodeUserInput;
    },
    planView: {
      get html() {
        return panel.lastHtml;
      },
      onDidShow: panel.onDidShow as vscode.Event<unknown>,
    },
    onDidUpdateDrift: drift.onDidUpdate,
  };
}
