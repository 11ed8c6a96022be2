import * as vscode from 'vscode';
import type { SignInManager } from '../auth/session';
import { Disposable } from '../util/dispose';
import { FailedTenantNode } from './failedTenant';
import { ErrorNode, ExplorerNode, LoadingNode, TenantNode, type ExplorerHost } from './nodes';

export const viewId = 'entra.tenants';

/**
 * How long before a children request a refresh may still be on its way: VS Code's extension host
 * holds refreshes that follow each other closely for 200 ms before it passes them on.
 */
const refreshInTransitMs = 300;

/** Tree data provider of the Tenants view; roots are one node per signed-in tenant. */
export class EntraTreeProvider extends Disposable implements vscode.TreeDataProvider<ExplorerNode>, ExplorerHost {
  private readonly changed = this.register(new vscode.EventEmitter<ExplorerNode | undefined | void>());
  readonly onDidChangeTreeData = this.changed.event;
  private tenants = new Map<string, TenantNode>();
  private readonly subscribed = new WeakSet<TenantNode>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Re-renders scheduled after an answer (see askAgainAfterLoad), cleared on dispose. */
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** The nodes (undefined: the whole tree) those timers will refresh. */
  private readonly again = new Set<ExplorerNode | undefined>();
  /** When each node was last refreshed (ms, monotonic). */
  private readonly firedAt = new WeakMap<ExplorerNode, number>();
  /** Loads from Graph started so far (each runs under withProgress). */
  private loads = 0;
  /** The latest refreshes sent, except those askAgainAfterLoad sent: which node (undefined: all), when. */
  private readonly sent: { node: ExplorerNode | undefined; at: number }[] = [];
  /** Set by register(): the view, for progress and messages. */
  view: vscode.TreeView<ExplorerNode> | undefined;
  /** Reveals running, and the refreshes held back until they are done (see reveal()). */
  private revealing = 0;
  private held: Set<ExplorerNode | undefined> | undefined;
  /** The signed-in tenants changed during a reveal: the roots are synced when it is done. */
  private rootsStale = false;
  /**
   * The roots while reveals run: VS Code finds the node's tenant among the roots it asks for, so
   * they stay those the view showed when the first reveal began (a sign-in that starts meanwhile
   * would answer "Signing in…" instead); the held refresh of the roots shows the new ones after.
   */
  private revealRoots: ExplorerNode[] | undefined;

  constructor(private readonly manager: SignInManager) {
    super();
    this.register(
      manager.onDidChange(() => {
        // While a reveal runs, VS Code resolves the node's tenant among the roots: they change after it.
        if (this.revealing > 0) this.rootsStale = true;
        else this.syncRoots();
        this.fire(undefined);
      }),
    );
    this.register({ dispose: () => this.timers.forEach(clearTimeout) });
  }

  now(): number {
    return Date.now();
  }

  async withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
    this.loads++;
    const run = vscode.window.withProgress({ location: { viewId }, title }, task);
    const tracked = Promise.resolve(run).catch(() => undefined);
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return run;
  }

  /** Resolves when no load started by the tree is running (tests, commands). */
  async whenIdle(): Promise<void> {
    while (this.pending.size) {
      await Promise.all([...this.pending]);
    }
  }

  private syncRoots(): void {
    const next = new Map<string, TenantNode>();
    for (const c of this.manager.connections) {
      const existing = this.tenants.get(c.tenant);
      next.set(c.tenant, existing && existing.connection === c ? existing : new TenantNode(c, this));
    }
    this.tenants = next;
    for (const node of next.values()) {
      if (this.subscribed.has(node)) {
        continue;
      }
      this.subscribed.add(node);
      node.connection.model.onDidChange((change) => {
        // A node replaced by a new sign-in is no longer in the tree: VS Code cannot refresh it.
        if (this.tenants.get(node.connection.tenant) !== node) return;
        if (change.kind === 'tenant') {
          this.fire(node);
        } else if (change.kind === 'list') {
          // A page loaded (or the list was reset): the list's row shows its new count.
          const list = node.knownList(change.key);
          if (list) {
            this.fire(list);
          }
        }
      });
    }
  }

  roots(): ExplorerNode[] {
    switch (this.manager.state) {
      case 'signingIn':
        return [new LoadingNode(undefined, vscode.l10n.t('Signing in…'))];
      case 'signedIn': {
        // Configured order; a tenant that failed shows why in its place.
        const failed = new Map(this.manager.failures.map((f) => [f.tenant, new FailedTenantNode(f)]));
        const order = this.manager.tenantsInOrder;
        return order.flatMap((t): ExplorerNode[] => {
          const node = this.tenants.get(t) ?? failed.get(t);
          return node ? [node] : [];
        });
      }
      default:
        return [];
    }
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    return element.getTreeItem();
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (element) {
      const asked = performance.now();
      const loadsBefore = this.loads;
      const children = await element.getChildren();
      if (this.loads !== loadsBefore) this.askAgainAfterLoad(element, asked, children);
      return children;
    }
    if (this.revealRoots) return this.revealRoots;
    if (this.manager.state === 'signedOut') {
      // First look at the view: sign in silently if a session or stored secret exists.
      await this.manager.trySilentSignIn();
    }
    return this.roots();
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    return element.parent;
  }

  tenantNodes(): TenantNode[] {
    return [...this.tenants.values()];
  }

  refresh(node?: ExplorerNode): void {
    this.fire(node);
  }

  /**
   * Reveals a node in the view. While VS Code reveals, it resolves the node's parents one by one;
   * a refresh that lands meanwhile cancels those requests and drops the nodes already resolved, and
   * VS Code then logs an error and reveals nothing. So refreshes wait until the reveals are done, and
   * go out then, once each (a refresh of the whole tree stands for all of them).
   */
  async reveal(
    node: ExplorerNode,
    options: { select?: boolean; focus?: boolean; expand?: boolean | number },
  ): Promise<void> {
    const view = this.view;
    const roots = this.revealRoots ?? this.roots();
    if (!view || !this.isUnder(node, roots)) return;
    this.revealRoots = roots;
    this.revealing++;
    try {
      await view.reveal(node, options);
    } finally {
      this.revealing--;
      if (this.revealing === 0) this.releaseHeld();
    }
  }

  /** True while a refresh is held back by a reveal (tests). */
  get holdsRefreshes(): boolean {
    return this.held !== undefined && this.held.size > 0;
  }

  /** True when the node hangs under one of the given roots (not under a tenant signed out since). */
  private isUnder(node: ExplorerNode, roots: readonly ExplorerNode[]): boolean {
    let top: ExplorerNode = node;
    for (let depth = 0; depth < 64; depth++) {
      const parent = this.getParent(top);
      if (!parent) break;
      top = parent;
    }
    return roots.includes(top);
  }

  private releaseHeld(): void {
    this.revealRoots = undefined;
    if (this.rootsStale) {
      this.rootsStale = false;
      this.syncRoots();
    }
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    if (held.has(undefined)) {
      this.send(undefined);
      return;
    }
    for (const node of held) this.send(node);
  }

  /** `again`: a refresh of askAgainAfterLoad, which no other answer has to make up for. */
  private fire(node: ExplorerNode | undefined, again = false): void {
    if (node) {
      this.firedAt.set(node, performance.now());
    }
    if (this.revealing > 0) {
      (this.held ??= new Set()).add(node);
      return;
    }
    this.send(node, again);
  }

  private send(node: ExplorerNode | undefined, again = false): void {
    if (!again) {
      this.sent.push({ node, at: performance.now() });
      if (this.sent.length > 64) this.sent.shift();
    }
    this.changed.fire(node);
  }

  /** True when `above` is `node`'s parent, grandparent… */
  private isAbove(above: ExplorerNode, node: ExplorerNode): boolean {
    let current = this.getParent(node);
    for (let depth = 0; current && depth < 64; depth++) {
      if (current === above) return true;
      current = this.getParent(current);
    }
    return false;
  }

  /**
   * VS Code can lose the answer to a children request that took a while, and the node then shows
   * expanded and empty until collapsed:
   * - a refresh of the whole tree that lands meanwhile cancels the request, and requests batched
   *   with others while a refresh runs can be answered with nothing;
   * - a refresh of a node above it that lands meanwhile makes VS Code file the answer's rows under
   *   the node's previous entry: asked again, it refuses those rows as already known. Only a
   *   refresh of the whole tree forgets them.
   * So after children came from Graph (the request started a load), the node is refreshed once
   * (its children are in memory now and answer at once); the whole tree instead when a refresh of
   * the tree was sent while it loaded, or one of a node above while it loaded or shortly before
   * (VS Code may still hold it). Not for a node refreshed since by itself (a list after its page
   * loaded), nor for an error row (asking again would send the failed request again). These
   * refreshes do not count as crossing another load.
   */
  private askAgainAfterLoad(element: ExplorerNode, asked: number, children: readonly ExplorerNode[]): void {
    if (children.some((c) => c instanceof ErrorNode)) {
      return;
    }
    // A refresh of the whole tree sent before the request is the one VS Code asked it for.
    const crossed = this.sent.some((s) =>
      s.node === undefined ? s.at >= asked : s.at >= asked - refreshInTransitMs && this.isAbove(s.node, element),
    );
    if (!crossed && (this.firedAt.get(element) ?? Number.NEGATIVE_INFINITY) >= asked) {
      return;
    }
    // After the answer went out: a refresh sent before it would reach VS Code first and cancel the
    // very request being answered.
    const target = crossed ? undefined : element;
    if (this.again.has(target)) return;
    this.again.add(target);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.again.delete(target);
      this.fire(target, true);
    }, 0);
    this.timers.add(timer);
  }
}
