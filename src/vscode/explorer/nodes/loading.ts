import * as vscode from 'vscode';
import { ExplorerNode } from './base';

/** A row shown while a load runs. */
export class LoadingNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode | undefined,
    readonly label: string,
  ) {
    super(parent);
    this.id = `${parent?.id ?? 'root'}/loading`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('loading~spin');
    return item;
  }
}
