import * as vscode from 'vscode';
import type { AppList, AppView } from '../../../core/tenant/model';
import type { AppListEntry } from '../../../core/tenant/types';
import type { TenantConnection } from '../../auth/session';
import { AppNode } from './app';
import { ContextValue, ExplorerNode, shown, type ExplorerHost } from './base';
import { ErrorNode } from './error';
import { LoadMoreNode } from './loadMore';
import type { TenantNode } from './tenant';
import { ValueNode } from './value';

// Labels are read when a node is made (after activation), in the display language.
const listLabels: Record<AppView | 'search', { readonly label: string; readonly icon: string }> = {
  all: {
    get label() {
      return vscode.l10n.t('All applications');
    },
    icon: 'list-unordered',
  },
  owned: {
    get label() {
      return vscode.l10n.t('Owned by me');
    },
    icon: 'person',
  },
  deleted: {
    get label() {
      return vscode.l10n.t('Deleted applications');
    },
    icon: 'trash',
  },
  search: {
    get label() {
      return vscode.l10n.t('Search results');
    },
    icon: 'search',
  },
};

/** One list of a tenant's app registrations (all, owned, deleted, search results), loaded page by page. */
export class ListNode extends ExplorerNode {
  readonly id: string;
  private readonly apps = new Map<string, AppNode>();
  private listRef: AppList | undefined;
  searchText: string | undefined;
  constructor(
    readonly tenantNode: TenantNode,
    readonly connection: TenantConnection,
    readonly key: AppView | 'search',
    private readonly host: ExplorerHost,
  ) {
    super(tenantNode);
    this.id = `${tenantNode.id}/${key}`;
  }
  get label(): string {
    return listLabels[this.key].label;
  }
  get list(): AppList {
    const model = this.connection.model;
    const current = this.key === 'search' ? model.searchList() : model.list(this.key);
    if (current !== this.listRef) {
      this.apps.clear();
      this.listRef = current;
    }
    return current ?? model.list('all');
  }
  getTreeItem(): vscode.TreeItem {
    const list = this.list;
    const item = new vscode.TreeItem(
      this.label,
      this.key === 'all' || this.key === 'search'
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(listLabels[this.key].icon);
    if (this.key === 'search') {
      item.description = `“${shown(this.searchText ?? '')}” · ${list.entries.length}${list.hasMore ? '+' : ''}`;
    } else if (list.started && !list.error) {
      item.description = list.hasMore
        ? vscode.l10n.t('{0} loaded, more available', list.entries.length)
        : String(list.entries.length);
    }
    item.contextValue = [ContextValue.list, this.key === 'search' ? ContextValue.search : undefined]
      .filter(Boolean)
      .join(' ');
    return item;
  }
  appNode(entry: AppListEntry): AppNode {
    let node = this.apps.get(entry.id);
    if (!node || node.entry !== entry) {
      node = new AppNode(this, this.connection, entry, this.key === 'deleted', this.host);
      this.apps.set(entry.id, node);
    }
    return node;
  }
  override async getChildren(): Promise<ExplorerNode[]> {
    const list = this.list;
    if (!list.started || list.loading) {
      try {
        await this.host.withProgress(vscode.l10n.t('Loading app registrations of {0}…', this.tenantNode.label), () =>
          this.connection.model.loadNextPage(list),
        );
      } catch {
        // Kept on the list; rendered below.
      }
    }
    const nodes: ExplorerNode[] = list.entries.map((e) => this.appNode(e));
    if (list.hasMore) {
      nodes.push(new LoadMoreNode(this));
    }
    if (list.error) {
      nodes.push(new ErrorNode(this, list.error, list.error.code === 'AppOnlySignIn' ? undefined : this));
    } else if (list.complete && list.entries.length === 0) {
      nodes.push(
        new ValueNode(
          this,
          'empty',
          this.key === 'search' ? vscode.l10n.t('No app registrations match.') : vscode.l10n.t('No app registrations.'),
          undefined,
          { icon: new vscode.ThemeIcon('info') },
        ),
      );
    }
    return nodes;
  }
}
