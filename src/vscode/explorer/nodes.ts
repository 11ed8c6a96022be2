/**
 * Tree model of the tenant explorer: plain objects with getTreeItem()/getChildren(), stable ids
 * (for reveal), contextValue tokens combined for menus, codicons and Markdown tooltips.
 */
import * as vscode from 'vscode';
import type { GraphError, GraphErrorKind } from '../../core/graph/errors';
import { toGraphError } from '../../core/graph/errors';
import type { PermissionStatus } from '../../core/tenant/consent';
import type { AppDetails, AppList, AppView } from '../../core/tenant/model';
import type { AppListEntry, CredentialInfo } from '../../core/tenant/types';
import { accountLabel, type TenantConnection } from '../auth/session';
import { visible } from '../../core/text/visible';
import { codeSpan, escapeMarkdown } from '../../core/text/escape';

/** What nodes need from their surroundings. */
export interface ExplorerHost {
  /** Runs a load with progress shown on the view. */
  withProgress<T>(title: string, task: () => Promise<T>): Promise<T>;
  /** Clock (credential expiry). */
  now(): number;
}

export const ContextValue = {
  tenant: 'entraTenant',
  list: 'entraList',
  search: 'entraSearch',
  app: 'entraApp',
  deletedApp: 'entraDeletedApp',
  copyable: 'entraCopyable',
  value: 'entraValue',
  error: 'entraError',
  loadMore: 'entraLoadMore',
  section: 'entraSection',
} as const;

const day = 24 * 60 * 60 * 1000;
export const expiringSoonDays = 30;

export abstract class ExplorerNode {
  abstract readonly id: string;
  constructor(readonly parent: ExplorerNode | undefined) {}
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<ExplorerNode[]> | ExplorerNode[] {
    return [];
  }
  protected copy: string | undefined;
  /** The value `entra.copyValue` copies, when the node is copyable. */
  get copyValue(): string | undefined {
    return this.copy;
  }
  /** Label as shown (tests and search use it). */
  abstract readonly label: string;
}

/** Untrusted text (names and URIs from Graph) as shown: invisible and bidi characters become ⟨U+202E⟩ markers. */
function shown(text: string): string;
function shown(text: string | undefined): string | undefined;
function shown(text: string | undefined): string | undefined {
  return text === undefined ? undefined : visible(text);
}

function md(lines: string[]): vscode.MarkdownString {
  const m = new vscode.MarkdownString(visible(lines.join('\n\n'), { keepNewlines: true }));
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

/** Escapes Markdown so untrusted names render as text. */

function icon(id: string, color?: string): vscode.ThemeIcon {
  return color ? new vscode.ThemeIcon(id, new vscode.ThemeColor(color)) : new vscode.ThemeIcon(id);
}

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

const transientKinds = new Set<GraphErrorKind>([
  'throttled',
  'unavailable',
  'timeout',
  'unreadable',
  'offline',
  'notFound',
]);

/** A row telling what went wrong and what to do; clicking it retries or signs in. */
export class ErrorNode extends ExplorerNode {
  readonly id: string;
  readonly label: string;
  constructor(
    parent: ExplorerNode | undefined,
    readonly error: GraphError,
    private readonly retryTarget: ExplorerNode | undefined,
    key = 'error',
  ) {
    super(parent);
    this.id = `${parent?.id ?? 'root'}/${key}`;
    this.label = shown(error.message);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    // Passing trouble (retrying helps) is a warning; what needs the user's action is an error.
    const passing = transientKinds.has(this.error.kind);
    item.iconPath = icon(
      passing ? 'warning' : 'error',
      passing && this.error.kind !== 'offline' ? 'list.warningForeground' : 'list.errorForeground',
    );
    const action =
      this.error.kind === 'signin'
        ? vscode.l10n.t('Click to sign in again.')
        : this.retryTarget
          ? vscode.l10n.t('Click to retry.')
          : '';
    item.tooltip = md(
      [
        escapeMarkdown(this.error.message),
        this.error.requestId ? `request-id ${codeSpan(this.error.requestId)}` : '',
        action,
      ].filter(Boolean),
    );
    item.contextValue = `${ContextValue.error} ${ContextValue.copyable}`;
    if (this.error.kind === 'signin') {
      // Signs in again the configured way (no quick pick of methods).
      item.command = { command: 'entra.signIn', title: vscode.l10n.t('Sign In'), arguments: [{ method: 'current' }] };
    } else if (this.retryTarget) {
      item.command = { command: 'entra.refreshNode', title: vscode.l10n.t('Retry'), arguments: [this.retryTarget] };
    }
    return item;
  }
  override get copyValue(): string {
    return this.error.message;
  }
}

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
        org ? `Tenant id ${codeSpan(org.id)}` : '',
        org?.defaultDomain ? escapeMarkdown(org.defaultDomain) : '',
        `${escapeMarkdown(this.connection.graph.cloud.label)} cloud`,
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

const listLabels: Record<AppView | 'search', { label: string; icon: string }> = {
  all: { label: 'All applications', icon: 'list-unordered' },
  owned: { label: 'Owned by me', icon: 'person' },
  deleted: { label: 'Deleted applications', icon: 'trash' },
  search: { label: 'Search results', icon: 'search' },
};

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

export type ExpiryState = 'expired' | 'expiring' | 'valid' | 'unknown';

export function expiryState(end: string | number | undefined, now: number): ExpiryState {
  const t = typeof end === 'number' ? end : end ? Date.parse(end) : NaN;
  if (Number.isNaN(t)) {
    return 'unknown';
  }
  if (t <= now) {
    return 'expired';
  }
  return t - now <= expiringSoonDays * day ? 'expiring' : 'valid';
}

/** Number of credentials expired or expiring within 30 days. */
export function attentionCount(ends: readonly number[] | undefined, now: number): number {
  return (ends ?? []).filter((t) => expiryState(t, now) !== 'valid').length;
}

/** "1 expired, 2 expiring" (secrets and certificates within 30 days of their end). */
export function credentialSummary(ends: readonly number[], now: number): string {
  const expired = ends.filter((t) => expiryState(t, now) === 'expired').length;
  const expiring = ends.filter((t) => expiryState(t, now) === 'expiring').length;
  return [expired ? vscode.l10n.t('{0} expired', expired) : '', expiring ? vscode.l10n.t('{0} expiring', expiring) : '']
    .filter(Boolean)
    .join(', ');
}

/** Graph's ISO 8601 instant as `2024-05-01 10:00 UTC` (the text as is when it is not one). */
export function readableDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) {
    return iso;
  }
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function relativeDays(t: number, now: number): string {
  const days = Math.round(Math.abs(t - now) / day);
  if (t <= now) {
    return days === 0 ? vscode.l10n.t('expired today') : vscode.l10n.t('expired {0} days ago', days);
  }
  return days === 0 ? vscode.l10n.t('expires today') : vscode.l10n.t('expires in {0} days', days);
}

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
      item.description = credentialSummary(ends ?? [], now);
    }
    item.tooltip = md(
      [
        `**${escapeMarkdown(this.label)}**`,
        `Client id ${codeSpan(this.entry.appId)}`,
        `Object id ${codeSpan(this.entry.id)}`,
        this.entry.createdDateTime ? `Created ${escapeMarkdown(readableDate(this.entry.createdDateTime))}` : '',
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

function yesNo(value: boolean): string {
  return value ? vscode.l10n.t('Yes') : vscode.l10n.t('No');
}

function credentialNode(parent: ExplorerNode, c: CredentialInfo, now: number): ValueNode {
  const state = expiryState(c.endDateTime, now);
  const end = c.endDateTime ? Date.parse(c.endDateTime) : NaN;
  const when = Number.isNaN(end) ? vscode.l10n.t('no end date') : relativeDays(end, now);
  const iconFor: Record<ExpiryState, vscode.ThemeIcon> = {
    expired: icon('error', 'list.errorForeground'),
    expiring: icon('warning', 'list.warningForeground'),
    valid: icon('pass', 'testing.iconPassed'),
    unknown: icon('question'),
  };
  const kind = c.kind === 'secret' ? vscode.l10n.t('Secret') : vscode.l10n.t('Certificate');
  const label = c.displayName || (c.hint ? `${c.hint}…` : c.keyId);
  return new ValueNode(parent, `cred:${c.keyId}`, label, `${kind} · ${when}`, {
    copy: c.keyId,
    icon: iconFor[state],
    contextValue: `entraCredential entraCredential-${state} entraCredential-${c.kind}`,
    tooltip: md(
      [
        `**${escapeMarkdown(label)}** (${kind})`,
        `Key id ${codeSpan(c.keyId)}`,
        c.startDateTime ? `Start ${escapeMarkdown(c.startDateTime)}` : '',
        c.endDateTime ? `End ${escapeMarkdown(c.endDateTime)}` : '',
        c.kind === 'certificate' && c.type ? `${escapeMarkdown(c.type)} ${escapeMarkdown(c.usage ?? '')}` : '',
      ].filter(Boolean),
    ),
  });
}

function permissionIcon(p: PermissionStatus): vscode.ThemeIcon {
  switch (p.state) {
    case 'grantedForTenant':
      return icon('pass-filled', 'testing.iconPassed');
    case 'grantedForSomeUsers':
      return icon('pass', 'list.warningForeground');
    case 'unknown':
      return icon('question');
    default:
      return p.adminConsentRequired ? icon('warning', 'list.warningForeground') : icon('circle-large-outline');
  }
}

/** Builds the sections of an expanded app from its details (no requests). */
export function buildSections(app: AppNode, d: AppDetails, connection: TenantConnection, now: number): ExplorerNode[] {
  const model = connection.model;
  const a = d.app;
  // `extra`: a context value token for the section's menu actions (write path).
  const section = (key: string, label: string, iconId: string, description?: string, extra?: string): ValueNode =>
    new ValueNode(app, key, label, description, {
      icon: new vscode.ThemeIcon(iconId),
      contextValue: extra ? `${ContextValue.section} ${extra}` : ContextValue.section,
    });

  const overview = section('overview', vscode.l10n.t('Overview'), 'info');
  overview
    .add(
      new ValueNode(overview, 'appId', vscode.l10n.t('Application (client) ID'), a.appId, {
        copy: a.appId,
        icon: icon('key'),
      }),
    )
    .add(
      new ValueNode(overview, 'objectId', vscode.l10n.t('Object ID'), a.id, { copy: a.id, icon: icon('symbol-field') }),
    )
    .add(
      new ValueNode(overview, 'audience', vscode.l10n.t('Supported account types'), a.signInAudience ?? '—', {
        copy: a.signInAudience,
        icon: icon('globe'),
      }),
    )
    .add(
      new ValueNode(
        overview,
        'tokenVersion',
        vscode.l10n.t('Access token version'),
        a.requestedAccessTokenVersion === null ? vscode.l10n.t('1 (default)') : String(a.requestedAccessTokenVersion),
        {
          copy: String(a.requestedAccessTokenVersion ?? 1),
          icon: icon('versions'),
        },
      ),
    )
    .add(
      new ValueNode(overview, 'publisherDomain', vscode.l10n.t('Publisher domain'), a.publisherDomain ?? '—', {
        copy: a.publisherDomain,
        icon: icon('globe'),
      }),
    )
    .add(
      new ValueNode(
        overview,
        'created',
        vscode.l10n.t('Created'),
        a.createdDateTime ? readableDate(a.createdDateTime) : '—',
        { copy: a.createdDateTime, icon: icon('calendar') },
      ),
    );

  const auth = section('authentication', vscode.l10n.t('Authentication'), 'shield', undefined, 'entraAuthentication');
  const platforms: Array<[string, string, readonly string[]]> = [
    ['web', vscode.l10n.t('Web'), a.webRedirectUris],
    ['spa', vscode.l10n.t('Single-page application'), a.spaRedirectUris],
    ['public', vscode.l10n.t('Mobile and desktop (public client)'), a.publicClientRedirectUris],
  ];
  for (const [key, label, uris] of platforms) {
    if (uris.length === 0) {
      continue;
    }
    const group = new ValueNode(auth, key, label, String(uris.length), {
      icon: icon('link'),
      contextValue: 'entraRedirectPlatform',
    });
    uris.forEach((u, i) =>
      group.add(
        new ValueNode(group, `uri${i}`, u, undefined, {
          copy: u,
          icon: icon('link-external'),
          contextValue: 'entraRedirectUri',
        }),
      ),
    );
    auth.add(group);
  }
  if (!platforms.some(([, , uris]) => uris.length)) {
    auth.add(new ValueNode(auth, 'noUris', vscode.l10n.t('No redirect URIs'), undefined, { icon: icon('info') }));
  }
  const implicit = a.implicitAccessTokens || a.implicitIdTokens;
  auth.add(
    new ValueNode(
      auth,
      'implicit',
      vscode.l10n.t('Implicit grant'),
      implicit
        ? [
            a.implicitAccessTokens ? vscode.l10n.t('access tokens') : '',
            a.implicitIdTokens ? vscode.l10n.t('ID tokens') : '',
          ]
            .filter(Boolean)
            .join(', ')
        : vscode.l10n.t('off'),
      {
        icon: a.implicitAccessTokens ? icon('warning', 'list.warningForeground') : icon('circle-slash'),
      },
    ),
  );
  auth.add(
    new ValueNode(auth, 'publicClient', vscode.l10n.t('Allow public client flows'), yesNo(a.isFallbackPublicClient), {
      icon: icon('device-desktop'),
    }),
  );

  const summary = credentialSummary(
    a.credentials.map((c) => (c.endDateTime ? Date.parse(c.endDateTime) : NaN)).filter((t) => !Number.isNaN(t)),
    now,
  );
  const creds = section(
    'credentials',
    vscode.l10n.t('Certificates & secrets'),
    'key',
    summary ? `${a.credentials.length} · ${summary}` : String(a.credentials.length),
    'entraCredentials',
  );
  for (const c of a.credentials) {
    creds.add(credentialNode(creds, c, now));
  }
  if (!a.credentials.length) {
    creds.add(
      new ValueNode(creds, 'none', vscode.l10n.t('No secrets or certificates'), undefined, { icon: icon('info') }),
    );
  }

  const api = section('api', vscode.l10n.t('Expose an API'), 'symbol-interface');
  const uris = new ValueNode(
    api,
    'identifierUris',
    vscode.l10n.t('Application ID URIs'),
    String(a.identifierUris.length),
    { icon: icon('link') },
  );
  a.identifierUris.forEach((u, i) =>
    uris.add(new ValueNode(uris, `u${i}`, u, undefined, { copy: u, icon: icon('link') })),
  );
  api.add(uris);
  const scopes = new ValueNode(api, 'scopes', vscode.l10n.t('Scopes'), String(a.scopes.length), {
    icon: icon('symbol-key'),
  });
  for (const s of a.scopes) {
    const who = s.type === 'Admin' ? vscode.l10n.t('Admins only') : vscode.l10n.t('Admins and users');
    scopes.add(
      new ValueNode(scopes, `s:${s.id}`, s.value, `${who}${s.isEnabled ? '' : ` · ${vscode.l10n.t('disabled')}`}`, {
        copy: a.identifierUris[0] ? `${a.identifierUris[0]}/${s.value}` : s.value,
        icon: s.isEnabled ? icon('symbol-key') : icon('circle-slash'),
        contextValue: `entraScope entraScope-${s.isEnabled ? 'enabled' : 'disabled'}`,
        tooltip: md(
          [
            `**${escapeMarkdown(s.value)}**`,
            s.adminConsentDisplayName ? escapeMarkdown(s.adminConsentDisplayName) : '',
            `id ${codeSpan(s.id)}`,
          ].filter(Boolean),
        ),
      }),
    );
  }
  api.add(scopes);
  const clients = new ValueNode(
    api,
    'authorizedClients',
    vscode.l10n.t('Authorized client applications'),
    String(a.preAuthorizedApplications.length),
    { icon: icon('verified') },
  );
  for (const p of a.preAuthorizedApplications) {
    const name = model.names.appName(p.appId) ?? p.appId;
    const scopeNames = p.permissionIds.map((id) => a.scopes.find((s) => s.id === id)?.value ?? id);
    clients.add(
      new ValueNode(clients, `c:${p.appId}`, name, scopeNames.join(', '), {
        copy: p.appId,
        icon: icon('verified'),
        tooltip: md([
          `**${escapeMarkdown(name)}**`,
          `Client id ${codeSpan(p.appId)}`,
          scopeNames.map((s) => escapeMarkdown(s)).join(', '),
        ]),
      }),
    );
  }
  api.add(clients);

  const roles = section('roles', vscode.l10n.t('App roles'), 'person', String(a.appRoles.length));
  for (const r of a.appRoles) {
    const members = r.allowedMemberTypes
      .map((m) =>
        m === 'User' ? vscode.l10n.t('Users/Groups') : m === 'Application' ? vscode.l10n.t('Applications') : m,
      )
      .join(', ');
    roles.add(
      new ValueNode(
        roles,
        `r:${r.id}`,
        r.value ?? r.displayName ?? r.id,
        `${members}${r.isEnabled ? '' : ` · ${vscode.l10n.t('disabled')}`}`,
        {
          copy: r.value ?? r.id,
          icon: r.isEnabled ? icon('person') : icon('circle-slash'),
          contextValue: `entraAppRole entraAppRole-${r.isEnabled ? 'enabled' : 'disabled'}`,
          tooltip: md([`**${escapeMarkdown(r.displayName ?? r.value ?? r.id)}**`, `id ${codeSpan(r.id)}`]),
        },
      ),
    );
  }

  const perms = section(
    'permissions',
    vscode.l10n.t('API permissions'),
    'lock',
    String(d.permissions.length),
    'entraPermissions',
  );
  const byResource = new Map<string, PermissionStatus[]>();
  for (const p of d.permissions) {
    byResource.set(p.resourceAppId, [...(byResource.get(p.resourceAppId) ?? []), p]);
  }
  for (const [resourceAppId, list] of byResource) {
    const group = new ValueNode(perms, `res:${resourceAppId}`, list[0]!.resourceName, String(list.length), {
      copy: resourceAppId,
      icon: icon('server'),
      expanded: true,
    });
    for (const p of list) {
      const kind = p.kind === 'Scope' ? vscode.l10n.t('Delegated') : vscode.l10n.t('Application');
      const admin = p.adminConsentRequired ? ` · ${vscode.l10n.t('Admin consent required')}` : '';
      group.add(
        new ValueNode(
          group,
          `p:${p.kind}:${p.permissionId}`,
          p.value ?? p.permissionId,
          `${kind} · ${p.statusText}${admin}`,
          {
            copy: p.value ?? p.permissionId,
            icon: permissionIcon(p),
            contextValue: `entraPermission entraPermission-${p.state}`,
            tooltip: md([
              `**${escapeMarkdown(p.value ?? p.permissionId)}** (${kind})`,
              `${escapeMarkdown(p.resourceName)} · id ${codeSpan(p.permissionId)}`,
              `${vscode.l10n.t('Status')}: ${escapeMarkdown(p.statusText)}`,
              `${vscode.l10n.t('Admin consent required')}: ${p.adminConsentRequired === undefined ? '?' : yesNo(p.adminConsentRequired)}`,
            ]),
          },
        ),
      );
    }
    perms.add(group);
  }
  for (const [part, err] of Object.entries(d.errors)) {
    if (part === 'grants' || part === 'assignments' || part === 'names') {
      perms.add(new ErrorNode(perms, err, app, `error-${part}`));
    }
  }

  const owners = section(
    'owners',
    vscode.l10n.t('Owners'),
    'account',
    d.app.owners ? String(d.app.owners.length) : undefined,
  );
  for (const o of d.app.owners ?? []) {
    owners.add(
      new ValueNode(owners, `o:${o.id}`, o.displayName ?? o.id, o.userPrincipalName, {
        copy: o.userPrincipalName ?? o.id,
        icon: icon(o.type === 'servicePrincipal' ? 'server' : 'account'),
      }),
    );
  }
  if (d.app.owners && d.app.owners.length === 0) {
    owners.add(
      new ValueNode(owners, 'none', vscode.l10n.t('No owners'), undefined, {
        icon: icon('warning', 'list.warningForeground'),
      }),
    );
  }

  const ent = section(
    'enterprise',
    vscode.l10n.t('Enterprise application'),
    'server-environment',
    d.sp ? vscode.l10n.t('present') : vscode.l10n.t('none'),
  );
  if (d.errors.servicePrincipal) {
    ent.add(new ErrorNode(ent, d.errors.servicePrincipal, app));
  } else if (!d.sp) {
    ent.add(
      new ValueNode(
        ent,
        'none',
        vscode.l10n.t('No service principal in this tenant'),
        vscode.l10n.t('nobody can sign in to it here yet'),
        { icon: icon('circle-slash') },
      ),
    );
  } else {
    const sp = d.sp;
    ent.add(
      new ValueNode(ent, 'spId', vscode.l10n.t('Service principal object ID'), sp.id, {
        copy: sp.id,
        icon: icon('symbol-field'),
      }),
    );
    ent.add(
      new ValueNode(
        ent,
        'assignmentRequired',
        vscode.l10n.t('Assignment required'),
        yesNo(sp.appRoleAssignmentRequired),
        { icon: icon('lock') },
      ),
    );
    ent.add(
      new ValueNode(ent, 'enabled', vscode.l10n.t('Enabled for sign-in'), yesNo(sp.accountEnabled), {
        icon: icon(sp.accountEnabled ? 'pass' : 'circle-slash'),
      }),
    );
    const assigned = new ValueNode(ent, 'assignedTo', vscode.l10n.t('Role assignments'), String(d.assignedTo.length), {
      icon: icon('organization'),
    });
    for (const r of d.assignedTo) {
      const role = a.appRoles.find((x) => x.id === r.appRoleId);
      const roleName =
        role?.value ??
        role?.displayName ??
        (r.appRoleId === '00000000-0000-0000-0000-000000000000' ? vscode.l10n.t('Default access') : r.appRoleId);
      assigned.add(
        new ValueNode(
          assigned,
          `as:${r.id}`,
          r.principalDisplayName ?? r.principalId,
          `${roleName} · ${r.principalType ?? ''}`.trim(),
          {
            copy: r.principalId,
            icon: icon(
              r.principalType === 'Group'
                ? 'organization'
                : r.principalType === 'ServicePrincipal'
                  ? 'server'
                  : 'account',
            ),
          },
        ),
      );
    }
    ent.add(assigned);
    if (d.errors.assignedTo) {
      ent.add(new ErrorNode(ent, d.errors.assignedTo, app, 'error-assignedTo'));
    }
  }
  return [overview, auth, creds, api, roles, perms, owners, ent];
}
