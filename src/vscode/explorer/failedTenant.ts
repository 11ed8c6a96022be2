/**
 * A configured tenant whose sign-in failed while others succeeded: a root named after the tenant
 * with one row saying why (the AADSTS code in words) and the way out; clicking the row signs in to
 * that tenant again, alone.
 */
import * as vscode from 'vscode';
import type { TenantFailure } from '../auth/session';
import { visible } from '../../core/text/visible';
import { escapeMarkdown } from '../../core/text/escape';
import { ContextValue, ExplorerNode } from './nodes';

export class FailedTenantNode extends ExplorerNode {
  readonly id: string;
  readonly label: string;
  constructor(readonly failure: TenantFailure) {
    super(undefined);
    this.id = `tenant:${failure.tenant}`;
    this.label = visible(failure.tenant);
  }
  get tenant(): string {
    return this.failure.tenant;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = vscode.l10n.t('sign-in failed');
    item.iconPath = new vscode.ThemeIcon('organization', new vscode.ThemeColor('list.errorForeground'));
    item.tooltip = new vscode.MarkdownString(escapeMarkdown(visible(this.failure.error.message)));
    item.contextValue = `${ContextValue.tenant}Failed ${ContextValue.copyable}`;
    return item;
  }
  override get copyValue(): string {
    return this.failure.tenant;
  }
  override getChildren(): ExplorerNode[] {
    return [new TenantFailureRow(this)];
  }
}

/** The failed tenant's row: the reason and the way out; clicking it retries that tenant. */
export class TenantFailureRow extends ExplorerNode {
  readonly id: string;
  readonly label: string;
  constructor(readonly tenantNode: FailedTenantNode) {
    super(tenantNode);
    this.id = `${tenantNode.id}/error`;
    this.label = visible(tenantNode.failure.error.message);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    const md = new vscode.MarkdownString(
      [
        escapeMarkdown(this.label),
        vscode.l10n.t('Click to sign in to {0} again.', escapeMarkdown(this.tenantNode.label)),
      ].join('\n\n'),
    );
    md.isTrusted = false;
    item.tooltip = md;
    item.contextValue = `${ContextValue.error} ${ContextValue.copyable}`;
    item.command = { command: 'entra.refreshNode', title: vscode.l10n.t('Retry'), arguments: [this.tenantNode] };
    return item;
  }
  override get copyValue(): string {
    return this.tenantNode.failure.error.message;
  }
}
