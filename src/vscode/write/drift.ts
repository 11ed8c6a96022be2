/**
 * Drift: a workspace manifest bound to an app the explorer knows (same `appId` or `id`) is compared
 * with the tenant's value, read once when the file is opened or saved and after an apply (1 GET);
 * edits in between are compared with that value without requests. Each property that differs gets
 * an information diagnostic at its range with "Apply to tenant" and "Take the tenant's value", and
 * the file gets a CodeLens "N changes vs tenant · Plan · Apply".
 */
import { modify, applyEdits } from 'jsonc-parser';
import * as vscode from 'vscode';
import { readApplication } from '../../io/graph/writes';
import { createPlan, toManifest } from '../../core/plan';
import type { Change, JsonObject } from '../../core/plan/types';
import type { TenantConnection } from '../auth/session';
import { CommandId } from '../commandIds';
import { toRange } from '../manifest/diagnostics';
import { Disposable } from '../util/dispose';
import { BaseStore, idsOf, isBaseFile, knownApp, manifestValue, refOf } from './binding';
import type { WriteFlow, WriteHost } from './flow';

export const driftCode = 'tenant-drift';

interface Tracked {
  readonly connection: TenantConnection;
  live: JsonObject;
  changes: readonly Change[];
}

export class DriftService extends Disposable implements vscode.CodeLensProvider, vscode.CodeActionProvider {
  private readonly tracked = new Map<string, Tracked>();
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('entra-drift'));
  private readonly updated = this.register(new vscode.EventEmitter<vscode.Uri>());
  private readonly lensesChanged = this.register(new vscode.EventEmitter<void>());
  readonly onDidUpdate = this.updated.event;
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  constructor(
    private readonly host: WriteHost,
    private readonly bases: BaseStore,
    _flow: () => WriteFlow,
  ) {
    super();
    const selector: vscode.DocumentSelector = [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
    ];
    this.register(vscode.languages.registerCodeLensProvider(selector, this));
    this.register(
      vscode.languages.registerCodeActionsProvider(selector, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.track(d);
  }

  /** Reads the tenant's value for a bound manifest (once per open/save, or when forced) and computes drift. */
  track(document: vscode.TextDocument, force = false): void {
    void this.trackAsync(document, force).catch(() => undefined);
  }

  private async trackAsync(document: vscode.TextDocument, force: boolean): Promise<void> {
    if (
      document.uri.scheme !== 'file' ||
      isBaseFile(document.uri) ||
      (document.languageId !== 'json' && document.languageId !== 'jsonc')
    )
      return;
    const key = document.uri.toString();
    if (this.tracked.has(key) && !force) return;
    const ids = idsOf(manifestValue(document.getText()));
    const ref = refOf(ids);
    const connection = ref ? knownApp(this.host.connections(), ids) : undefined;
    if (!ref || !connection) return;
    const live = await readApplication(connection.graph, ref);
    // The tenant's value when the manifest was first opened is its base unless it was pulled.
    await this.bases.setIfMissing(document.uri, toManifest(live));
    this.tracked.set(key, { connection, live, changes: [] });
    this.recompute(document);
  }

  untrack(uri: vscode.Uri): void {
    this.tracked.delete(uri.toString());
    this.diagnostics.delete(uri);
    this.lensesChanged.fire();
  }

  /** After an apply: every tracked manifest is read again. */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) if (this.tracked.has(d.uri.toString())) this.track(d, true);
  }

  /** Compares the document's text with the tenant's value read last (no request). */
  recompute(document: vscode.TextDocument): void {
    const t = this.tracked.get(document.uri.toString());
    if (!t) return;
    let changes: readonly Change[] = [];
    try {
      changes = createPlan({ live: t.live, desired: document.getText(), skipRules: true, l10n: vscode.l10n }).changes;
    } catch {
      // Not a JSON object right now (mid-edit): keep the last drift.
      return;
    }
    t.changes = changes;
    this.diagnostics.set(
      document.uri,
      changes.map((c) => {
        const range = c.range ? toRange(document, c.range.offset, c.range.length) : new vscode.Range(0, 0, 0, 0);
        const d = new vscode.Diagnostic(
          range,
          vscode.l10n.t('differs from the tenant: {0}', c.summary),
          vscode.DiagnosticSeverity.Information,
        );
        d.source = 'Entra (tenant)';
        d.code = driftCode;
        return d;
      }),
    );
    this.lensesChanged.fire();
    this.updated.fire(document.uri);
  }

  /** The drift last computed for a document (tests, lenses). */
  changesOf(uri: vscode.Uri): readonly Change[] | undefined {
    return this.tracked.get(uri.toString())?.changes;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const t = this.tracked.get(document.uri.toString());
    if (!t) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const n = t.changes.length;
    if (n === 0) return [new vscode.CodeLens(top, { title: vscode.l10n.t('In sync with the tenant'), command: '' })];
    return [
      new vscode.CodeLens(top, {
        title: n === 1 ? vscode.l10n.t('1 change vs tenant') : vscode.l10n.t('{0} changes vs tenant', n),
        command: CommandId.planChanges,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('Plan'),
        command: CommandId.planChanges,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('Apply'),
        command: CommandId.applyChanges,
        arguments: [document.uri],
      }),
    ];
  }

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const t = this.tracked.get(document.uri.toString());
    if (!t) return [];
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics.filter((x) => x.code === driftCode && x.source === 'Entra (tenant)')) {
      const apply = new vscode.CodeAction(vscode.l10n.t('Apply to tenant'), vscode.CodeActionKind.QuickFix);
      apply.command = { command: CommandId.applyChanges, title: apply.title, arguments: [document.uri] };
      apply.diagnostics = [d];
      out.push(apply);
      const change = t.changes.find(
        (c) => c.range && toRange(document, c.range.offset, c.range.length).isEqual(d.range),
      );
      const edit = change ? this.takeTenantValue(document, t.live, change) : undefined;
      if (edit) {
        const take = new vscode.CodeAction(
          vscode.l10n.t("Take the tenant's value ({0})", String(change!.segments[0])),
          vscode.CodeActionKind.QuickFix,
        );
        take.edit = edit;
        take.diagnostics = [d];
        out.push(take);
      }
    }
    return out;
  }

  /** Replaces the changed top-level property with the tenant's value (or removes it when the tenant has none). */
  private takeTenantValue(
    document: vscode.TextDocument,
    live: JsonObject,
    change: Change,
  ): vscode.WorkspaceEdit | undefined {
    const key = change.segments[0];
    if (typeof key !== 'string') return undefined;
    const text = document.getText();
    const value = toManifest(live)[key];
    const edits = modify(text, [key], value, {
      formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' },
    });
    if (edits.length === 0) return undefined;
    // One replacement of the whole text region the edits touch keeps offsets simple.
    const start = Math.min(...edits.map((e) => e.offset));
    const end = Math.max(...edits.map((e) => e.offset + e.length));
    const next = applyEdits(text, edits);
    const replaced = next.slice(start, next.length - (text.length - end));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, toRange(document, start, end - start), replaced);
    return edit;
  }
}
