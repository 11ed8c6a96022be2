import * as vscode from 'vscode';
import type { AppView } from '../../../core/tenant/model';
import { codeSpan, escapeMarkdown } from '../../../core/text/escape';
import { accountLabel, type TenantConnection } from '../../auth/session';
import { ContextValue, ExplorerNode, md, shown, type ExplorerHost } from './base';
import { ListNode } from './list';

/** A signed-in tenant: its lists of app registrations (search results first when there are some). */
export class TenantNode extends ExplorerNode {
  readonly id: string;
  private readonly lists = new Map<string, ListNode>();
  constructor(
    readonly connection: TenantConnection,
    private readonly host: ExplorerHost,
  ) {
    super(undefined);
    this.id = `tenant:${connection.tenant}`;
  }
  get label(): string {
    return shown(this.connection.model.organization?.displayName ?? this.connection.tenant);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    const org = this.connection.model.organization;
    item.id = this.id;
    item.description = shown(org?.defaultDomain ?? (org ? org.id : undefined));
    item.iconPath = new vscode.ThemeIcon('organization');
    const account = accountLabel(this.connection);
    const signedIn = account
      ? vscode.l10n.t(
          'Signed in as {0} ({1})',
          escapeMarkdown(account),
          this.connection.graph.permissionType === 'application'
            ? vscode.l10n.t('app-only')
            : vscode.l10n.t('delegated'),
        )
      : '';
    item.tooltip = md(
      [
        `**${escapeMarkdown(this.label)}**`,
        org ? vscode.l10n.t('Tenant id {0}', codeSpan(org.id)) : '',
        org?.defaultDomain ? escapeMarkdown(org.defaultDomain) : '',
        vscode.l10n.t('{0} cloud', escapeMarkdown(this.connection.graph.cloud.label)),
        signedIn,
      ].filter(Boolean),
    );
    item.contextValue = `${ContextValue.tenant} ${ContextValue.copyable}`;
    return item;
  }
  override get copyValue(): string {
    return this.connection.model.organization?.id ?? this.connection.tenant;
  }
  /** The list's node when it was shown already (no new node). */
  knownList(key: string): ListNode | undefined {
    return this.lists.get(key);
  }
  listNode(key: AppView | 'search'): ListNode {
    let node = this.lists.get(key);
    if (!node) {
      node = new ListNode(this, this.connection, key, this.host);
      this.lists.set(key, node);
    }
    return node;
  }
  override getChildren(): ExplorerNode[] {
    const nodes: ExplorerNode[] = [];
    if (this.connection.model.searchList()) {
      nodes.push(this.listNode('search'));
    }
    nodes.push(this.listNode('all'), this.listNode('owned'), this.listNode('deleted'));
    return nodes;
  }
}
