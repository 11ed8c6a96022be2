/**
 * The tenant audit in VS Code: "Entra: Audit Tenant" (palette and tenant node) reads every app
 * registration with a cancellable progress notification, checks it with the audit engine and shows
 * the findings in the Audit view; a finding opens the app's manifest at the property or reveals the
 * app in the Tenants view.
 */
import * as vscode from 'vscode';
import { AuditCancelled, auditApp, compareFindings, createContext } from '../../core/audit/engine';
import { fixEdit } from '../../core/audit/fixes';
import type { AuditFinding } from '../../core/audit/types';
import { graphErrorText, toGraphError } from '../../core/graph/errors';
import { auditTenant as runTenantAudit, readAuditApp } from '../../io/graph/audit';
import type { TenantConnection } from '../auth/session';
import { CommandId } from '../commandIds';
import { registerCommandTable } from '../commandTable';
import { manifestScheme } from '../explorer/manifest';
import { TenantNode } from '../explorer/nodes';
import type { ExplorerApi } from '../explorer/register';
import type { TenantWriter } from '../write/register';
import {
  type AuditApi,
  type AuditCommandResult,
  type AuditProgress,
  type FixFindingResult,
  type OpenFindingResult,
} from './api';
import { TenantFixActions, isManifestFixArg } from './fixActions';
import { openFinding } from './openFinding';
import {
  AuditTreeProvider,
  FindingNode,
  GroupNode,
  MoreNode,
  auditViewId,
  findingCount,
  fixOf,
  type AuditRun,
  type GroupBy,
} from './tree';
export type { AuditApi, AuditCommandResult, AuditProgress, FixFindingResult, OpenFindingResult } from './api';
export { pointerPath } from './openFinding';

/** Context keys read by the view's menus and welcome content. */
const groupByKey = 'entra.auditGroupBy';
const hasRunKey = 'entra.auditHasRun';

const number = (n: number): string => n.toLocaleString();

export function register(context: vscode.ExtensionContext, explorer: ExplorerApi, writer: TenantWriter): AuditApi {
  const provider = new AuditTreeProvider();
  const view = vscode.window.createTreeView('entra.audit', { treeDataProvider: provider, showCollapseAll: true });
  const progressed = new vscode.EventEmitter<AuditProgress>();
  context.subscriptions.push(provider, view, progressed);
  let running: AbortController | undefined;

  const setContext = (key: string, value: unknown): void => {
    void vscode.commands.executeCommand('setContext', key, value);
  };
  setContext(groupByKey, provider.groupBy);
  setContext(hasRunKey, false);

  const labelOf = (c: TenantConnection): string => c.model.organization?.displayName ?? c.tenant;
  const summary = (run: AuditRun): string => {
    const apps =
      run.apps === 1 ? vscode.l10n.t('1 app registration') : vscode.l10n.t('{0} app registrations', number(run.apps));
    const base = vscode.l10n.t(
      '{0}: {1}, {2} ({3})',
      run.tenantLabel,
      apps,
      findingCount(run.findings.length),
      run.finishedAt.toLocaleString(),
    );
    return run.skipped.length
      ? `${base} ${vscode.l10n.t('Not read: {0}; their rules were skipped.', run.skipped.join(', '))}`
      : base;
  };

  async function chooseConnection(arg: unknown): Promise<TenantConnection | undefined> {
    const connections = explorer.connections();
    if (arg instanceof TenantNode) return arg.connection;
    const wanted =
      typeof arg === 'string'
        ? arg
        : typeof (arg as { tenant?: unknown } | null)?.tenant === 'string'
          ? (arg as { tenant: string }).tenant
          : undefined;
    if (wanted) return connections.find((c) => c.tenant === wanted || c.model.organization?.id === wanted);
    if (connections.length === 0) {
      const signIn = vscode.l10n.t('Sign In');
      if (
        (await vscode.window.showInformationMessage(
          vscode.l10n.t('Sign in to a Microsoft Entra tenant to audit it.'),
          signIn,
        )) === signIn
      ) {
        await vscode.commands.executeCommand(CommandId.signIn);
      }
      return undefined;
    }
    if (connections.length === 1) return connections[0];
    const pick = await vscode.window.showQuickPick(
      connections.map((c) => ({ label: labelOf(c), description: c.model.organization?.id ?? c.tenant, connection: c })),
      { title: vscode.l10n.t('Audit Tenant'), placeHolder: vscode.l10n.t('Which tenant to audit') },
    );
    return pick?.connection;
  }

  async function auditTenant(arg?: unknown): Promise<AuditCommandResult | undefined> {
    if (running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('An audit is already running.'));
      return undefined;
    }
    const connection = await chooseConnection(arg);
    if (!connection) return undefined;
    const expiringDays = vscode.workspace.getConfiguration('entra.audit').get<number>('expiringWithinDays', 30);
    const controller = new AbortController();
    running = controller;
    const tenantLabel = labelOf(connection);
    const report = (p: AuditProgress, progress: vscode.Progress<{ message?: string }>): void => {
      const message =
        p.phase === 'read'
          ? p.total !== undefined
            ? vscode.l10n.t('Reading app {0} of {1}', number(p.done), number(p.total))
            : vscode.l10n.t('Reading app {0}', number(p.done))
          : vscode.l10n.t('Checking app {0} of {1}', number(p.done), number(p.total ?? p.done));
      progress.report({ message });
      progressed.fire(p);
    };
    try {
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Auditing {0}', tenantLabel),
          cancellable: true,
        },
        async (progress, token) => {
          const cancelled = token.onCancellationRequested(() => controller.abort());
          try {
            view.message = vscode.l10n.t('Auditing {0}…', tenantLabel);
            const read = await runTenantAudit(connection.graph, {
              tenantId: connection.tenant,
              signal: controller.signal,
              l10n: vscode.l10n,
              expiringDays: Number.isInteger(expiringDays) && expiringDays > 0 ? expiringDays : 30,
              onReadProgress: (p) => report({ phase: 'read', done: p.apps, total: p.total }, progress),
              onCheckProgress: (done, total) => report({ phase: 'check', done, total }, progress),
            });
            const findings = read.findings;
            const run: AuditRun = {
              tenant: connection.tenant,
              tenantLabel,
              apps: read.snapshot.applications.length,
              findings,
              finishedAt: new Date(),
              skipped: [...new Set(read.warnings.map((w) => w.part))],
              snapshot: read.snapshot,
            };
            provider.show(run);
            setContext(hasRunKey, true);
            view.message = summary(run);
            if (view.visible === false)
              void vscode.commands.executeCommand(`${auditViewId}.focus`).then(undefined, () => undefined);
            const byRule: Record<string, number> = {};
            for (const f of findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
            return {
              tenant: connection.tenant,
              cancelled: false,
              apps: run.apps,
              findings: findings.length,
              byRule,
              skipped: run.skipped,
            };
          } finally {
            cancelled.dispose();
          }
        },
      );
    } catch (err) {
      const previous = provider.run;
      if (err instanceof AuditCancelled || controller.signal.aborted) {
        view.message = previous
          ? vscode.l10n.t(
              'The audit of {0} was cancelled: no new results. Shown: the audit of {1} ({2}).',
              tenantLabel,
              previous.tenantLabel,
              previous.finishedAt.toLocaleString(),
            )
          : vscode.l10n.t('The audit of {0} was cancelled: no results.', tenantLabel);
        return { tenant: connection.tenant, cancelled: true, apps: 0, findings: 0, byRule: {}, skipped: [] };
      }
      const e = toGraphError(err);
      view.message = previous ? summary(previous) : undefined;
      void vscode.window.showErrorMessage(
        vscode.l10n.t('The audit of {0} failed: {1}', tenantLabel, graphErrorText(e, vscode.l10n)),
      );
      return undefined;
    } finally {
      running = undefined;
    }
  }

  const findingOf = (arg: unknown): FindingNode | undefined => (arg instanceof FindingNode ? arg : undefined);

  /** Reads one app again and replaces its findings in the run the view shows (1 request). */
  async function recheck(
    run: AuditRun | undefined,
    connection: TenantConnection,
    objectId: string,
  ): Promise<AuditFinding[] | undefined> {
    const snapshot = run?.snapshot;
    // Fixed from a manifest while the view shows no audit of this app: nothing to update.
    if (!run || !snapshot || run.tenant !== connection.tenant || !snapshot.applications.some((a) => a.id === objectId))
      return undefined;
    const before = snapshot.applications.find((a) => a.id === objectId);
    const read = await readAuditApp(connection.graph, objectId);
    if (!read) return undefined;
    const app = { ...read, hasOwners: before?.hasOwners };
    const next = { ...snapshot, applications: snapshot.applications.map((a) => (a.id === objectId ? app : a)) };
    const expiringDays = vscode.workspace.getConfiguration('entra.audit').get<number>('expiringWithinDays', 30);
    const options = {
      expiringDays: Number.isInteger(expiringDays) && expiringDays > 0 ? expiringDays : 30,
      l10n: vscode.l10n,
    };
    const appFindings = auditApp(app, createContext(next, options), options);
    const findings = [...run.findings.filter((f) => f.objectId !== objectId), ...appFindings].sort(compareFindings);
    const updated: AuditRun = { ...run, findings, snapshot: next };
    // Still the run the view shows (no new audit meanwhile): show it with the app re-checked.
    if (provider.run === run) {
      provider.show(updated);
      view.message = summary(updated);
    }
    return appFindings;
  }

  async function fixFinding(arg?: unknown): Promise<FixFindingResult | undefined> {
    const node = findingOf(arg);
    const run = provider.run;
    const target =
      node && run ? { tenant: run.tenant, finding: node.finding, fix: fixOf(run, node.finding) } : undefined;
    const given = isManifestFixArg(arg) ? arg : target;
    if (!given) return undefined;
    const fix = given.fix;
    if (!fix) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('This finding has no automatic fix. Open the manifest at the property to change it.'),
      );
      return undefined;
    }
    const connection = explorer.connections().find((c) => c.tenant === given.tenant);
    if (!connection) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Sign in to {0} again to fix this finding.', given.tenant));
      return undefined;
    }
    const f = given.finding;
    try {
      const outcome =
        fix.kind === 'removeSecret'
          ? await writer.removeSecret(
              connection,
              { id: f.objectId, appId: f.appId, label: f.displayName },
              fix.keyId,
              fix.name,
            )
          : await writer.applyEdit(connection, { id: f.objectId }, fix.label, (live) => fixEdit(fix, live));
      if (outcome.status === 'nothing')
        void vscode.window.showInformationMessage(
          vscode.l10n.t('{0} no longer has this problem in the tenant; its findings are checked again.', f.displayName),
        );
      if (outcome.status !== 'applied' && outcome.status !== 'nothing') return { status: outcome.status };
      return { status: outcome.status, appFindings: await recheck(run, connection, f.objectId) };
    } catch (err) {
      void vscode.window.showErrorMessage(graphErrorText(toGraphError(err), vscode.l10n));
      return { status: 'failed' };
    }
  }
  const auditGroupByApp = () => {
    provider.setGroupBy('app');
    setContext(groupByKey, 'app');
  };
  const auditGroupByRule = () => {
    provider.setGroupBy('rule');
    setContext(groupByKey, 'rule' satisfies GroupBy);
  };
  const auditShowMore = (arg?: unknown) => {
    if (arg instanceof MoreNode) provider.showMore(arg.group);
    else if (arg instanceof GroupNode) provider.showMore(arg);
  };
  const auditOpenFinding = async (arg?: unknown): Promise<OpenFindingResult | undefined> => {
    const node = findingOf(arg);
    if (!node) return undefined;
    try {
      return await openFinding(node.tenant, node.finding);
    } catch (err) {
      void vscode.window.showErrorMessage(graphErrorText(toGraphError(err), vscode.l10n));
      return undefined;
    }
  };
  const auditRevealApp = async (arg?: unknown) => {
    const finding =
      findingOf(arg)?.finding ?? (arg instanceof GroupNode && arg.kind === 'app' ? arg.findings[0] : undefined);
    const tenant = arg instanceof FindingNode || arg instanceof GroupNode ? arg.tenant : undefined;
    if (!finding) return undefined;
    return vscode.commands.executeCommand(CommandId.revealApp, finding.appId, tenant);
  };
  registerCommandTable(context, 'audit', {
    [CommandId.auditTenant]: auditTenant,
    [CommandId.auditGroupByApp]: auditGroupByApp,
    [CommandId.auditGroupByRule]: auditGroupByRule,
    [CommandId.auditShowMore]: auditShowMore,
    [CommandId.auditOpenFinding]: auditOpenFinding,
    [CommandId.auditRevealApp]: auditRevealApp,
    [CommandId.auditFixFinding]: fixFinding,
  });
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      { scheme: manifestScheme },
      new TenantFixActions(),
      TenantFixActions.metadata,
    ),
  );

  return {
    provider: { getChildren: (node) => provider.getChildren(node), getTreeItem: (node) => provider.getTreeItem(node) },
    lastRun: () => provider.run,
    message: () => view.message,
    onDidProgress: progressed.event,
    cancel: () => {
      if (!running) return false;
      running.abort();
      return true;
    },
  };
}
