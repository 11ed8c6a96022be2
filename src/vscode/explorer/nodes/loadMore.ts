import * as vscode from 'vscode';
import { ContextValue, ExplorerNode } from './base';
import type { ListNode } from './list';

/** The row after a list's last page: loads the next one. */
export class LoadMoreNode extends ExplorerNode {
  readonly id: string;
  readonly label = vscode.l10n.t('Load more…');
  constructor(readonly listNode: ListNode) {
    super(listNode);
    this.id = `${listNode.id}/more`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = ContextValue.loadMore;
    item.tooltip = vscode.l10n.t('Load the next {0} app registrations', this.listNode.connection.model.pageSize);
    item.command = { command: 'entra.loadMore', title: this.label, arguments: [this] };
    return item;
  }
}
