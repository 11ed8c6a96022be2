/**
 * Plan → confirm → apply, for manifests in the editor and for the explorer's actions alike: a
 * plan is read from the tenant (1 GET), shown, confirmed in a modal listing its changes, then
 * `applyEdit` re-reads the app and sends only the confirmed requests (it stops on a conflict, a
 * rule error or a plan that changed meanwhile). After an apply the app's tree node is re-read
 * (1 request) and "Undo" applies the previous version as a new plan.
 */
import * as vscode from 'vscode';
import { applyEdit, planForTenant, type AppRef } from '../../io/graph/writes';
import { graphErrorText, toGraphError, writeFailureText } from '../../core/graph/errors';
import type { PermissionCatalog } from '../../core/manifest/types';
import type { Localizer } from '../../core/text/localizer';
import { toManifest } from '../../core/plan';
import type { JsonObject, Plan } from '../../core/plan/types';
import type { TenantConnection } from '../auth/session';
import { writeCapability, WriteGraphs } from '../auth/writeAccess';
import { Disposable } from '../util/dispose';
import { applicable, confirmationDetail, type PlanViewInput } from './planHtml';
import type { PlanPanel } from './planPanel';
import type { EditTarget, FlowEvents, FlowResult, FlowStatus, WriteHost } from './types';
import type { WriteUserInput } from './ui';
import { writeErrorDiagnostic } from './writeError';

export type { EditTarget, FlowEvents, FlowResult, FlowStatus, WriteHost } from './types';

/** The last apply, for "Undo". */
interface AppliedEdit {
  readonly connection: TenantConnection;
  readonly ref: AppRef;
  /** The tenant's value before the apply (manifest form). */
  readonly previous: JsonObject;
  /** What the apply wrote (the plan's result): the base of the undo. */
  readonly written: JsonObject;
  readonly displayName: string;
}

export class WriteFlow extends Disposable {
  private last: AppliedEdit | undefined;
  /** Graph 400s shown at the property's range in the manifest. */
  readonly writeErrors = this.register(vscode.languages.createDiagnosticCollection('entra-write'));
  private readonly applied = this.register(new vscode.EventEmitter<{ connection: TenantConnection; appId: string }>());
  readonly onDidApply = this.applied.event;

  /** The Graph clients for writes (with VS Code's account, one asking for write access). */
  readonly writeGraphs = new WriteGraphs();

  constructor(
    private readonly host: WriteHost,
    private readonly panel: PlanPanel,
    private readonly ui: () => WriteUserInput,
    private readonly events: FlowEvents,
    /** Rebuilds a document's target (its text may have changed since the view was shown). */
    private readonly retarget: (document: vscode.TextDocument) => Promise<EditTarget | undefined>,
  ) {
    super();
  }

  get canUndo(): boolean {
    return this.last !== undefined;
  }

  private catalog(target: EditTarget): PermissionCatalog | undefined {
    return target.document ? this.host.catalogFor(target.document.uri) : undefined;
  }

  private options(target: EditTarget): {
    desired: string | JsonObject;
    base?: JsonObject;
    catalog?: PermissionCatalog;
    l10n: Localizer;
  } {
    const catalog = this.catalog(target);
    return {
      desired: target.desired,
      ...(target.base ? { base: target.base } : {}),
      ...(catalog ? { catalog } : {}),
      l10n: vscode.l10n,
    };
  }

  /** A read-only sign-in says so before the plan (a warning; planning itself only reads). */
  private async readOnlyNotice(connection: TenantConnection): Promise<PlanViewInput['notice'] | undefined> {
    const capability = await writeCapability(connection);
    if (capability.kind === 'readOnly') return { kind: 'warning', text: capability.message };
    if (capability.kind === 'consentOnWrite')
      return {
        kind: 'info',
        text: vscode.l10n.t(
          'Applying asks your Microsoft account in VS Code for Application.ReadWrite.All the first time (VS Code shows the consent prompt); planning only reads.',
        ),
      };
    return undefined;
  }

  private tenantLabel(connection: TenantConnection): string {
    return connection.model.organization?.displayName ?? connection.tenant;
  }

  /** Plans and shows the plan view (1 GET). */
  async showPlan(target: EditTarget, outcome?: PlanViewInput['outcome']): Promise<FlowResult> {
    const notice = await this.readOnlyNotice(target.connection);
    if (notice?.kind === 'warning') void this.ui().notify('warning', notice.text);
    const { plan, live } = await planForTenant(target.connection.graph, target.ref, this.options(target));
    if (target.document && !target.base) await this.events.onFirstRead(target.document, live);
    this.present(target, plan, notice, outcome);
    const status: FlowStatus = plan.conflicts.length
      ? 'conflict'
      : plan.blocked.length
        ? 'blocked'
        : plan.changes.length
          ? 'changed'
          : 'noChanges';
    return { status, plan, ...(notice?.kind === 'warning' ? { readOnly: notice.text } : {}) };
  }

  private present(
    target: EditTarget,
    plan: Plan,
    notice?: PlanViewInput['notice'],
    outcome?: PlanViewInput['outcome'],
    canApply = true,
  ): void {
    const source = target.document ? vscode.workspace.asRelativePath(target.document.uri) : target.label;
    this.panel.show(
      {
        plan,
        tenant: this.tenantLabel(target.connection),
        ...(source ? { source } : {}),
        ...(notice ? { notice } : {}),
        ...(outcome ? { outcome } : {}),
        ...(canApply ? {} : { canApply: false }),
      },
      (m) => {
        const offset = m.type === 'reveal' && Number.isInteger(m.offset) && m.offset >= 0 ? m.offset : undefined;
        void this.onViewMessage(target, plan, offset, m.type).catch((err: unknown) => this.showError(err));
      },
    );
  }

  private async onViewMessage(target: EditTarget, plan: Plan, offset: number | undefined, type: string): Promise<void> {
    const fresh = async (): Promise<EditTarget> =>
      target.document ? ((await this.retarget(target.document)) ?? target) : target;
    switch (type) {
      case 'apply': {
        this.panel.busy(vscode.l10n.t('Applying…'));
        const result = await this.apply(await fresh());
        // Cancelled or nothing to do: the view gets its Apply button back.
        if (result.status === 'cancelled' || result.status === 'noChanges') this.present(target, result.plan ?? plan);
        break;
      }
      case 'refresh':
        await this.showPlan(await fresh());
        break;
      case 'keepMine': {
        // The tenant's version becomes the base: the next plan shows what keeping yours overwrites.
        const next = await fresh();
        const { live } = await planForTenant(next.connection.graph, next.ref, this.options(next));
        if (next.document) await this.events.onBase(next.document, live);
        await this.showPlan({ ...next, base: live });
        break;
      }
      case 'compare':
        await this.compare(target, plan);
        break;
      case 'reveal':
        if (target.document && offset !== undefined) {
          const editor = await vscode.window.showTextDocument(target.document, {
            viewColumn: vscode.ViewColumn.One,
            preserveFocus: false,
          });
          const at = target.document.positionAt(offset);
          editor.selection = new vscode.Selection(at, at);
          editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
        }
        break;
    }
  }

  private async compare(target: EditTarget, plan: Plan): Promise<void> {
    const { live } = await planForTenant(target.connection.graph, target.ref, this.options(target));
    const tenantDoc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: `${JSON.stringify(toManifest(live), null, 2)}\n`,
    });
    const mine =
      target.document?.uri ??
      (
        await vscode.workspace.openTextDocument({
          language: 'json',
          content: `${JSON.stringify(toManifest(plan.result), null, 2)}\n`,
        })
      ).uri;
    await vscode.commands.executeCommand(
      'vscode.diff',
      tenantDoc.uri,
      mine,
      vscode.l10n.t('{0}: tenant ↔ yours', plan.app.displayName),
    );
  }

  /**
   * Plans, asks for confirmation (modal listing the changes), applies the confirmed plan and
   * reports. Conflicts and rule errors stop before the confirmation, in the plan view.
   */
  async apply(target: EditTarget): Promise<FlowResult> {
    const ui = this.ui();
    const notice = await this.readOnlyNotice(target.connection);
    if (notice?.kind === 'warning') void ui.notify('warning', notice.text);
    const readOnly = notice?.kind === 'warning' ? { readOnly: notice.text } : {};
    const { plan, live } = await planForTenant(target.connection.graph, target.ref, this.options(target));
    if (target.document && !target.base) await this.events.onFirstRead(target.document, live);
    if (plan.conflicts.length > 0) {
      this.present(target, plan, notice);
      void ui.notify(
        'warning',
        vscode.l10n.t(
          'Not applied: {0} changed in the tenant since your copy was read. The three versions are in the plan view.',
          plan.conflicts.map((c) => c.path).join(', '),
        ),
      );
      return { status: 'conflict', plan, ...readOnly };
    }
    if (plan.blocked.length > 0) {
      this.present(target, plan, notice);
      void ui.notify(
        'error',
        vscode.l10n.t(
          'Not applied: manifest rule errors block it ({0}). Fix them and plan again.',
          plan.blocked.map((b) => b.ruleId).join(', '),
        ),
      );
      return { status: 'blocked', plan, ...readOnly };
    }
    if (!applicable(plan)) {
      void ui.notify(
        'info',
        vscode.l10n.t('Nothing to apply: {0} in the tenant already matches.', plan.app.displayName),
      );
      return { status: 'noChanges', plan, ...readOnly };
    }
    const count = plan.changes.length;
    const changes = count === 1 ? vscode.l10n.t('1 change') : vscode.l10n.t('{0} changes', count);
    const title = target.label
      ? vscode.l10n.t(
          '{0}: apply {1} to {2} in {3}?',
          target.label,
          changes,
          plan.app.displayName,
          this.tenantLabel(target.connection),
        )
      : vscode.l10n.t('Apply {0} to {1} in {2}?', changes, plan.app.displayName, this.tenantLabel(target.connection));
    if (!(await ui.confirm({ title, detail: confirmationDetail(plan), action: vscode.l10n.t('Apply') })))
      return { status: 'cancelled', plan, ...readOnly };

    let outcome;
    try {
      outcome = await applyEdit(this.writeGraphs.for(target.connection), target.ref, {
        ...this.options(target),
        confirmed: plan,
      });
    } catch (err) {
      // Reading the app again failed (sign-in or consent cancelled, offline): nothing was sent.
      const e = toGraphError(err);
      void ui.notify('error', vscode.l10n.t('Not applied: {0}', graphErrorText(e, vscode.l10n)));
      return { status: 'failed', plan, failure: { status: e.status, code: e.code, message: e.message }, ...readOnly };
    }
    if (target.document) this.writeErrors.delete(target.document.uri);
    switch (outcome.status) {
      case 'applied': {
        this.last = {
          connection: target.connection,
          ref: { id: outcome.plan.app.id },
          previous: toManifest(live),
          written: outcome.plan.result,
          displayName: outcome.plan.app.displayName,
        };
        if (target.document) await this.events.onBase(target.document, outcome.plan.result);
        await this.host
          .refreshApp(target.connection, { id: outcome.plan.app.id, appId: outcome.plan.app.appId })
          .catch(() => undefined);
        this.applied.fire({ connection: target.connection, appId: outcome.plan.app.appId });
        const undo = vscode.l10n.t('Undo');
        const sent = outcome.results.length;
        // An open plan view of this app would still offer the plan just sent: it now says it was applied.
        if (this.panel.isShowing(outcome.plan.app.id))
          this.present(
            target,
            outcome.plan,
            undefined,
            {
              kind: 'applied',
              text: vscode.l10n.t(
                'Applied to the tenant ({0} sent). Plan again to compare with the tenant; "Entra: Undo Last Apply to Tenant" restores the previous version.',
                sent === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests', sent),
              ),
            },
            false,
          );
        void ui
          .notify(
            'info',
            vscode.l10n.t(
              'Applied {0} to {1} ({2} sent).',
              changes,
              outcome.plan.app.displayName,
              sent === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests', sent),
            ),
            undo,
          )
          .then((choice) => {
            if (choice === undo) void this.undo().catch((err: unknown) => this.showError(err));
          });
        return { status: 'applied', plan: outcome.plan, ...readOnly };
      }
      case 'unchanged':
        void ui.notify(
          'info',
          vscode.l10n.t('Nothing to apply: {0} in the tenant already matches.', outcome.plan.app.displayName),
        );
        return { status: 'unchanged', plan: outcome.plan, ...readOnly };
      case 'conflict':
        this.present(target, outcome.plan, notice);
        void ui.notify(
          'warning',
          vscode.l10n.t(
            'Not applied: {0} changed in the tenant since your copy was read. The three versions are in the plan view.',
            outcome.plan.conflicts.map((c) => c.path).join(', '),
          ),
        );
        return { status: 'conflict', plan: outcome.plan, ...readOnly };
      case 'blocked':
        this.present(target, outcome.plan, notice);
        return { status: 'blocked', plan: outcome.plan, ...readOnly };
      case 'changed':
        this.present(target, outcome.plan, notice, {
          kind: 'changed',
          text: vscode.l10n.t(
            'Not applied: the app changed in the tenant after the plan was shown. This is the new plan; apply again to confirm it.',
          ),
        });
        void ui.notify(
          'warning',
          vscode.l10n.t(
            'Not applied: {0} changed in the tenant after the plan was shown. Review the new plan.',
            outcome.plan.app.displayName,
          ),
        );
        return { status: 'changed', plan: outcome.plan, ...readOnly };
      case 'failed': {
        const sent = outcome.results.filter((r) => r.status === 'sent').length;
        if (target.document)
          this.writeErrors.set(target.document.uri, [
            writeErrorDiagnostic(target.document, outcome.plan, outcome.failure),
          ]);
        if (sent > 0)
          await this.host
            .refreshApp(target.connection, { id: outcome.plan.app.id, appId: outcome.plan.app.appId })
            .catch(() => undefined);
        const partly =
          sent > 0
            ? vscode.l10n.t(
                ' {0} of {1} request(s) were sent before it; plan again to see what is left.',
                sent,
                outcome.results.length,
              )
            : vscode.l10n.t(' Nothing was changed.');
        void ui.notify('error', `${writeFailureText(outcome.failure, vscode.l10n)}${partly}`);
        return { status: 'failed', plan: outcome.plan, failure: outcome.failure, ...readOnly };
      }
    }
  }

  /** Applies the version before the last apply, as a new plan (confirmed like any other). */
  async undo(): Promise<FlowResult> {
    const last = this.last;
    if (!last) {
      void this.ui().notify('info', vscode.l10n.t('Nothing to undo: no change was applied in this window.'));
      return { status: 'noChanges' };
    }
    const result = await this.apply({
      connection: last.connection,
      ref: last.ref,
      desired: last.previous,
      base: last.written,
      label: vscode.l10n.t('Undo'),
    });
    if (result.status === 'applied') this.last = undefined;
    return result;
  }

  showError(err: unknown): void {
    void this.ui().notify('error', graphErrorText(toGraphError(err), vscode.l10n));
  }
}
