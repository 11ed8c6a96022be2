import * as vscode from 'vscode';
import { toGraphError } from '../../../core/graph/errors';
import type { AppDetails } from '../../../core/tenant/model';
import {
  appSections,
  attentionCount,
  credentialSummary,
  expiringSoonDays,
  readableDate,
  type SectionRow,
} from '../../../core/tenant/sections';
import type { AppListEntry } from '../../../core/tenant/types';
import { codeSpan, escapeMarkdown } from '../../../core/text/escape';
import type { TenantConnection } from '../../auth/session';
import { ContextValue, ExplorerNode, icon, md, shown, type ExplorerHost } from './base';
import { ErrorNode } from './error';
import type { ListNode } from './list';
import { ValueNode } from './value';

/** An app registration; expanded, its sections (built by core/tenant/sections.ts from the model's data). */
export class AppNode extends ExplorerNode {
  readonly id: string;
  private sections: ExplorerNode[] | undefined;
  private sectionsFor: AppDetails | undefined;
  constructor(
    readonly listNode: ListNode,
    readonly connection: TenantConnection,
    readonly entry: AppListEntry,
    readonly deleted: boolean,
    private readonly host: ExplorerHost,
  ) {
    super(listNode);
    this.id = `${listNode.id}/app:${entry.id}`;
    this.copy = entry.appId;
  }
  get label(): string {
    return shown(this.entry.displayName || this.entry.appId);
  }
  get details(): AppDetails | undefined {
    return this.connection.model.cachedDetails(this.entry.id);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.label,
      this.deleted ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    const now = this.host.now();
    const details = this.details;
    const ends = details
      ? details.app.credentials
          .map((c) => (c.endDateTime ? Date.parse(c.endDateTime) : NaN))
          .filter((t) => !Number.isNaN(t))
      : this.entry.credentialEnds;
    const attention = attentionCount(ends, now);
    const expired = (ends ?? []).some((t) => t <= now);
    item.iconPath = this.deleted
      ? icon('trash')
      : attention
        ? icon('window', expired ? 'list.errorForeground' : 'list.warningForeground')
        : icon('window');
    if (this.deleted) {
      item.description = this.entry.deletedDateTime
        ? vscode.l10n.t('deleted {0}', this.entry.deletedDateTime.slice(0, 10))
        : vscode.l10n.t('deleted');
    } else if (attention) {
      item.description = credentialSummary(ends ?? [], now, vscode.l10n);
    }
    item.tooltip = md(
      [
        `**${escapeMarkdown(this.label)}**`,
        vscode.l10n.t('Client id {0}', codeSpan(this.entry.appId)),
        vscode.l10n.t('Object id {0}', codeSpan(this.entry.id)),
        this.entry.createdDateTime
          ? vscode.l10n.t('Created {0}', escapeMarkdown(readableDate(this.entry.createdDateTime)))
          : '',
        attention
          ? `$(warning) ${vscode.l10n.t('{0} secret(s) or certificate(s) expired or expiring within {1} days', attention, expiringSoonDays)}`
          : '',
      ].filter(Boolean),
    );
    (item.tooltip as vscode.MarkdownString).supportThemeIcons = true;
    item.contextValue = [this.deleted ? ContextValue.deletedApp : ContextValue.app, ContextValue.copyable].join(' ');
    return item;
  }

  /** Forgets built sections (after a refresh). */
  invalidate(): void {
    this.sections = undefined;
    this.sectionsFor = undefined;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    if (this.deleted) {
      return [];
    }
    let details = this.details;
    if (!details) {
      try {
        details = await this.host.withProgress(vscode.l10n.t('Loading {0}…', this.label), () =>
          this.connection.model.expand(this.entry),
        );
      } catch (err) {
        return [new ErrorNode(this, toGraphError(err), this)];
      }
    }
    if (!this.sections || this.sectionsFor !== details) {
      this.sections = buildSections(this, details, this.connection, this.host.now());
      this.sectionsFor = details;
    }
    return this.sections;
  }
}

/** A section row as a tree node; error rows retry by reloading the app. */
function rowNode(parent: ExplorerNode, row: SectionRow, app: AppNode): ExplorerNode {
  if (row.kind === 'error') {
    return new ErrorNode(parent, row.error, app, row.key);
  }
  const node = new ValueNode(parent, row.key, row.label, row.description, {
    ...(row.copy !== undefined ? { copy: row.copy } : {}),
    ...(row.icon ? { icon: icon(row.icon.id, row.icon.color) } : {}),
    ...(row.tooltip ? { tooltip: md([...row.tooltip]) } : {}),
    ...(row.contextValue !== undefined ? { contextValue: row.contextValue } : {}),
    ...(row.expanded !== undefined ? { expanded: row.expanded } : {}),
  });
  for (const child of row.children) {
    node.add(rowNode(node, child, app));
  }
  return node;
}

/** Builds the section nodes of an expanded app from its details (no requests). */
export function buildSections(app: AppNode, d: AppDetails, connection: TenantConnection, now: number): ExplorerNode[] {
  return appSections(d, connection.model.names, now, vscode.l10n).map((row) => rowNode(app, row, app));
}
