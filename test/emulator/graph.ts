// Microsoft Graph v1.0 subset of the emulator: applications, service principals, grants,
// assignments, /me, /organization, deleted items and $batch, with Graph's response shapes,
// paging, query-option rules, errors and permission checks. This file routes a request; the
// checks, collections, PATCH and $batch live in the graph*.ts files next to it.
import { applicationDefaults } from './scenario.js';
import { authenticate, requireAccess, type Caller } from './graphAccess.js';
import { auditRoute } from './graphAudit.js';
import { batch } from './graphBatch.js';
import {
  assignmentSpec,
  countSegment,
  entity,
  grantSpec,
  list,
  ODATA_JSON,
  orgSpec,
  ownersSpec,
  stripType,
  userSpec,
  type CollectionSpec,
} from './graphCollections.js';
import { failureResponse, GraphFailure, methodNotAllowed, notFoundId, notFoundSegment } from './graphFailure.js';
import { patchApplication } from './graphPatch.js';
import type { Fault, LoggedRequest } from './faults.js';
import { json, type EmuRequest, type EmuResponse } from './http.js';
import type { KeyRing } from './tokens.js';
import type { Application, TenantStore } from './types.js';
import {
  addPassword,
  createApplication,
  deleteApplication,
  removePassword,
  requireWriteOn,
  restoreApplication,
} from './writes.js';

const APP_EXTRA = ['uniqueName', 'authenticationBehaviors', 'nativeAuthenticationApisEnabled', 'managerApplications'];

export interface GraphOptions {
  origin: () => string;
  tenant: TenantStore;
  keys: KeyRing;
  /** Fault lookup for $batch sub-requests (consumes one use). */
  takeFault: (method: string, pathAndQuery: string) => Fault | undefined;
  log: (entry: LoggedRequest) => void;
}

export class GraphService {
  private readonly appSpec: CollectionSpec;
  private readonly spSpec: CollectionSpec;

  constructor(private readonly opts: GraphOptions) {
    const appProps = new Set([...Object.keys(applicationDefaults()), 'id', 'appId', 'displayName', ...APP_EXTRA]);
    this.appSpec = {
      context: 'applications',
      entity: 'microsoft.graph.application',
      filterable: {
        id: 'string',
        appId: 'string',
        displayName: 'string',
        identifierUris: 'collection',
        signInAudience: 'string',
        publisherDomain: 'string',
        createdDateTime: 'date',
        tags: 'collection',
        uniqueName: 'string',
      },
      searchable: ['displayName', 'description', 'appId'],
      orderable: ['displayName', 'createdDateTime'],
      orderbyAdvanced: true,
      selectable: appProps,
      advancedQueries: true,
      expandable: { owners: (item) => this.ownersOf(String(item.id)) },
    };
    const spProps = new Set([
      ...Object.keys(this.tenant.servicePrincipals[0] ?? {}),
      'id',
      'appId',
      'displayName',
      'appDisplayName',
      'servicePrincipalNames',
      'createdDateTime',
    ]);
    this.spSpec = {
      context: 'servicePrincipals',
      entity: 'microsoft.graph.servicePrincipal',
      filterable: {
        id: 'string',
        appId: 'string',
        displayName: 'string',
        servicePrincipalNames: 'collection',
        servicePrincipalType: 'string',
        accountEnabled: 'bool',
        tags: 'collection',
        appOwnerOrganizationId: 'string',
        appDisplayName: 'string',
      },
      searchable: ['displayName', 'appDisplayName', 'description'],
      orderable: ['displayName'],
      orderbyAdvanced: true,
      selectable: spProps,
      advancedQueries: true,
    };
  }

  private get tenant(): TenantStore {
    return this.opts.tenant;
  }

  // ---- entry points --------------------------------------------------------------------------

  /** Handles `/v1.0/...` (the caller has already stripped nothing). */
  async handle(req: EmuRequest): Promise<EmuResponse> {
    try {
      const caller = await authenticate(req, {
        origin: this.opts.origin,
        keys: this.opts.keys,
        tenantId: this.tenant.tenantId,
      });
      const rel = req.url.pathname.replace(/^\/v1\.0/, '');
      if (rel === '/$batch')
        return this.decorate(
          req,
          await batch(req, caller, { ...this.opts, dispatch: (...args) => this.dispatch(...args) }),
        );
      const audit = auditRoute(
        this.tenant,
        this.opts.origin(),
        req.method,
        rel,
        req.url.searchParams,
        req.headers,
        caller,
      );
      if (audit) return this.decorate(req, audit);
      return this.decorate(
        req,
        this.dispatch(req.method, rel, req.url.searchParams, req.headers, req.body, caller, req),
      );
    } catch (err) {
      return this.decorate(req, failureResponse(req, err));
    }
  }

  private decorate(req: EmuRequest, res: EmuResponse): EmuResponse {
    if (res.reset) return res;
    return {
      ...res,
      headers: {
        ...res.headers,
        ...(res.body !== undefined && res.headers['content-type']?.startsWith('application/json')
          ? { 'content-type': ODATA_JSON }
          : {}),
        'request-id': req.requestId,
        'client-request-id': req.clientRequestId,
        'x-ms-ags-diagnostic': JSON.stringify({
          ServerInfo: { DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'emulator' },
        }),
        'strict-transport-security': 'max-age=31536000',
        'cache-control': 'no-cache',
      },
    };
  }

  // ---- authentication and authorization ------------------------------------------------------

  // ---- routing -------------------------------------------------------------------------------

  private dispatch(
    method: string,
    rel: string,
    query: URLSearchParams,
    headers: Record<string, string | undefined>,
    body: Buffer | unknown,
    caller: Caller,
    req: Pick<EmuRequest, 'requestId' | 'clientRequestId'>,
  ): EmuResponse {
    const origin = this.opts.origin();
    const segments = decodeURIComponent(rel).split('/').filter(Boolean);
    const [first, ...rest] = segments;
    if (!first) throw notFoundSegment('v1.0');
    const advanced = (headers.consistencylevel ?? '').toLowerCase() === 'eventual';
    const ctx = { query, advanced, caller, path: rel.split('?')[0] as string };
    const getOnly = (fn: () => EmuResponse) => {
      if (method !== 'GET') throw methodNotAllowed();
      return fn();
    };
    const key = /^(applications|servicePrincipals)\(appId='([^']*)'\)$/.exec(first);
    const collection = key ? key[1] : first;

    switch (collection) {
      case 'applications':
      case 'servicePrincipals': {
        const isApps = collection === 'applications';
        const spec = isApps ? this.appSpec : this.spSpec;
        const items = (isApps ? this.tenant.applications : this.tenant.servicePrincipals) as unknown as Record<
          string,
          unknown
        >[];
        requireAccess(caller, isApps && method !== 'GET' ? 'writeApps' : 'readApps');
        let idSeg = key ? undefined : rest.shift();
        if (!key && idSeg === undefined && isApps && method === 'POST')
          return this.created(createApplication(this.tenant, body, caller, this.appSpec.selectable));
        if (!key && idSeg === undefined) return getOnly(() => list(origin, spec, items, ctx));
        if (!key && idSeg === '$count') return getOnly(() => countSegment(items, ctx));
        if (!key && idSeg?.startsWith('microsoft.graph.')) throw notFoundSegment(idSeg);
        const item = key ? items.find((i) => i.appId === key[2]) : items.find((i) => i.id === idSeg);
        idSeg = key ? `appId='${key[2]}'` : idSeg;
        if (!item) throw notFoundId(key ? (key[2] as string) : (idSeg as string));
        const nav = rest.shift();
        if (nav === undefined) {
          if (method === 'PATCH' && isApps)
            return patchApplication(this.tenant, item as unknown as Application, body, caller, this.appSpec.selectable);
          if (method === 'DELETE' && isApps) {
            requireWriteOn(this.tenant, item as unknown as Application, caller);
            deleteApplication(this.tenant, item as unknown as Application);
            return { status: 204, headers: {} };
          }
          return getOnly(() => entity(origin, spec, item, ctx));
        }
        if (rest.length > 0) throw notFoundSegment(rest[0] as string);
        const action = nav.replace(/^microsoft\.graph\./, '');
        if (isApps && (action === 'addPassword' || action === 'removePassword')) {
          if (method !== 'POST') throw methodNotAllowed();
          const app = item as unknown as Application;
          requireWriteOn(this.tenant, app, caller);
          if (action === 'removePassword') {
            removePassword(this.tenant, app, body);
            return { status: 204, headers: {} };
          }
          return json(200, {
            '@odata.context': `${origin}/v1.0/$metadata#microsoft.graph.passwordCredential`,
            ...addPassword(this.tenant, app, body),
          });
        }
        if (isApps && nav === 'owners')
          return getOnly(() => list(origin, ownersSpec(), this.ownersOf(String(item.id)), ctx));
        if (!isApps && (nav === 'appRoleAssignments' || nav === 'appRoleAssignedTo')) {
          requireAccess(caller, 'readAssignments');
          const field = nav === 'appRoleAssignments' ? 'principalId' : 'resourceId';
          const assigned = this.tenant.appRoleAssignments.filter((a) => a[field] === item.id) as unknown as Record<
            string,
            unknown
          >[];
          return getOnly(() => list(origin, assignmentSpec(), assigned, ctx));
        }
        if (!isApps && nav === 'oauth2PermissionGrants') {
          requireAccess(caller, 'readGrants');
          const grants = this.tenant.oauth2PermissionGrants.filter((g) => g.clientId === item.id) as unknown as Record<
            string,
            unknown
          >[];
          return getOnly(() => list(origin, grantSpec(), grants, ctx));
        }
        throw notFoundSegment(nav);
      }
      case 'oauth2PermissionGrants': {
        requireAccess(caller, 'readGrants');
        const id = rest.shift();
        if (id === undefined)
          return getOnly(() =>
            list(origin, grantSpec(), this.tenant.oauth2PermissionGrants as unknown as Record<string, unknown>[], ctx),
          );
        if (rest.length > 0) throw notFoundSegment(rest[0] as string);
        const grant = this.tenant.oauth2PermissionGrants.find((g) => g.id === id);
        if (!grant) throw notFoundId(id);
        return getOnly(() => entity(origin, grantSpec(), grant as unknown as Record<string, unknown>, ctx));
      }
      case 'directory': {
        if (rest[0] !== 'deletedItems') throw notFoundSegment(rest[0] ?? 'directory');
        if (rest.length === 3 && rest[2]?.replace(/^microsoft\.graph\./, '') === 'restore') {
          if (method !== 'POST') throw methodNotAllowed();
          requireAccess(caller, 'writeApps');
          const restored = restoreApplication(this.tenant, rest[1] as string, caller);
          return json(200, {
            '@odata.context': `${origin}/v1.0/$metadata#directoryObjects/$entity`,
            '@odata.type': '#microsoft.graph.application',
            ...restored,
          });
        }
        requireAccess(caller, 'readApps');
        const cast = rest[1];
        const deleted = this.tenant.deletedApplications as unknown as Record<string, unknown>[];
        if (cast === 'microsoft.graph.application' && rest.length === 2) {
          return getOnly(() =>
            list(
              origin,
              { ...this.appSpec, context: 'directory/deletedItems/microsoft.graph.application', expandable: {} },
              deleted,
              ctx,
            ),
          );
        }
        if (cast && rest.length === 2) {
          const item = deleted.find((d) => d.id === cast);
          if (!item) throw notFoundId(cast);
          return getOnly(() =>
            entity(
              origin,
              { ...this.appSpec, context: 'directory/deletedItems' },
              { '@odata.type': '#microsoft.graph.application', ...item },
              ctx,
            ),
          );
        }
        throw notFoundSegment(rest[2] ?? rest[1] ?? 'deletedItems');
      }
      case 'me': {
        if (!caller.delegated)
          throw new GraphFailure(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
        const me = this.tenant.users.find((u) => u.id === caller.oid);
        if (!me) throw notFoundId(caller.oid);
        if (rest.length === 0) {
          requireAccess(caller, 'me');
          return getOnly(() =>
            entity(origin, userSpec(), stripType(me) as unknown as Record<string, unknown>, ctx, 'users'),
          );
        }
        if (
          rest[0] === 'ownedObjects' &&
          (rest.length === 1 || (rest.length === 2 && rest[1] === 'microsoft.graph.application'))
        ) {
          requireAccess(caller, 'me');
          const owned = this.tenant.applications.filter((a) => (this.tenant.owners.get(a.id) ?? []).includes(me.id));
          const typed =
            rest.length === 2 ? owned : owned.map((a) => ({ '@odata.type': '#microsoft.graph.application', ...a }));
          return getOnly(() =>
            list(
              origin,
              { ...this.appSpec, context: rest.length === 2 ? 'applications' : 'directoryObjects', expandable: {} },
              typed as unknown as Record<string, unknown>[],
              ctx,
            ),
          );
        }
        throw notFoundSegment(rest[rest.length - 1] as string);
      }
      case 'organization': {
        requireAccess(caller, 'readOrg');
        if (rest.length === 0)
          return getOnly(() =>
            list(origin, orgSpec(), [this.tenant.organization as unknown as Record<string, unknown>], ctx),
          );
        if (rest.length === 1 && rest[0] === this.tenant.tenantId)
          return getOnly(() =>
            entity(origin, orgSpec(), this.tenant.organization as unknown as Record<string, unknown>, ctx),
          );
        if (rest.length === 1) throw notFoundId(rest[0] as string);
        throw notFoundSegment(rest[1] as string);
      }
      case 'users': {
        requireAccess(caller, 'readUsers');
        const users = this.tenant.users.map(stripType) as unknown as Record<string, unknown>[];
        if (rest.length === 0) return getOnly(() => list(origin, userSpec(), users, ctx));
        const user = users.find(
          (u) => u.id === rest[0] || String(u.userPrincipalName).toLowerCase() === rest[0]?.toLowerCase(),
        );
        if (!user) throw notFoundId(rest[0] as string);
        if (rest.length === 1) return getOnly(() => entity(origin, userSpec(), user, ctx));
        throw notFoundSegment(rest[1] as string);
      }
      default:
        void req;
        throw notFoundSegment(first);
    }
  }

  ownersOf(appObjectId: string): Record<string, unknown>[] {
    return (this.tenant.owners.get(appObjectId) ?? []).flatMap((id): Record<string, unknown>[] => {
      const user = this.tenant.users.find((u) => u.id === id);
      if (user) return [{ '@odata.type': '#microsoft.graph.user', ...stripType(user) }];
      const sp = this.tenant.servicePrincipals.find((s) => s.id === id);
      return sp ? [{ '@odata.type': '#microsoft.graph.servicePrincipal', ...sp }] : [];
    });
  }

  // ---- collections and entities --------------------------------------------------------------

  // ---- PATCH /applications/{id} --------------------------------------------------------------

  private created(app: Application): EmuResponse {
    return json(201, { '@odata.context': `${this.opts.origin()}/v1.0/$metadata#applications/$entity`, ...app });
  }

  // ---- $batch --------------------------------------------------------------------------------
}
