/**
 * The tenant model: app registrations paged from Microsoft Graph (one request per page),
 * server-side search, the All / Owned by me / Deleted views, and per-app details fetched with
 * at most two requests (one on refresh), permissions named from a per-tenant cache.
 */
import type { BatchRequest, BatchResponse, GraphAccess } from '../../io/graph/client';
import { GraphError, toGraphError, unreadable } from '../graph/errors';
import { computeConsent, type PermissionStatus } from './consent';
import { AppLinkCache } from './linker';
import { NameCache, type NameStore } from './nameCache';
import {
  Interner,
  defined,
  str,
  toAppDetail,
  toGrant,
  toListEntry,
  toResource,
  toRoleAssignment,
  toServicePrincipal,
  values,
} from './narrow';
import type { AppDetail, AppListEntry, GrantInfo, RoleAssignmentInfo, ServicePrincipalInfo } from './types';
import { isGuid } from '../entra/ids';

export type AppView = 'all' | 'owned' | 'deleted';

/** Fields of the list rows: keep this narrow (memory, throughput). */
export const listSelect = 'id,appId,displayName,createdDateTime,passwordCredentials,keyCredentials';
const deletedSelect = 'id,appId,displayName,createdDateTime,deletedDateTime';
/** Fields the expanded app shows. */
export const detailSelect =
  'id,appId,displayName,signInAudience,publisherDomain,createdDateTime,identifierUris,api,web,spa,publicClient,isFallbackPublicClient,passwordCredentials,keyCredentials,appRoles,requiredResourceAccess';
const ownerSelect = 'id,displayName,userPrincipalName';
const spSelect = 'id,appId,displayName,appRoleAssignmentRequired,accountEnabled,servicePrincipalType';
const resourceSelect = 'id,appId,displayName,oauth2PermissionScopes,appRoles';
const assignmentSelect = 'id,appRoleId,principalId,principalType,principalDisplayName,resourceId,resourceDisplayName';
/** Values per `in (…)` filter clause; Graph caps the number of values per expression. */
const inChunk = 15;

export function isGuidText(text: string): boolean {
  return isGuid(text.trim());
}

function q(value: string): string {
  return encodeURIComponent(value);
}

function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A paged list of app registrations (one view, or one search). */
export class AppList {
  readonly entries: AppListEntry[] = [];
  nextLink: string | undefined;
  /** True once the first page was requested. */
  started = false;
  error: GraphError | undefined;
  loading: Promise<void> | undefined;

  constructor(
    readonly key: string,
    readonly firstUrl: string | undefined,
    readonly headers: Record<string, string> = {},
  ) {}

  get complete(): boolean {
    return this.started && this.loading === undefined && this.nextLink === undefined && this.error === undefined;
  }

  get hasMore(): boolean {
    return this.nextLink !== undefined;
  }
}

export interface AppDetails {
  readonly app: AppDetail;
  /** The app's service principal in this tenant ("enterprise application"); null when none. */
  readonly sp: ServicePrincipalInfo | null;
  /** Delegated grants where the app's SP is the client. */
  readonly grants: readonly GrantInfo[];
  /** Application permissions granted to the app's SP. */
  readonly assignments: readonly RoleAssignmentInfo[];
  /** Users, groups and apps assigned to this app's roles. */
  readonly assignedTo: readonly RoleAssignmentInfo[];
  /** Requested permissions with names and consent status. */
  readonly permissions: readonly PermissionStatus[];
  /** Parts that could not be read (e.g. grants without Directory.Read.All). */
  readonly errors: Readonly<
    Partial<Record<'servicePrincipal' | 'grants' | 'assignments' | 'assignedTo' | 'names', GraphError>>
  >;
  readonly fetchedAt: number;
}

export type ModelChange =
  | { readonly kind: 'list'; readonly key: string }
  | { readonly kind: 'app'; readonly id: string }
  | { readonly kind: 'tenant' }
  /** Resource or app names were added to {@link TenantModel.names}. */
  | { readonly kind: 'names' };

export interface TenantModelOptions {
  readonly graph: GraphAccess;
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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface OrganizationInfo {
  readonly id: string;
  readonly displayName: string;
  readonly defaultDomain: string | undefined;
}

/** The signed-in user (`GET /me`), for delegated sign-ins. */
export interface SignedInUser {
  readonly id: string;
  readonly displayName: string | undefined;
  readonly userPrincipalName: string | undefined;
}

export class TenantModel {
  readonly tenantId: string;
  readonly names: NameCache;
  /** Apps resolved for tokens (aud, azp/appid), cached until {@link resetAll}. */
  readonly links: AppLinkCache;
  readonly pageSize: number;
  organization: OrganizationInfo | undefined;
  /** Set by {@link loadSignedInUser} (delegated sign-ins only). */
  signedInUser: SignedInUser | undefined;
  private readonly graph: GraphAccess;
  private readonly lists = new Map<string, AppList>();
  private readonly details = new Map<string, AppDetails>();
  private readonly pendingDetails = new Map<string, Promise<AppDetails>>();
  private readonly listeners = new Set<(change: ModelChange) => void>();
  private readonly interner = new Interner();
  private readonly notFoundRetryDelaysMs: readonly number[];

  constructor(options: TenantModelOptions) {
    this.graph = options.graph;
    this.notFoundRetryDelaysMs = options.notFoundRetryDelaysMs ?? defaultNotFoundRetryDelaysMs;
    this.tenantId = options.tenantId;
    this.pageSize = Math.min(999, Math.max(1, Math.floor(options.pageSize ?? 200)));
    this.names = new NameCache(options.tenantId, options.store);
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
      list = new AppList(view, this.firstUrl(view));
      if (view === 'owned' && this.isAppOnly) {
        list.started = true;
        list.error = new GraphError({
          status: 0,
          code: 'AppOnlySignIn',
          kind: 'other',
          message:
            'Owned by me needs a signed-in user; this sign-in is app-only (client secret, certificate or environment credential). Use All, or sign in as a user.',
        });
      }
      this.lists.set(view, list);
    }
    return list;
  }

  private firstUrl(view: AppView): string {
    switch (view) {
      case 'owned':
        return `/me/ownedObjects/microsoft.graph.application?$select=${listSelect}&$top=${this.pageSize}`;
      case 'deleted':
        return `/directory/deletedItems/microsoft.graph.application?$select=${deletedSelect}&$top=${this.pageSize}`;
      default:
        return `/applications?$select=${listSelect}&$top=${this.pageSize}`;
    }
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
    const url = list.started ? list.nextLink : list.firstUrl;
    if (!url) {
      return;
    }
    list.started = true;
    list.error = undefined;
    const run = (async () => {
      try {
        const page = await this.graph.get<{ value?: unknown; '@odata.nextLink'?: unknown }>(url, list.headers);
        if (!Array.isArray(page.value)) {
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
        if (url === list.firstUrl) {
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
    let list: AppList;
    if (isGuidText(term)) {
      list = new AppList(
        'search',
        `/applications?$filter=${q(`appId eq ${odataString(term.toLowerCase())}`)}&$select=${listSelect}`,
      );
    } else {
      const escaped = term.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
      list = new AppList(
        'search',
        `/applications?$search=${q(`"displayName:${escaped}"`)}&$select=${listSelect}&$top=${this.pageSize}`,
        { ConsistencyLevel: 'eventual' },
      );
    }
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
    const body = await this.graph.get('/organization?$select=id,displayName,verifiedDomains');
    const org = values(body)[0] as { id?: unknown; displayName?: unknown; verifiedDomains?: unknown } | undefined;
    const domains = Array.isArray(org?.verifiedDomains)
      ? (org.verifiedDomains as Array<{ name?: unknown; isDefault?: unknown }>)
      : [];
    const info: OrganizationInfo = {
      id: str(org?.id) ?? this.tenantId,
      displayName: str(org?.displayName) ?? this.tenantId,
      defaultDomain: str(domains.find((d) => d.isDefault === true)?.name) ?? str(domains[0]?.name),
    };
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
    const me = (await this.graph.get('/me?$select=id,displayName,userPrincipalName')) as
      { id?: unknown; displayName?: unknown; userPrincipalName?: unknown } | undefined;
    const id = str(me?.id);
    if (!id) {
      return undefined;
    }
    this.signedInUser = { id, displayName: str(me?.displayName), userPrincipalName: str(me?.userPrincipalName) };
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

  private spRequests(spId: string): BatchRequest[] {
    return [
      { id: 'grants', url: `/oauth2PermissionGrants?$filter=${q(`clientId eq ${odataString(spId)}`)}` },
      { id: 'assignments', url: `/servicePrincipals/${q(spId)}/appRoleAssignments?$select=${assignmentSelect}` },
      { id: 'assignedTo', url: `/servicePrincipals/${q(spId)}/appRoleAssignedTo?$select=${assignmentSelect}` },
    ];
  }

  /** Sub-requests naming resources and authorized clients not yet cached (≤ 20 - reserved). */
  private nameRequests(
    detail: AppDetail | undefined,
    room: number,
  ): { requests: BatchRequest[]; lookedUp: string[]; appLookups: string[] } {
    const resourceIds = new Set<string>();
    const clientIds = new Set<string>();
    for (const r of detail?.requiredResourceAccess ?? []) {
      if (this.names.needsResource(r.resourceAppId)) {
        resourceIds.add(r.resourceAppId);
      }
    }
    for (const p of detail?.preAuthorizedApplications ?? []) {
      if (this.names.needsAppName(p.appId) && !resourceIds.has(p.appId)) {
        clientIds.add(p.appId);
      }
    }
    const all = [...resourceIds, ...clientIds];
    const requests: BatchRequest[] = [];
    const lookedUp: string[] = [];
    for (let i = 0; i < all.length && requests.length < room - (clientIds.size ? 1 : 0); i += inChunk) {
      const chunk = all.slice(i, i + inChunk);
      lookedUp.push(...chunk);
      requests.push({
        id: `names${requests.length}`,
        url: `/servicePrincipals?$filter=${q(`appId in (${chunk.map(odataString).join(',')})`)}&$select=${resourceSelect}`,
      });
    }
    // Authorized clients may be app registrations of this tenant without a service principal.
    const appLookups = [...clientIds].slice(0, inChunk);
    if (appLookups.length) {
      requests.push({
        id: 'appNames',
        url: `/applications?$filter=${q(`appId in (${appLookups.map(odataString).join(',')})`)}&$select=appId,displayName`,
      });
    }
    return { requests, lookedUp, appLookups };
  }

  private async doFetchDetails(
    ref: { id: string; appId: string },
    previous: AppDetails | undefined,
  ): Promise<AppDetails> {
    const namesBefore = this.names.revision;
    try {
      const appUrl = `/applications/${q(ref.id)}?$select=${detailSelect}`;
      const spUrl = `/servicePrincipals?$filter=${q(`appId eq ${odataString(ref.appId)}`)}&$select=${spSelect}`;
      const first: BatchRequest[] = [
        { id: 'app', url: appUrl },
        { id: 'sp', url: spUrl },
        { id: 'owners', url: `/applications/${q(ref.id)}/owners?$select=${ownerSelect}` },
      ];
      const knownSpId = previous?.sp?.id;
      if (knownSpId) {
        first.push(...this.spRequests(knownSpId));
      }
      let names = previous
        ? this.nameRequests(previous.app, 20 - first.length)
        : { requests: [], lookedUp: [], appLookups: [] };
      first.push(...names.requests);
      const responses = await this.graph.batchWithRetries(first);
      // The app came from a list (or an earlier read): a 404 now is most likely replication lag
      // right after a write. Read the app (and its owners) again, a bounded number of times.
      for (const [attempt, delayMs] of this.notFoundRetryDelaysMs.entries()) {
        if (responses.get('app')?.status !== 404) {
          break;
        }
        this.graph.reportRetry({ status: 404, attempt: attempt + 1, delaySeconds: delayMs / 1000, url: appUrl });
        await sleep(delayMs);
        const again = first.filter(
          (r) => r.id === 'app' || (r.id === 'owners' && responses.get('owners')?.status === 404),
        );
        for (const [id, response] of await this.graph.batchWithRetries(again)) {
          responses.set(id, response);
        }
      }
      const urls = new Map(first.map((r) => [r.id, r.url]));
      const errors: Record<string, GraphError> = {};
      const ok = (id: string): BatchResponse | undefined => {
        const r = responses.get(id);
        if (!r) {
          return undefined;
        }
        if (r.status >= 200 && r.status < 300) {
          return r;
        }
        errors[id] = this.graph.subError(r, urls.get(id) ?? '') as GraphError;
        return undefined;
      };
      const appResponse = ok('app');
      const ownersResponse = ok('owners');
      const app = appResponse
        ? toAppDetail(
            ownersResponse
              ? { ...(appResponse.body as object), owners: values(ownersResponse.body) }
              : appResponse.body,
          )
        : undefined;
      if (!app) {
        throw errors.app ?? unreadable('no app registration in it');
      }
      const spResponse = ok('sp');
      const sp = spResponse
        ? (defined(values(spResponse.body).map(toServicePrincipal))[0] ?? null)
        : (previous?.sp ?? null);
      this.absorbNames(names, ok);

      // Second round: whatever needed the SP id or the app's resource list.
      const second: BatchRequest[] = [];
      if (sp && sp.id !== knownSpId) {
        second.push(...this.spRequests(sp.id));
      }
      names = this.nameRequests(app, 20 - second.length);
      second.push(...names.requests);
      let all = responses;
      if (second.length) {
        const more = await this.graph.batchWithRetries(second);
        for (const r of second) {
          urls.set(r.id, r.url);
        }
        all = new Map([...responses, ...more]);
        this.absorbNames(names, (id) => {
          const r = more.get(id);
          if (r && r.status >= 200 && r.status < 300) {
            return r;
          }
          if (r) {
            errors[id] = this.graph.subError(r, urls.get(id) ?? '') as GraphError;
          }
          return undefined;
        });
      }
      const list = <T>(id: string, narrow: (x: unknown) => T | undefined, fallback: readonly T[]): readonly T[] => {
        const r = all.get(id);
        if (!r) {
          return sp ? fallback : [];
        }
        if (r.status >= 200 && r.status < 300) {
          return defined(values(r.body).map(narrow));
        }
        errors[id] ??= this.graph.subError(r, urls.get(id) ?? '') as GraphError;
        return fallback;
      };
      const grants = list('grants', toGrant, previous?.grants ?? []);
      const assignments = list('assignments', toRoleAssignment, previous?.assignments ?? []);
      const assignedTo = list('assignedTo', toRoleAssignment, previous?.assignedTo ?? []);
      const nameError = Object.entries(errors).find(([id]) => id.startsWith('names') || id === 'appNames')?.[1];
      const details: AppDetails = {
        app,
        sp,
        grants,
        assignments,
        assignedTo,
        permissions: computeConsent({
          requiredResourceAccess: app.requiredResourceAccess,
          clientSpId: sp?.id,
          grants,
          assignments,
          resources: this.names.allResources,
          tenantName: this.tenantName,
          grantsUnknown: errors.grants !== undefined,
          assignmentsUnknown: errors.assignments !== undefined,
        }),
        errors: {
          ...(errors.sp ? { servicePrincipal: errors.sp } : {}),
          ...(errors.grants ? { grants: errors.grants } : {}),
          ...(errors.assignments ? { assignments: errors.assignments } : {}),
          ...(errors.assignedTo ? { assignedTo: errors.assignedTo } : {}),
          ...(nameError ? { names: nameError } : {}),
        },
        fetchedAt: Date.now(),
      };
      this.details.set(ref.id, details);
      void this.names.save().catch(() => undefined);
      return details;
    } catch (err) {
      throw toGraphError(err);
    } finally {
      this.fire({ kind: 'app', id: ref.id });
      if (this.names.revision !== namesBefore) {
        this.fire({ kind: 'names' });
      }
    }
  }

  private absorbNames(
    names: { requests: BatchRequest[]; lookedUp: string[]; appLookups: string[] },
    ok: (id: string) => BatchResponse | undefined,
  ): void {
    const found = new Set<string>();
    let allAnswered = true;
    for (const r of names.requests) {
      const response = ok(r.id);
      if (!response) {
        allAnswered = false;
        continue;
      }
      for (const raw of values(response.body)) {
        if (r.id === 'appNames') {
          const a = raw as { appId?: unknown; displayName?: unknown };
          if (typeof a.appId === 'string' && typeof a.displayName === 'string') {
            this.names.setAppName(a.appId, a.displayName);
            found.add(a.appId);
          }
          continue;
        }
        const resource = toResource(raw, this.interner);
        if (resource) {
          this.names.setResource(resource);
          found.add(resource.appId);
        }
      }
    }
    if (allAnswered) {
      for (const appId of names.lookedUp) {
        if (!found.has(appId)) {
          this.names.markMissing(appId);
        }
      }
    }
  }

  /** Recomputes consent statuses of cached details (e.g. after the tenant name arrived). */
  recompute(id: string): AppDetails | undefined {
    const d = this.details.get(id);
    if (!d) {
      return undefined;
    }
    const permissions = computeConsent({
      requiredResourceAccess: d.app.requiredResourceAccess,
      clientSpId: d.sp?.id,
      grants: d.grants,
      assignments: d.assignments,
      resources: this.names.allResources,
      tenantName: this.tenantName,
      grantsUnknown: d.errors.grants !== undefined,
      assignmentsUnknown: d.errors.assignments !== undefined,
    });
    const next = { ...d, permissions };
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
    const body = await this.graph.get(`/applications?$filter=${q(`appId eq ${odataString(appId)}`)}&$select=id,appId`);
    const id = str((values(body)[0] as { id?: unknown } | undefined)?.id);
    if (!id) {
      throw new GraphError({
        status: 404,
        code: 'Request_ResourceNotFound',
        kind: 'notFound',
        message: `Not found: no app registration with client id ${appId} in ${this.tenantName}. Refresh the list.`,
      });
    }
    return id;
  }

  /** The full application object (Graph format) by appId, or undefined when the tenant has none: 1 request. */
  async applicationByAppId(appId: string): Promise<Record<string, unknown> | undefined> {
    const body = await this.graph.get(`/applications?$filter=${q(`appId eq ${odataString(appId.toLowerCase())}`)}`);
    const first = values(body)[0];
    return first && typeof first === 'object' ? { ...(first as Record<string, unknown>) } : undefined;
  }

  /** The full application object in Graph format (what the manifest editor shows): 1 request. */
  async fetchManifest(id: string): Promise<Record<string, unknown>> {
    const url = `/applications/${q(id)}`;
    let body: Record<string, unknown>;
    for (let attempt = 0; ; attempt++) {
      try {
        body = await this.graph.get<Record<string, unknown>>(url);
        break;
      } catch (err) {
        // Replication lag: the model knew this app a moment ago (see notFoundRetryDelaysMs).
        const delayMs = this.notFoundRetryDelaysMs[attempt];
        if (!(err instanceof GraphError && err.status === 404) || delayMs === undefined) {
          throw err;
        }
        this.graph.reportRetry({ status: 404, attempt: attempt + 1, delaySeconds: delayMs / 1000, url });
        await sleep(delayMs);
      }
    }
    if (typeof body.id !== 'string') {
      throw unreadable('no app registration in it');
    }
    const copy: Record<string, unknown> = { ...body };
    delete copy['@odata.context'];
    return copy;
  }
}
