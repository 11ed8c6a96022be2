import * as vscode from 'vscode';
import { ContextValue, ExplorerNode, shown } from './base';

/** A leaf (or group) with a label, a description and an optional value to copy. */
export class ValueNode extends ExplorerNode {
  readonly id: string;
  children: ExplorerNode[] = [];
  constructor(
    parent: ExplorerNode,
    key: string,
    readonly label: string,
    readonly description: string | undefined,
    options: {
      copy?: string;
      icon?: vscode.ThemeIcon;
      tooltip?: vscode.MarkdownString | string;
      contextValue?: string;
      expanded?: boolean;
    } = {},
  ) {
    super(parent);
    this.id = `${parent.id}/${key}`;
    this.copy = options.copy;
    this.options = options;
  }
  private readonly options: {
    copy?: string;
    icon?: vscode.ThemeIcon;
    tooltip?: vscode.MarkdownString | string;
    contextValue?: string;
    expanded?: boolean;
  };
  add(child: ExplorerNode): this {
    this.children.push(child);
    return this;
  }
  getTreeItem(): vscode.TreeItem {
    const state = this.children.length
      ? this.options.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(shown(this.label), state);
    item.id = this.id;
    item.description = shown(this.description);
    item.iconPath = this.options.icon;
    const tooltip = this.options.tooltip ?? (this.copyValue ? `${this.label}: ${this.copyValue}` : undefined);
    item.tooltip = typeof tooltip === 'string' ? shown(tooltip) : tooltip;
    const tokens = [
      ContextValue.value,
      this.options.contextValue,
      this.copyValue !== undefined ? ContextValue.copyable : undefined,
    ].filter(Boolean);
    item.contextValue = tokens.join(' ');
    return item;
  }
  override getChildren(): ExplorerNode[] {
    return this.children;
  }
}
