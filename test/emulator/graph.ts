// Microsoft Graph v1.0 subset of the emulator: applications, service principals, grants,
// assignments, /me, /organization, deleted items and $batch, with Graph's response shapes,
// paging, query-option rules, errors and permission checks.
import { applicationDefaults } from './scenario.js';
import { auditRoute } from './graphAudit.js';
import { faultResponse, sleep, type Fault, type LoggedRequest } from './faults.js';
import { graphError, json, type EmuRequest, type EmuResponse } from './http.js';
import { parseFilter, parseSearch, QueryError, skipToken, type PropKind } from './query.js';
import { verifyJwt, type KeyRing } from './tokens.js';
import type { Application, ServicePrincipal, TenantStore, User } from './types.js';
import {
  addPassword,
  createApplication,
  deleteApplication,
  removePassword,
  requireWriteOn,
  restoreApplication,
  validateApplication,
  WriteFailure,
} from './writes.js';

const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const QUERY_OPTIONS = new Set([
  '$select',
  '$filter',
  '$top',
  '$skiptoken',
  '$count',
  '$search',
  '$orderby',
  '$expand',
  '$format',
]);

/** Caller identity from a validated Graph token. */
export interface Caller {
  delegated: boolean;
  /** user id (delegated) or service principal object id (app-only) */
  oid: string;
  appId: string;
  roles: string[];
  scopes: string[];
}

type Access = 'readApps' | 'writeApps' | 'readGrants' | 'readAssignments' | 'me' | 'readOrg' | 'readUsers';
/** Permissions able to perform each kind of call: [application roles, delegated scopes]. */
const PERMISSIONS: Record<Access, [string[], string[]]> = {
  readApps: [
    [
      'Application.Read.All',
      'Application.ReadWrite.All',
      'Application.ReadWrite.OwnedBy',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
    ],
    [
      'Application.Read.All',
      'Application.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'Directory.AccessAsUser.All',
    ],
  ],
  writeApps: [
    ['Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy'],
    ['Application.ReadWrite.All', 'Directory.AccessAsUser.All'],
  ],
  readGrants: [
    [
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'DelegatedPermissionGrant.ReadWrite.All',
      'DelegatedPermissionGrant.Read.All',
    ],
    [
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'DelegatedPermissionGrant.ReadWrite.All',
      'DelegatedPermissionGrant.Read.All',
      'Directory.AccessAsUser.All',
    ],
  ],
  readAssignments: [
    [
      'Application.Read.All',
      'Application.ReadWrite.All',
      'AppRoleAssignment.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
    ],
    [
      'Application.Read.All',
      'Application.ReadWrite.All',
      'AppRoleAssignment.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'Directory.AccessAsUser.All',
    ],
  ],
  me: [
    [],
    [
      'User.Read',
      'User.ReadWrite',
      'User.ReadBasic.All',
      'User.Read.All',
      'User.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'Directory.AccessAsUser.All',
    ],
  ],
  readOrg: [
    ['Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    [
      'User.Read',
      'Organization.Read.All',
      'Organization.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'Directory.AccessAsUser.All',
    ],
  ],
  readUsers: [
    ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    [
      'User.ReadBasic.All',
      'User.Read.All',
      'User.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'Directory.AccessAsUser.All',
    ],
  ],
};

interface CollectionSpec {
  /** Entity set for @odata.context, e.g. `applications`. */
  context: string;
  entity: string;
  filterable: Record<string, PropKind>;
  searchable: string[];
  /** Properties $orderby accepts (only with advanced query parameters when `orderbyAdvanced`). */
  orderable: string[];
  orderbyAdvanced: boolean;
  selectable: Set<string>;
  /** `$count` and `$search` supported (directory objects). */
  advancedQueries: boolean;
  expandable?: Record<string, (item: Record<string, unknown>) => unknown[]>;
  maxTop?: number;
}

class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const notFoundSegment = (segment: string) =>
  new GraphFailure(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
const notFoundId = (id: string) =>
  new GraphFailure(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
const methodNotAllowed = () =>
  new GraphFailure(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');

const APP_READ_ONLY = new Set([
  'id',
  'appId',
  'createdDateTime',
  'deletedDateTime',
  'publisherDomain',
  'applicationTemplateId',
  'disabledByMicrosoftStatus',
  'certification',
  'createdByAppId',
  'verifiedPublisher',
]);
const APP_COMPLEX = new Set([
  'api',
  'web',
  'spa',
  'publicClient',
  'info',
  'parentalControlSettings',
  'optionalClaims',
  'servicePrincipalLockConfiguration',
  'requestSignatureVerification',
  'authenticationBehaviors',
]);
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
      const caller = await this.authenticate(req);
      const rel = req.url.pathname.replace(/^\/v1\.0/, '');
      if (rel === '/$batch') return this.decorate(req, await this.batch(req, caller));
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
      return this.decorate(req, this.failure(req, err));
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

  private failure(req: Pick<EmuRequest, 'requestId' | 'clientRequestId'>, err: unknown): EmuResponse {
    if (err instanceof GraphFailure) return graphError(req, err.status, err.code, err.message, err.headers);
    if (err instanceof WriteFailure) return graphError(req, err.status, err.code, err.message);
    if (err instanceof QueryError) return graphError(req, 400, err.code, err.message);
    return graphError(req, 500, 'generalException', err instanceof Error ? err.message : String(err));
  }

  // ---- authentication and authorization ------------------------------------------------------

  private async authenticate(req: EmuRequest): Promise<Caller> {
    const header = req.headers.authorization ?? '';
    const challenge = {
      'www-authenticate': `Bearer realm="", authorization_uri="${this.opts.origin()}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    };
    const token = /^Bearer\s+(.*)$/i.exec(header)?.[1]?.trim() ?? '';
    const fail = (message: string) => new GraphFailure(401, 'InvalidAuthenticationToken', message, challenge);
    if (!token) throw fail('Access token is empty.');
    const result = await verifyJwt(token, this.opts.keys);
    if (!result.ok) {
      if (result.reason === 'expired') throw fail('Access token has expired.');
      if (result.reason === 'malformed') throw fail('CompactToken parsing failed with error code: 80049217');
      if (result.reason === 'notYetValid') throw fail('Access token validation failure. The token is not yet valid.');
      throw fail('Access token validation failure. Signature verification failed.');
    }
    const c = result.claims;
    const origin = this.opts.origin();
    const aud = String(c.aud ?? '');
    if (!GRAPH_AUDIENCES.includes(aud) && aud.replace(/\/$/, '') !== origin)
      throw fail('Access token validation failure. Invalid audience.');
    if (c.tid !== this.tenant.tenantId) throw fail('Access token validation failure. Invalid issuer.');
    const delegated = typeof c.scp === 'string';
    return {
      delegated,
      oid: String(c.oid ?? ''),
      appId: String(c.appid ?? c.azp ?? ''),
      roles: Array.isArray(c.roles) ? c.roles.map(String) : [],
      scopes: delegated ? String(c.scp).split(' ').filter(Boolean) : [],
    };
  }

  private require(caller: Caller, access: Access): void {
    const [roles, scopes] = PERMISSIONS[access];
    const ok = caller.delegated
      ? caller.scopes.some((s) => scopes.includes(s))
      : caller.roles.some((r) => roles.includes(r));
    if (!ok)
      throw new GraphFailure(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }

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
        this.require(caller, isApps && method !== 'GET' ? 'writeApps' : 'readApps');
        let idSeg = key ? undefined : rest.shift();
        if (!key && idSeg === undefined && isApps && method === 'POST')
          return this.created(createApplication(this.tenant, body, caller, this.appSpec.selectable));
        if (!key && idSeg === undefined) return getOnly(() => this.list(spec, items, ctx));
        if (!key && idSeg === '$count') return getOnly(() => this.countSegment(items, ctx));
        if (!key && idSeg?.startsWith('microsoft.graph.')) throw notFoundSegment(idSeg);
        const item = key ? items.find((i) => i.appId === key[2]) : items.find((i) => i.id === idSeg);
        idSeg = key ? `appId='${key[2]}'` : idSeg;
        if (!item) throw notFoundId(key ? (key[2] as string) : (idSeg as string));
        const nav = rest.shift();
        if (nav === undefined) {
          if (method === 'PATCH' && isApps) return this.patchApplication(item as unknown as Application, body, caller);
          if (method === 'DELETE' && isApps) {
            requireWriteOn(this.tenant, item as unknown as Application, caller);
            deleteApplication(this.tenant, item as unknown as Application);
            return { status: 204, headers: {} };
          }
          return getOnly(() => this.entity(spec, item, ctx));
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
            '@odata.context': `${this.opts.origin()}/v1.0/$metadata#microsoft.graph.passwordCredential`,
            ...addPassword(this.tenant, app, body),
          });
        }
        if (isApps && nav === 'owners')
          return getOnly(() => this.list(ownersSpec(), this.ownersOf(String(item.id)), ctx));
        if (!isApps && (nav === 'appRoleAssignments' || nav === 'appRoleAssignedTo')) {
          this.require(caller, 'readAssignments');
          const field = nav === 'appRoleAssignments' ? 'principalId' : 'resourceId';
          const list = this.tenant.appRoleAssignments.filter((a) => a[field] === item.id) as unknown as Record<
            string,
            unknown
          >[];
          return getOnly(() => this.list(assignmentSpec(), list, ctx));
        }
        if (!isApps && nav === 'oauth2PermissionGrants') {
          this.require(caller, 'readGrants');
          const list = this.tenant.oauth2PermissionGrants.filter((g) => g.clientId === item.id) as unknown as Record<
            string,
            unknown
          >[];
          return getOnly(() => this.list(grantSpec(), list, ctx));
        }
        throw notFoundSegment(nav);
      }
      case 'oauth2PermissionGrants': {
        this.require(caller, 'readGrants');
        const id = rest.shift();
        if (id === undefined)
          return getOnly(() =>
            this.list(grantSpec(), this.tenant.oauth2PermissionGrants as unknown as Record<string, unknown>[], ctx),
          );
        if (rest.length > 0) throw notFoundSegment(rest[0] as string);
        const grant = this.tenant.oauth2PermissionGrants.find((g) => g.id === id);
        if (!grant) throw notFoundId(id);
        return getOnly(() => this.entity(grantSpec(), grant as unknown as Record<string, unknown>, ctx));
      }
      case 'directory': {
        if (rest[0] !== 'deletedItems') throw notFoundSegment(rest[0] ?? 'directory');
        if (rest.length === 3 && rest[2]?.replace(/^microsoft\.graph\./, '') === 'restore') {
          if (method !== 'POST') throw methodNotAllowed();
          this.require(caller, 'writeApps');
          const restored = restoreApplication(this.tenant, rest[1] as string, caller);
          return json(200, {
            '@odata.context': `${this.opts.origin()}/v1.0/$metadata#directoryObjects/$entity`,
            '@odata.type': '#microsoft.graph.application',
            ...restored,
          });
        }
        this.require(caller, 'readApps');
        const cast = rest[1];
        const deleted = this.tenant.deletedApplications as unknown as Record<string, unknown>[];
        if (cast === 'microsoft.graph.application' && rest.length === 2) {
          return getOnly(() =>
            this.list(
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
            this.entity(
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
          this.require(caller, 'me');
          return getOnly(() =>
            this.entity(userSpec(), stripType(me) as unknown as Record<string, unknown>, ctx, 'users'),
          );
        }
        if (
          rest[0] === 'ownedObjects' &&
          (rest.length === 1 || (rest.length === 2 && rest[1] === 'microsoft.graph.application'))
        ) {
          this.require(caller, 'me');
          const owned = this.tenant.applications.filter((a) => (this.tenant.owners.get(a.id) ?? []).includes(me.id));
          const typed =
            rest.length === 2 ? owned : owned.map((a) => ({ '@odata.type': '#microsoft.graph.application', ...a }));
          return getOnly(() =>
            this.list(
              { ...this.appSpec, context: rest.length === 2 ? 'applications' : 'directoryObjects', expandable: {} },
              typed as unknown as Record<string, unknown>[],
              ctx,
            ),
          );
        }
        throw notFoundSegment(rest[rest.length - 1] as string);
      }
      case 'organization': {
        this.require(caller, 'readOrg');
        if (rest.length === 0)
          return getOnly(() =>
            this.list(orgSpec(), [this.tenant.organization as unknown as Record<string, unknown>], ctx),
          );
        if (rest.length === 1 && rest[0] === this.tenant.tenantId)
          return getOnly(() =>
            this.entity(orgSpec(), this.tenant.organization as unknown as Record<string, unknown>, ctx),
          );
        if (rest.length === 1) throw notFoundId(rest[0] as string);
        throw notFoundSegment(rest[1] as string);
      }
      case 'users': {
        this.require(caller, 'readUsers');
        const users = this.tenant.users.map(stripType) as unknown as Record<string, unknown>[];
        if (rest.length === 0) return getOnly(() => this.list(userSpec(), users, ctx));
        const user = users.find(
          (u) => u.id === rest[0] || String(u.userPrincipalName).toLowerCase() === rest[0]?.toLowerCase(),
        );
        if (!user) throw notFoundId(rest[0] as string);
        if (rest.length === 1) return getOnly(() => this.entity(userSpec(), user, ctx));
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

  private checkOptions(query: URLSearchParams, allowed: string[]): void {
    for (const name of query.keys()) {
      if (!name.startsWith('$')) continue;
      if (!QUERY_OPTIONS.has(name.toLowerCase()))
        throw new QueryError(
          'BadRequest',
          `Query option '${name}' is not allowed. The supported options are: ${[...QUERY_OPTIONS].join(', ')}.`,
        );
      if (!allowed.includes(name.toLowerCase()))
        throw new QueryError('BadRequest', `Query option '${name}' is not allowed for this request.`);
    }
  }

  private selectList(spec: CollectionSpec, query: URLSearchParams): string[] | undefined {
    const raw = query.get('$select');
    if (raw === null) return undefined;
    const names = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const n of names) {
      if (!spec.selectable.has(n))
        throw new QueryError('BadRequest', `Could not find a property named '${n}' on type '${spec.entity}'.`);
    }
    return names;
  }

  private shape(
    item: Record<string, unknown>,
    select: string[] | undefined,
    expand: string | undefined,
    spec: CollectionSpec,
  ): Record<string, unknown> {
    let out: Record<string, unknown> = item;
    if (select) {
      out = {};
      if (typeof item['@odata.type'] === 'string') out['@odata.type'] = item['@odata.type'];
      for (const k of select) out[k] = k in item ? item[k] : null;
    } else if ('keyCredentials' in item && Array.isArray(item.keyCredentials)) {
      // keyCredentials[].key is returned only with $select on a single object.
      out = {
        ...item,
        keyCredentials: (item.keyCredentials as Record<string, unknown>[]).map((k) => ({ ...k, key: null })),
      };
    }
    if (expand) {
      const fn = spec.expandable?.[expand];
      if (fn) out = { ...out, [expand]: fn(item) };
    }
    return out;
  }

  private contextUrl(path: string, select?: string[]): string {
    return `${this.opts.origin()}/v1.0/$metadata#${path}${select ? `(${select.join(',')})` : ''}`;
  }

  private entity(
    spec: CollectionSpec,
    item: Record<string, unknown>,
    ctx: { query: URLSearchParams },
    contextPath?: string,
  ): EmuResponse {
    this.checkOptions(ctx.query, ['$select', '$expand']);
    const select = this.selectList(spec, ctx.query);
    const expand = this.expandOption(spec, ctx.query);
    const shaped = select?.includes('keyCredentials')
      ? { ...this.shape(item, select, expand, spec) }
      : this.shape(item, select, expand, spec);
    if (select?.includes('keyCredentials')) shaped.keyCredentials = item.keyCredentials;
    return json(200, {
      '@odata.context': `${this.contextUrl(contextPath ?? spec.context, select)}/$entity`,
      ...shaped,
    });
  }

  private expandOption(spec: CollectionSpec, query: URLSearchParams): string | undefined {
    const expand = query.get('$expand') ?? undefined;
    if (expand !== undefined && !spec.expandable?.[expand])
      throw new QueryError('BadRequest', `Could not find a property named '${expand}' on type '${spec.entity}'.`);
    return expand;
  }

  private countSegment(
    items: Record<string, unknown>[],
    ctx: { advanced: boolean; query: URLSearchParams },
  ): EmuResponse {
    if (!ctx.advanced) throw new GraphFailure(400, 'Request_BadRequest', '$count is not currently supported.');
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(items.length) };
  }

  private list(
    spec: CollectionSpec,
    all: Record<string, unknown>[],
    ctx: { query: URLSearchParams; advanced: boolean; path: string },
    contextPath?: string,
  ): EmuResponse {
    const { query, advanced } = ctx;
    this.checkOptions(
      query,
      spec.advancedQueries
        ? ['$select', '$filter', '$top', '$skiptoken', '$count', '$search', '$orderby', '$expand']
        : ['$select', '$filter', '$top', '$skiptoken', '$expand'],
    );
    const maxTop = spec.maxTop ?? 999;
    const topRaw = query.get('$top');
    let top = 100;
    if (topRaw !== null) {
      const n = Number(topRaw);
      if (!/^\d+$/.test(topRaw) || n < 1 || n > maxTop)
        throw new QueryError(
          'Request_BadRequest',
          `Invalid page size specified: '${topRaw}'. Must be between 1 and ${maxTop} inclusive.`,
        );
      top = n;
    }
    const countRaw = query.get('$count');
    if (countRaw !== null && !['true', 'false'].includes(countRaw.toLowerCase()))
      throw new QueryError(
        'BadRequest',
        `Invalid value '${countRaw}' for $count query option found. The $count query option requires a Boolean value.`,
      );
    const countTrue = countRaw?.toLowerCase() === 'true';
    const fullyAdvanced = advanced && countTrue;
    let items = all;
    const filter = query.get('$filter');
    if (filter !== null) {
      const parsed = parseFilter(filter, spec.filterable, spec.entity);
      if (parsed.advanced.length > 0 && !fullyAdvanced) {
        throw new QueryError(
          'Request_UnsupportedQuery',
          `Operator '${parsed.advanced[0]}' is not supported because the required parameters might be missing. Try adding $count with a value of true and the request header ConsistencyLevel with a value of eventual.`,
        );
      }
      items = items.filter(parsed.predicate);
    }
    const search = query.get('$search');
    if (search !== null) {
      if (!advanced)
        throw new QueryError(
          'Request_UnsupportedQuery',
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
        );
      items = items.filter(parseSearch(search.replace(/^\s+|\s+$/g, ''), spec.searchable));
    }
    const orderby = query.get('$orderby');
    if (orderby !== null) {
      const m = /^\s*([A-Za-z]+)(?:\s+(asc|desc))?\s*$/i.exec(orderby);
      if (!m || !spec.orderable.includes(m[1] as string))
        throw new QueryError('Request_UnsupportedQuery', `Order by not supported for property '${m?.[1] ?? orderby}'.`);
      if (spec.orderbyAdvanced && !fullyAdvanced)
        throw new QueryError('Request_UnsupportedQuery', 'Sorting not supported for current query.');
      const prop = m[1] as string;
      const dir = m[2]?.toLowerCase() === 'desc' ? -1 : 1;
      items = [...items].sort(
        (a, b) => dir * String(a[prop] ?? '').localeCompare(String(b[prop] ?? ''), 'en', { sensitivity: 'base' }),
      );
    }
    const select = this.selectList(spec, query);
    const expand = this.expandOption(spec, query);
    if (expand && fullyAdvanced && (search !== null || countTrue))
      throw new QueryError(
        'Request_UnsupportedQuery',
        'The requested feature is not supported: $expand cannot be combined with advanced query parameters.',
      );
    const tokenRaw = query.get('$skiptoken');
    const offset = tokenRaw === null ? 0 : skipToken.decode(tokenRaw);
    const page = items.slice(offset, offset + top).map((i) => this.shape(i, select, expand, spec));
    const body: Record<string, unknown> = { '@odata.context': this.contextUrl(contextPath ?? spec.context, select) };
    if (countTrue && advanced && tokenRaw === null) body['@odata.count'] = items.length;
    if (offset + top < items.length) {
      const next = new URLSearchParams();
      for (const [k, v] of query) if (k !== '$skiptoken' && k !== '$count') next.append(k, v);
      next.set('$skiptoken', skipToken.encode(offset + top));
      body['@odata.nextLink'] =
        `${this.opts.origin()}/v1.0${ctx.path}?${next.toString().replace(/%24/g, '$').replace(/%2C/gi, ',')}`;
    }
    body.value = page;
    return json(200, body);
  }

  // ---- PATCH /applications/{id} --------------------------------------------------------------

  private patchApplication(app: Application, rawBody: unknown, caller: Caller): EmuResponse {
    requireWriteOn(this.tenant, app, caller);
    let body: unknown;
    try {
      body = Buffer.isBuffer(rawBody) ? JSON.parse(rawBody.toString('utf8')) : rawBody;
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new GraphFailure(
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
    const patch = body as Record<string, unknown>;
    const known = this.appSpec.selectable;
    for (const k of Object.keys(patch)) {
      if (k.startsWith('@odata.')) continue;
      if (k === 'passwordCredentials')
        throw new GraphFailure(
          400,
          'Request_BadRequest',
          "Property 'passwordCredentials' cannot be updated with PATCH; use addPassword and removePassword.",
        );
      if (k === 'uniqueName' && (app as unknown as Record<string, unknown>).uniqueName != null)
        throw new GraphFailure(
          400,
          'Request_BadRequest',
          "Property 'uniqueName' is read-only and cannot be set once it has a value.",
        );
      if (APP_READ_ONLY.has(k))
        throw new GraphFailure(400, 'Request_BadRequest', `Property '${k}' is read-only and cannot be set.`);
      if (!known.has(k)) throw new GraphFailure(400, 'Request_BadRequest', `Invalid property '${k}'.`);
    }
    const next: Record<string, unknown> = { ...app };
    for (const [k, v] of Object.entries(patch)) {
      if (k.startsWith('@odata.')) continue;
      next[k] =
        APP_COMPLEX.has(k) && v && typeof v === 'object' && !Array.isArray(v)
          ? { ...((app as unknown as Record<string, unknown>)[k] as object | null), ...structuredClone(v) }
          : structuredClone(v);
    }
    const nextApp = next as unknown as Application;
    const oldScopes = app.api?.oauth2PermissionScopes ?? [];
    const newScopes = nextApp.api?.oauth2PermissionScopes ?? [];
    const oldRoles = app.appRoles ?? [];
    const newRoles = nextApp.appRoles ?? [];
    const dup = (values: (string | null | undefined)[]) => {
      const seen = new Set<string>();
      return values.some((v) => {
        if (v == null || v === '') return false;
        if (seen.has(v)) return true;
        seen.add(v);
        return false;
      });
    };
    if (
      dup(newScopes.map((s) => s.id)) ||
      dup(newRoles.map((r) => r.id)) ||
      dup(newScopes.map((s) => s.value)) ||
      dup(newRoles.map((r) => r.value)) ||
      dup([...new Set(newScopes.map((s) => s.value))].concat([...new Set(newRoles.map((r) => r.value))]))
    ) {
      throw new GraphFailure(400, 'DuplicateValue', 'Request contains a property with duplicate values.');
    }
    const changedEnabled = <T extends { id?: string | null; isEnabled?: boolean | null }>(
      before: T[],
      after: T[],
      fields: (keyof T)[],
    ) =>
      before.some((old) => {
        if (old.isEnabled === false) return false;
        const now = after.find((n) => n.id === old.id);
        if (!now) return true;
        return fields.some((f) => JSON.stringify(old[f] ?? null) !== JSON.stringify(now[f] ?? null));
      });
    if (
      changedEnabled(oldScopes, newScopes, ['value', 'type']) ||
      changedEnabled(oldRoles, newRoles, ['value', 'allowedMemberTypes'])
    ) {
      throw new GraphFailure(
        400,
        'CannotDeleteOrUpdateEnabledEntitlement',
        'Permission (scope or role) cannot be deleted or updated unless disabled first.',
      );
    }
    validateApplication(this.tenant, nextApp, app, new Set(Object.keys(patch)));
    Object.assign(app, next);
    const sp = this.tenant.servicePrincipals.find((s) => s.appId === app.appId);
    if (sp) syncServicePrincipal(sp, app);
    return { status: 204, headers: {} };
  }

  private created(app: Application): EmuResponse {
    return json(201, { '@odata.context': `${this.opts.origin()}/v1.0/$metadata#applications/$entity`, ...app });
  }

  // ---- $batch --------------------------------------------------------------------------------

  private async batch(req: EmuRequest, caller: Caller): Promise<EmuResponse> {
    if (req.method !== 'POST') throw methodNotAllowed();
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.body.toString('utf8'));
    } catch {
      throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload format.');
    }
    const requests = (parsed as { requests?: unknown }).requests;
    if (!Array.isArray(requests))
      throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload format: the "requests" array is missing.');
    if (requests.length > 20)
      throw new GraphFailure(
        400,
        'BadRequest',
        'Invalid batch payload: the number of requests exceeds the limit of 20.',
      );
    type Sub = {
      id: string;
      method: string;
      url: string;
      headers?: Record<string, string>;
      body?: unknown;
      dependsOn?: string[];
    };
    const subs = requests as Sub[];
    const ids = new Set<string>();
    for (const s of subs) {
      if (!s || typeof s.id !== 'string' || typeof s.method !== 'string' || typeof s.url !== 'string')
        throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload: every request needs id, method and url.');
      if (ids.has(s.id)) throw new GraphFailure(400, 'BadRequest', `Batch request contains duplicate id '${s.id}'.`);
      ids.add(s.id);
      if (s.body !== undefined && !Object.keys(s.headers ?? {}).some((h) => h.toLowerCase() === 'content-type')) {
        throw new GraphFailure(
          400,
          'BadRequest',
          `Invalid batch payload: request '${s.id}' has a body but no Content-Type header.`,
        );
      }
    }
    for (const s of subs)
      for (const d of s.dependsOn ?? [])
        if (!ids.has(d))
          throw new GraphFailure(400, 'BadRequest', `Request '${s.id}' depends on unknown request '${d}'.`);
    const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body?: unknown }>();
    const pending = [...subs];
    while (pending.length > 0) {
      const idx = pending.findIndex((s) => (s.dependsOn ?? []).every((d) => results.has(d)));
      if (idx < 0) throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload: dependsOn contains a cycle.');
      const s = pending.splice(idx, 1)[0] as Sub;
      const started = Date.now();
      const rel = s.url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/?(v1\.0\/)?/, '/');
      const url = new URL(`${this.opts.origin()}/v1.0${rel}`);
      const subReq = { requestId: crypto.randomUUID(), clientRequestId: req.clientRequestId, url };
      const pathAndQuery = `/v1.0${rel}`;
      let res: EmuResponse;
      let faultKind: Fault['kind'] | undefined;
      const failedDep = (s.dependsOn ?? []).find((d) => {
        const st = results.get(d)?.status ?? 0;
        return st < 200 || st >= 300;
      });
      if (failedDep) {
        res = graphError(
          subReq,
          424,
          'FailedDependency',
          `Request failed because the request it depends on ('${failedDep}') failed.`,
        );
      } else {
        const fault = this.opts.takeFault(s.method, pathAndQuery);
        faultKind = fault?.kind;
        if (fault?.kind === 'latency') await sleep(fault.ms);
        const faulted =
          fault && fault.kind !== 'reset' && fault.kind !== 'malformed' ? faultResponse(fault, subReq) : undefined;
        if (faulted) res = faulted;
        else {
          const headers: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(s.headers ?? {})) headers[k.toLowerCase()] = v;
          try {
            res = this.dispatch(
              s.method.toUpperCase(),
              rel.split('?')[0] as string,
              url.searchParams,
              headers,
              s.body,
              caller,
              subReq,
            );
          } catch (err) {
            res = this.failure(subReq, err);
          }
        }
      }
      const isJson = res.headers['content-type']?.startsWith('application/json');
      results.set(s.id, {
        id: s.id,
        status: res.status,
        headers: {
          ...(res.body !== undefined
            ? { 'Content-Type': isJson ? ODATA_JSON : (res.headers['content-type'] ?? 'text/plain') }
            : {}),
          ...(res.headers['retry-after'] ? { 'Retry-After': res.headers['retry-after'] } : {}),
        },
        ...(res.body !== undefined ? { body: isJson ? (JSON.parse(res.body) as unknown) : res.body } : {}),
      });
      this.opts.log({
        method: s.method.toUpperCase(),
        path: pathAndQuery,
        status: res.status,
        time: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        kind: 'batch-item',
        batchItemId: s.id,
        ...(faultKind ? { fault: faultKind } : {}),
      });
    }
    return json(200, { responses: subs.map((s) => results.get(s.id)) });
  }
}

/** Keeps a service principal's copies of its application's properties in step after a PATCH. */
export function syncServicePrincipal(sp: ServicePrincipal, app: Application): void {
  sp.displayName = app.displayName;
  sp.appDisplayName = app.displayName;
  sp.appRoles = structuredClone(app.appRoles ?? []);
  sp.oauth2PermissionScopes = structuredClone(app.api?.oauth2PermissionScopes ?? []);
  sp.servicePrincipalNames = [...(app.identifierUris ?? []), app.appId];
  sp.replyUrls = [
    ...(app.web?.redirectUris ?? []),
    ...(app.spa?.redirectUris ?? []),
    ...(app.publicClient?.redirectUris ?? []),
  ];
  sp.tags = [...(app.tags ?? [])];
}

function stripType(user: User): User {
  const { '@odata.type': _t, ...rest } = user as User & { '@odata.type'?: string };
  return rest as User;
}

function simpleSpec(
  context: string,
  entity: string,
  filterable: Record<string, PropKind>,
  selectable: string[],
): CollectionSpec {
  return {
    context,
    entity,
    filterable,
    searchable: [],
    orderable: [],
    orderbyAdvanced: false,
    selectable: new Set(selectable),
    advancedQueries: false,
  };
}

const grantSpec = () =>
  simpleSpec(
    'oauth2PermissionGrants',
    'microsoft.graph.oAuth2PermissionGrant',
    { clientId: 'string', consentType: 'string', principalId: 'string', resourceId: 'string' },
    ['id', 'clientId', 'consentType', 'principalId', 'resourceId', 'scope'],
  );
const assignmentSpec = () =>
  simpleSpec(
    'appRoleAssignments',
    'microsoft.graph.appRoleAssignment',
    { principalId: 'string', resourceId: 'string', appRoleId: 'string', principalType: 'string' },
    [
      'id',
      'deletedDateTime',
      'appRoleId',
      'createdDateTime',
      'principalDisplayName',
      'principalId',
      'principalType',
      'resourceDisplayName',
      'resourceId',
    ],
  );
const ownersSpec = () =>
  simpleSpec('directoryObjects', 'microsoft.graph.directoryObject', { id: 'string' }, [
    'id',
    'displayName',
    'userPrincipalName',
    'mail',
    'appId',
  ]);
const userSpec = (): CollectionSpec => ({
  ...simpleSpec(
    'users',
    'microsoft.graph.user',
    { id: 'string', displayName: 'string', userPrincipalName: 'string', mail: 'string' },
    [
      'id',
      'businessPhones',
      'displayName',
      'givenName',
      'jobTitle',
      'mail',
      'mobilePhone',
      'officeLocation',
      'preferredLanguage',
      'surname',
      'userPrincipalName',
    ],
  ),
  advancedQueries: true,
  searchable: ['displayName', 'mail', 'userPrincipalName'],
});
const orgSpec = () =>
  simpleSpec('organization', 'microsoft.graph.organization', { id: 'string' }, [
    'id',
    'displayName',
    'verifiedDomains',
    'tenantType',
    'countryLetterCode',
    'createdDateTime',
  ]);
