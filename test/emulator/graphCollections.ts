// Graph's collections and entities in the emulator: query options ($select, $filter, $top,
// $skiptoken, $count, $search, $orderby, $expand) as Graph accepts or rejects them, response
// shapes with @odata.context and paging links, and the specs of the simpler collections.
import { json, type EmuResponse } from './http.js';
import { parseFilter, parseSearch, QueryError, skipToken, type PropKind } from './query.js';
import { GraphFailure } from './graphFailure.js';
import type { User } from './types.js';

export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
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

export interface CollectionSpec {
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

function checkOptions(query: URLSearchParams, allowed: string[]): void {
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

function selectList(spec: CollectionSpec, query: URLSearchParams): string[] | undefined {
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

function shape(
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

export function contextUrl(origin: string, path: string, select?: string[]): string {
  return `${origin}/v1.0/$metadata#${path}${select ? `(${select.join(',')})` : ''}`;
}

export function entity(
  origin: string,
  spec: CollectionSpec,
  item: Record<string, unknown>,
  ctx: { query: URLSearchParams },
  contextPath?: string,
): EmuResponse {
  checkOptions(ctx.query, ['$select', '$expand']);
  const select = selectList(spec, ctx.query);
  const expand = expandOption(spec, ctx.query);
  const shaped = select?.includes('keyCredentials')
    ? { ...shape(item, select, expand, spec) }
    : shape(item, select, expand, spec);
  if (select?.includes('keyCredentials')) shaped.keyCredentials = item.keyCredentials;
  return json(200, {
    '@odata.context': `${contextUrl(origin, contextPath ?? spec.context, select)}/$entity`,
    ...shaped,
  });
}

function expandOption(spec: CollectionSpec, query: URLSearchParams): string | undefined {
  const expand = query.get('$expand') ?? undefined;
  if (expand !== undefined && !spec.expandable?.[expand])
    throw new QueryError('BadRequest', `Could not find a property named '${expand}' on type '${spec.entity}'.`);
  return expand;
}

export function countSegment(
  items: Record<string, unknown>[],
  ctx: { advanced: boolean; query: URLSearchParams },
): EmuResponse {
  if (!ctx.advanced) throw new GraphFailure(400, 'Request_BadRequest', '$count is not currently supported.');
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(items.length) };
}

export function list(
  origin: string,
  spec: CollectionSpec,
  all: Record<string, unknown>[],
  ctx: { query: URLSearchParams; advanced: boolean; path: string },
  contextPath?: string,
): EmuResponse {
  const { query, advanced } = ctx;
  checkOptions(
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
  const select = selectList(spec, query);
  const expand = expandOption(spec, query);
  if (expand && fullyAdvanced && (search !== null || countTrue))
    throw new QueryError(
      'Request_UnsupportedQuery',
      'The requested feature is not supported: $expand cannot be combined with advanced query parameters.',
    );
  const tokenRaw = query.get('$skiptoken');
  const offset = tokenRaw === null ? 0 : skipToken.decode(tokenRaw);
  const page = items.slice(offset, offset + top).map((i) => shape(i, select, expand, spec));
  const body: Record<string, unknown> = { '@odata.context': contextUrl(origin, contextPath ?? spec.context, select) };
  if (countTrue && advanced && tokenRaw === null) body['@odata.count'] = items.length;
  if (offset + top < items.length) {
    const next = new URLSearchParams();
    for (const [k, v] of query) if (k !== '$skiptoken' && k !== '$count') next.append(k, v);
    next.set('$skiptoken', skipToken.encode(offset + top));
    body['@odata.nextLink'] = `${origin}/v1.0${ctx.path}?${next.toString().replace(/%24/g, '$').replace(/%2C/gi, ',')}`;
  }
  body.value = page;
  return json(200, body);
}

export function stripType(user: User): User {
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

export const grantSpec = () =>
  simpleSpec(
    'oauth2PermissionGrants',
    'microsoft.graph.oAuth2PermissionGrant',
    { clientId: 'string', consentType: 'string', principalId: 'string', resourceId: 'string' },
    ['id', 'clientId', 'consentType', 'principalId', 'resourceId', 'scope'],
  );
export const assignmentSpec = () =>
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
export const ownersSpec = () =>
  simpleSpec('directoryObjects', 'microsoft.graph.directoryObject', { id: 'string' }, [
    'id',
    'displayName',
    'userPrincipalName',
    'mail',
    'appId',
  ]);
export const userSpec = (): CollectionSpec => ({
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
export const orgSpec = () =>
  simpleSpec('organization', 'microsoft.graph.organization', { id: 'string' }, [
    'id',
    'displayName',
    'verifiedDomains',
    'tenantType',
    'countryLetterCode',
    'createdDateTime',
  ]);
