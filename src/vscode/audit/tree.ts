/**
 * The Audit view: the findings of the last tenant audit, grouped by rule (count, severity icon, the
 * rule's risk and what to do in the tooltip) or by app registration. A finding opens the app's
 * manifest at the property; large groups show their findings a thousand at a time.
 */
import * as vscode from 'vscode';
import { auditRules } from '../../core/audit/rules';
import { ruleMeta, ruleTitle as coreRuleTitle } from '../../core/audit/report';
import { auditFix, FIXABLE_RULES, type AuditFix } from '../../core/audit/fixes';
import type { AuditFinding, AuditSnapshot, Severity } from '../../core/audit/types';
import { CommandId } from '../commandIds';
import { escapeMarkdown } from '../../core/text/escape';
import { Disposable } from '../util/dispose';

export const auditViewId = 'entra.audit';

export type GroupBy = 'rule' | 'app';

/** One completed audit as the view shows it. */
export interface AuditRun {
  /** The tenant as signed in (connection key) and its display name. */
  readonly tenant: string;
  readonly tenantLabel: string;
  readonly apps: number;
  readonly findings: readonly AuditFinding[];
  readonly finishedAt: Date;
  /** Parts that could not be read (their rules were skipped). */
  readonly skipped: readonly string[];
  /** What the audit read: the apps findings are fixed and re-checked against. */
  readonly snapshot?: AuditSnapshot;
}

/** The fix of a finding of the run (read against the app as the audit saw it), if it has one. */
export function fixOf(run: AuditRun, finding: AuditFinding): AuditFix | undefined {
  if (!FIXABLE_RULES.has(finding.ruleId) || !run.snapshot) return undefined;
  let apps = appsById.get(run.snapshot);
  if (!apps) appsById.set(run.snapshot, (apps = new Map(run.snapshot.applications.map((a) => [a.id, a]))));
  const app = apps.get(finding.objectId);
  return app ? auditFix(finding, app.json) : undefined;
}

const appsById = new WeakMap<AuditSnapshot, Map<string, AuditSnapshot['applications'][number]>>();

/** Findings listed under a group before a "more" row. */
export const GROUP_PAGE = 1000;

const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
const icons: Record<Severity, [string, string]> = {
  error: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  info: ['info', 'problemsInfoIcon.foreground'],
  hint: ['lightbulb', 'problemsInfoIcon.foreground'],
};

/** A severity in the user's language. */
function severityLabel(severity: Severity): string {
  switch (severity) {
    case 'error':
      return vscode.l10n.t('error');
    case 'warning':
      return vscode.l10n.t('warning');
    case 'info':
      return vscode.l10n.t('info');
    case 'hint':
      return vscode.l10n.t('hint');
  }
}

function severityIcon(severity: Severity): vscode.ThemeIcon {
  const [id, color] = icons[severity];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}

function markdown(lines: readonly string[]): vscode.MarkdownString {
  const m = new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'));
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

/** Only https links from the rule tables become Markdown links. */
function link(url: string, text: string): string {
  return /^https:\/\/[^\s()<>]+$/.test(url) ? `[${escapeMarkdown(text)}](${url})` : escapeMarkdown(url);
}

/** The tooltip of a rule: what it checks, the risk, what to do, its docs and peer controls. */
/** "1 finding", "27 findings". */
export const findingCount = (n: number): string =>
  n === 1 ? vscode.l10n.t('1 finding') : vscode.l10n.t('{0} findings', n.toLocaleString());

export function ruleTooltip(ruleId: string, count: number): vscode.MarkdownString {
  const tenantRule = auditRules.find((r) => r.id === ruleId);
  const meta = ruleMeta(ruleId, vscode.l10n);
  const head = `**${escapeMarkdown(ruleId)}** · ${severityLabel(meta.severity)} · ${findingCount(count)}`;
  if (!tenantRule) {
    return markdown([head, escapeMarkdown(meta.description), link(meta.docs, vscode.l10n.t('Documentation'))]);
  }
  const peers = (tenantRule.peers ?? []).map(
    (p) =>
      `${escapeMarkdown(p.tool)} ${escapeMarkdown(p.id)}: ${escapeMarkdown(p.title)}${p.related ? ` (${vscode.l10n.t('related')})` : ''}`,
  );
  const texts = tenantRule.texts(vscode.l10n);
  return markdown([
    head,
    escapeMarkdown(texts.title),
    `**${vscode.l10n.t('Risk')}:** ${escapeMarkdown(texts.risk)}`,
    `**${vscode.l10n.t('What to do')}:** ${escapeMarkdown(texts.action)}`,
    link(tenantRule.docs, vscode.l10n.t('Documentation')),
    peers.length ? `${vscode.l10n.t('Peer controls')}: ${peers.join('; ')}` : '',
  ]);
}

/** A rule's title for its group row, in the user's language (the rule id is in the tooltip). */
export const ruleTitle = (ruleId: string): string => coreRuleTitle(ruleId, vscode.l10n);

export abstract class AuditNode {
  abstract readonly id: string;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): AuditNode[] {
    return [];
  }
  readonly parent: AuditNode | undefined = undefined;
}

/** One finding: opens the app's manifest at the property. */
export class FindingNode extends AuditNode {
  constructor(
    readonly id: string,
    readonly finding: AuditFinding,
    readonly tenant: string,
    private readonly under: GroupBy,
    override readonly parent: AuditNode,
    /** The finding's fix, when it has one (the view shows "Fix"). */
    readonly fix: AuditFix | undefined,
  ) {
    super();
  }
  get label(): string {
    return this.under === 'rule' ? this.finding.displayName : this.finding.ruleId;
  }
  getTreeItem(): vscode.TreeItem {
    const f = this.finding;
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.under === 'rule' ? f.path || '/' : f.message;
    item.iconPath = severityIcon(f.severity);
    item.tooltip = markdown([
      `**${escapeMarkdown(f.displayName)}** · ${escapeMarkdown(f.ruleId)} · ${severityLabel(f.severity)}`,
      escapeMarkdown(f.message),
      `${vscode.l10n.t('Property')}: ${escapeMarkdown(f.path || '/')}`,
      `${vscode.l10n.t('Application (client) id')}: ${escapeMarkdown(f.appId)}`,
      this.fix ? `${vscode.l10n.t('Fix')}: ${escapeMarkdown(this.fix.label)}` : '',
    ]);
    item.contextValue = this.fix ? 'entraAuditFinding entraAuditFixable' : 'entraAuditFinding';
    item.command = {
      command: CommandId.auditOpenFinding,
      title: vscode.l10n.t('Open Manifest at Property'),
      arguments: [this],
    };
    return item;
  }
}

/** "N more…": shows the next page of a large group. */
export class MoreNode extends AuditNode {
  override readonly parent: AuditNode;
  constructor(
    readonly id: string,
    readonly group: GroupNode,
    private readonly remaining: number,
  ) {
    super();
    this.parent = group;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      vscode.l10n.t('{0} more…', this.remaining.toLocaleString()),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: CommandId.auditShowMore, title: vscode.l10n.t('Show more'), arguments: [this] };
    return item;
  }
}

/** A rule (with its count and severity) or an app registration (with its count and worst severity). */
export class GroupNode extends AuditNode {
  /** Findings shown (grows by GROUP_PAGE with "more"). */
  shown = GROUP_PAGE;
  constructor(
    readonly id: string,
    readonly kind: GroupBy,
    readonly key: string,
    readonly label: string,
    readonly findings: readonly AuditFinding[],
    readonly tenant: string,
    private readonly fixFor: (f: AuditFinding) => AuditFix | undefined = () => undefined,
  ) {
    super();
  }
  get severity(): Severity {
    let worst: Severity = 'hint';
    for (const f of this.findings) if (rank[f.severity] < rank[worst]) worst = f.severity;
    return worst;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.findings.length.toLocaleString();
    item.iconPath = severityIcon(this.severity);
    if (this.kind === 'rule') {
      item.tooltip = ruleTooltip(this.key, this.findings.length);
      item.contextValue = 'entraAuditRule';
    } else {
      const first = this.findings[0]!;
      item.tooltip = markdown([
        `**${escapeMarkdown(first.displayName)}**`,
        `${vscode.l10n.t('Application (client) id')}: ${escapeMarkdown(first.appId)}`,
        findingCount(this.findings.length),
      ]);
      item.contextValue = 'entraAuditApp';
    }
    return item;
  }
  override getChildren(): AuditNode[] {
    const out: AuditNode[] = this.findings
      .slice(0, this.shown)
      .map((f, i) => new FindingNode(`${this.id}/${i}`, f, this.tenant, this.kind, this, this.fixFor(f)));
    if (this.findings.length > this.shown)
      out.push(new MoreNode(`${this.id}/more`, this, this.findings.length - this.shown));
    return out;
  }
}

/** The groups of a run (findings arrive sorted: severity, rule, app, path). */
export function groupFindings(run: AuditRun, by: GroupBy): GroupNode[] {
  const groups = new Map<string, AuditFinding[]>();
  for (const f of run.findings) {
    const key = by === 'rule' ? f.ruleId : f.objectId;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const nodes = [...groups].map(
    ([key, findings]) =>
      new GroupNode(
        `${by}/${key}`,
        by,
        key,
        by === 'rule' ? ruleTitle(key) : findings[0]!.displayName,
        by === 'app'
          ? [...findings].sort(
              (a, b) =>
                rank[a.severity] - rank[b.severity] || a.ruleId.localeCompare(b.ruleId) || a.path.localeCompare(b.path),
            )
          : findings,
        run.tenant,
        (f) => fixOf(run, f),
      ),
  );
  return nodes.sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] || b.findings.length - a.findings.length || a.label.localeCompare(b.label),
  );
}

export class AuditTreeProvider extends Disposable implements vscode.TreeDataProvider<AuditNode> {
  private readonly changed = this.register(new vscode.EventEmitter<AuditNode | undefined | void>());
  readonly onDidChangeTreeData = this.changed.event;
  private runValue: AuditRun | undefined;
  private groupByValue: GroupBy = 'rule';
  private roots: GroupNode[] = [];

  get run(): AuditRun | undefined {
    return this.runValue;
  }
  get groupBy(): GroupBy {
    return this.groupByValue;
  }

  show(run: AuditRun | undefined): void {
    this.runValue = run;
    this.rebuild();
  }

  setGroupBy(by: GroupBy): void {
    this.groupByValue = by;
    this.rebuild();
  }

  showMore(group: GroupNode): void {
    group.shown += GROUP_PAGE;
    this.changed.fire(group);
  }

  private rebuild(): void {
    this.roots = this.runValue ? groupFindings(this.runValue, this.groupByValue) : [];
    this.changed.fire();
  }

  getTreeItem(node: AuditNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: AuditNode): AuditNode[] {
    return node ? node.getChildren() : this.roots;
  }

  getParent(node: AuditNode): AuditNode | undefined {
    return node.parent;
  }
}
