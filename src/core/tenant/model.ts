/**
 * The tenant model: app registrations paged from Microsoft Graph (one request per page),
 * server-side search, the All / Owned by me / Deleted views, and per-app details fetched with
 * at most two requests (one on refresh), permissions named from a per-tenant cache.
 */
import { appOnlySignIn, toGraphError, unreadable } from '../graph/errors';
import { DetailReader, type AppDetails } from './details';
import { AppLinkCache } from './linker';
import { AppList } from './lists';
import { NameCache, type NameStore } from './nameCache';
import { objectIdByAppId, readManifest } from './reads';
import { toOrganization, toSignedInUser, type OrganizationInfo, type SignedInUser } from './tenantInfo';
import { Interner, str, toListEntry, values } from './narrow';
import type { AppListQuery, AppView, TenantGraph } from './ports';
import type { AppListEntry } from './types';
import { isGuid } from '../entra/ids';

export type { AppDetails } from './details';
export { AppList } from './lists';
export type { AppView } from './ports';
export type { OrganizationInfo, SignedInUser } from './tenantInfo';

export function isGuidText(text: string): boolean {
  return isGuid(text.trim());
}

export type ModelChange =
  | { readonly kind: 'list'; readonly key: string }
  | { readonly kind: 'app'; readonly id: string }
  | { readonly kind: 'tenant' }
  /** Resource or app names were added to {@link TenantModel.names}. */
  | { readonly kind: 'names' };

export interface TenantModelOptions {
  readonly graph: TenantGraph;
  /** Tenant id or domain as configured. */
  readonly tenantId: string;
  /** `$top` per page (1–999). Default 200. */
  readonly pageSize?: number;
  readonly store?: NameStore;
  /**
   * Waits before reading again an app registration the model knows (from a list) that Graph
   * answered 404 for: replication lag right after it was created or changed. One retry per
   * entry; default 1 s then 2 s (3 tries in about 3 s).
   */
  readonly notFoundRetryDelaysMs?: readonly number[];
}

/** Default of {@link TenantModelOptions.notFoundRetryDelaysMs}. */
export const defaultNotFoundRetryDelaysMs: readonly number[] = [1000, 2000];

export class TenantModel {
  readonly tenantId: string;
  readonly names: NameCache;
  /** Apps resolved for tokens (aud, azp/appid), cached until {@link resetAll}. */
  readonly links: AppLinkCache;
  readonly pageSize: number;
  organization: OrganizationInfo | undefined;
  /** Set by {@link loadSignedInUser} (delegated sign-ins only). */
  signedInUser: SignedInUser | undefined;
  private readonly graph: TenantGraph;
  private readonly lists = new Map<string, AppList>();
  private readonly details = new Map<string, AppDetails>();
  private readonly pendingDetails = new Map<string, Promise<AppDetails>>();
  private readonly listeners = new Set<(change: ModelChange) => void>();
  private readonly interner = new Interner();
  private readonly notFoundRetryDelaysMs: readonly number[];
  private readonly detailReader: DetailReader;

  constructor(options: TenantModelOptions) {
    this.graph = options.graph;
    this.notFoundRetryDelaysMs = options.notFoundRetryDelaysMs ?? defaultNotFoundRetryDelaysMs;
    this.tenantId = options.tenantId;
    this.pageSize = Math.min(999, Math.max(1, Math.floor(options.pageSize ?? 200)));
    this.names = new NameCache(options.tenantId, options.store);
    this.detailReader = new DetailReader({
      graph: this.graph,
      names: this.names,
      interner: this.interner,
      notFoundRetryDelaysMs: this.notFoundRetryDelaysMs,
      tenantName: () => this.tenantName,
    });
    this.links = new AppLinkCache({
      graph: this.graph,
      loadedApp: (appId) => this.detailsByAppId(appId)?.app,
      loadedPermissions: (appId) => this.detailsByAppId(appId)?.permissions,
      onResource: (resource) => {
        if (this.names.needsResource(resource.appId)) {
          this.names.setResource(resource);
          void this.names.save().catch(() => undefined);
          this.fire({ kind: 'names' });
        }
      },
    });
  }

  /** Fetched details of an app registration by appId (no request). */
  detailsByAppId(appId: string): AppDetails | undefined {
    const wanted = appId.toLowerCase();
    for (const d of this.details.values()) {
      if (d.app.appId.toLowerCase() === wanted) {
        return d;
      }
    }
    return undefined;
  }

  /** Name shown in "Granted for {tenant}". */
  get tenantName(): string {
    return this.organization?.displayName ?? this.tenantId;
  }

  get isAppOnly(): boolean {
    return this.graph.permissionType === 'application';
  }

  onDidChange(listener: (change: ModelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fire(change: ModelChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A listener must not break the model.
      }
    }
  }

  // ---- lists ---------------------------------------------------------------------------------

  /** The list of a view (created empty; call {@link loadNextPage}). */
  list(view: AppView): AppList {
    let list = this.lists.get(view);
    if (!list) {
      list = new AppList(view, { kind: 'view', view });
      if (view === 'owned' && this.isAppOnly) {
        list.started = true;
        list.error = appOnlySignIn();
      }
      this.lists.set(view, list);
    }
    return list;
  }

  /** Current search list, if any. */
  searchList(): AppList | undefined {
    return this.lists.get('search');
  }

  /**
   * Loads the first page, or the next one (`@odata.nextLink` as given). One request. Concurrent
   * calls share the same request. Errors are kept on the list (and thrown).
   */
  async loadNextPage(listOrView: AppList | AppView): Promise<void> {
    const list = typeof listOrView === 'string' ? this.list(listOrView) : listOrView;
    if (list.loading) {
      return list.loading;
    }
    if (list.error?.code === 'AppOnlySignIn') {
      return;
    }
    const first = !list.started;
    if (!first && !list.nextLink) {
      return;
    }
    const nextLink = first ? undefined : list.nextLink;
    list.started = true;
    list.error = undefined;
    const run = (async () => {
      try {
        const page = (await this.graph.listApplicationsPage(list.query, this.pageSize, nextLink)) as {
          value?: unknown;
          '@odata.nextLink'?: unknown;
        };
        if (!Array.isArray(page?.value)) {
          throw unreadable('no list of app registrations in it');
        }
        for (const raw of values(page)) {
          const entry = toListEntry(raw, this.interner);
          if (entry) {
            list.entries.push(entry);
          }
        }
        list.nextLink = str(page?.['@odata.nextLink']);
      } catch (err) {
        list.error = toGraphError(err);
        if (first) {
          // The next load retries the first page.
          list.started = false;
        }
        throw list.error;
      } finally {
        list.loading = undefined;
        this.fire({ kind: 'list', key: list.key });
      }
    })();
    list.loading = run;
    return run;
  }

  /** Pages until the end (or an error). Returns the number of requests made. */
  async loadAll(listOrView: AppList | AppView, onPage?: (count: number) => void): Promise<number> {
    const list = typeof listOrView === 'string' ? this.list(listOrView) : listOrView;
    let requests = 0;
    if (list.loading) {
      await list.loading;
    }
    while (!list.started || list.nextLink) {
      await this.loadNextPage(list);
      requests++;
      onPage?.(list.entries.length);
    }
    return requests;
  }

  /** Forgets a view's rows (the next load starts over) and the cached details of its apps. */
  resetList(view: AppView | 'search'): void {
    this.lists.delete(view);
    this.fire({ kind: 'list', key: view });
  }

  /** Forgets everything loaded (names stay cached). */
  resetAll(): void {
    this.lists.clear();
    this.details.clear();
    this.links.clear();
    this.fire({ kind: 'tenant' });
  }

  /**
   * Server-side search, one request: a GUID is looked up by appId (`$filter`), anything else
   * with `$search="displayName:…"` (needs `ConsistencyLevel: eventual`). Results become the
   * `search` list (further pages keep the header).
   */
  async search(text: string): Promise<AppList> {
    const term = text.trim();
    const query: AppListQuery = isGuidText(term)
      ? { kind: 'appId', appId: term.toLowerCase() }
      : { kind: 'search', text: term };
    const list = new AppList('search', query);
    this.lists.set('search', list);
    await this.loadNextPage(list);
    return list;
  }

  /** Finds a loaded list row by object id. */
  entry(id: string): AppListEntry | undefined {
    for (const list of this.lists.values()) {
      const hit = list.entries.find((e) => e.id === id);
      if (hit) {
        return hit;
      }
    }
    return undefined;
  }

  // ---- organization --------------------------------------------------------------------------

  /** `GET /organization`: the tenant's id and name (one request). */
  async loadOrganization(): Promise<OrganizationInfo> {
    const info = toOrganization(await this.graph.getOrganization(), this.tenantId);
    this.organization = info;
    this.fire({ kind: 'tenant' });
    return info;
  }

  /**
   * `GET /me`: who is signed in (one request; delegated sign-ins only, app-only tokens have no
   * user and are not asked).
   */
  async loadSignedInUser(): Promise<SignedInUser | undefined> {
    if (this.isAppOnly) {
      return undefined;
    }
    const user = toSignedInUser(await this.graph.getSignedInUser());
    if (!user) {
      return undefined;
    }
    this.signedInUser = user;
    this.fire({ kind: 'tenant' });
    return this.signedInUser;
  }

  // ---- app details ---------------------------------------------------------------------------

  /** Details fetched earlier, if any. */
  cachedDetails(id: string): AppDetails | undefined {
    return this.details.get(id);
  }

  /**
   * Fetches one app's details: at most 2 requests: a batch with the app, its owners and its
   * service principal, then one batch with the SP's grants, assignments, assignees and the names
   * of resources and authorized clients that are not cached yet. Returns cached details when
   * present (use {@link refreshApp} to re-read).
   */
  async expand(app: { id: string; appId: string }): Promise<AppDetails> {
    const cached = this.details.get(app.id);
    if (cached) {
      return cached;
    }
    return this.fetchDetails(app, undefined);
  }

  /**
   * Re-reads one app: 1 request (a batch with the app, its SP, grants, assignments and
   * assignees, using the SP id known from before). A second request happens only when the app
   * now needs names that are not cached, or its service principal appeared since.
   */
  async refreshApp(app: { id: string; appId: string }): Promise<AppDetails> {
    this.links.forget(app.appId);
    return this.fetchDetails(app, this.details.get(app.id));
  }

  private fetchDetails(app: { id: string; appId: string }, previous: AppDetails | undefined): Promise<AppDetails> {
    const pending = this.pendingDetails.get(app.id);
    if (pending) {
      return pending;
    }
    const run = this.doFetchDetails(app, previous).finally(() => this.pendingDetails.delete(app.id));
    this.pendingDetails.set(app.id, run);
    return run;
  }

  private async doFetchDetails(
    ref: { id: string; appId: string },
    previous: AppDetails | undefined,
  ): Promise<AppDetails> {
    const namesBefore = this.names.revision;
    try {
      const details = await this.detailReader.read(ref, previous);
      this.details.set(ref.id, details);
      void this.names.save().catch(() => undefined);
      return details;
    } finally {
      this.fire({ kind: 'app', id: ref.id });
      if (this.names.revision !== namesBefore) {
        this.fire({ kind: 'names' });
      }
    }
  }

  /** Recomputes consent statuses of cached details (e.g. after the tenant name arrived). */
  recompute(id: string): AppDetails | undefined {
    const d = this.details.get(id);
    if (!d) {
      return undefined;
    }
    const next = { ...d, permissions: this.detailReader.consent(d) };
    this.details.set(id, next);
    return next;
  }

  /** Finds a loaded row (or fetched details) by appId. */
  entryByAppId(appId: string): { id: string; appId: string; displayName: string } | undefined {
    for (const list of this.lists.values()) {
      const hit = list.entries.find((e) => e.appId === appId);
      if (hit) {
        return hit;
      }
    }
    for (const d of this.details.values()) {
      if (d.app.appId === appId) {
        return d.app;
      }
    }
    return undefined;
  }

  /** Object id of an app registration by appId: from what is loaded, else one `$filter` request. */
  async objectIdOf(appId: string): Promise<string> {
    const known = this.entryByAppId(appId);
    if (known) {
      return known.id;
    }
    return objectIdByAppId(this.graph, appId, this.tenantName);
  }

  /** The full application object (Graph format) by appId, or undefined when the tenant has none: 1 request. */
  async applicationByAppId(appId: string): Promise<Record<string, unknown> | undefined> {
    const body = await this.graph.applicationsByAppId(appId.toLowerCase());
    const first = values(body)[0];
    return first && typeof first === 'object' ? { ...(first as Record<string, unknown>) } : undefined;
  }

  /** The full application object in Graph format (what the manifest editor shows): 1 request. */
  fetchManifest(id: string): Promise<Record<string, unknown>> {
    return readManifest(this.graph, id, this.notFoundRetryDelaysMs);
  }
}
