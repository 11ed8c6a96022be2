// Graph queries the tenant audit uses that the rest of the emulator does not serve: the
// relationship count filter on applications (`$filter=owners/$count eq 0`), an advanced query
// (ConsistencyLevel: eventual and $count=true), paged like every other collection.
import { json, type EmuResponse } from './http.js';
import { QueryError, skipToken } from './query.js';
import type { TenantStore } from './types.js';

const READ_ROLES = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Application.ReadWrite.OwnedBy',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const READ_SCOPES = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'Directory.AccessAsUser.All',
];
const COUNT_FILTER = /^\s*owners\/\$count\s+(eq|ne)\s+(\d+)\s*$/i;

export interface AuditRouteCaller {
  delegated: boolean;
  roles: string[];
  scopes: string[];
}

/**
 * Answers `GET /applications?$filter=owners/$count eq|ne N…`; undefined for every other request
 * (the regular routes handle them). Errors are thrown as the collection routes throw them.
 */
export function auditRoute(
  tenant: TenantStore,
  origin: string,
  method: string,
  rel: string,
  query: URLSearchParams,
  headers: Record<string, string | undefined>,
  caller: AuditRouteCaller,
): EmuResponse | undefined {
  const filter = query.get('$filter');
  const m = filter === null ? null : COUNT_FILTER.exec(filter);
  if (method !== 'GET' || rel !== '/applications' || !m) return undefined;
  const allowed = caller.delegated
    ? caller.scopes.some((s) => READ_SCOPES.includes(s))
    : caller.roles.some((r) => READ_ROLES.includes(r));
  if (!allowed)
    return json(403, {
      error: {
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
        innerError: { date: new Date().toISOString().slice(0, 19) },
      },
    });
  const advanced =
    (headers.consistencylevel ?? '').toLowerCase() === 'eventual' && query.get('$count')?.toLowerCase() === 'true';
  if (!advanced) {
    throw new QueryError(
      'Request_UnsupportedQuery',
      "Operator 'count' is not supported because the required parameters might be missing. Try adding $count with a value of true and the request header ConsistencyLevel with a value of eventual.",
    );
  }
  for (const name of query.keys()) {
    if (name.startsWith('$') && !['$filter', '$count', '$select', '$top', '$skiptoken'].includes(name))
      throw new QueryError('BadRequest', `Query option '${name}' is not allowed for this request.`);
  }
  const want = Number(m[2]);
  const eq = m[1]!.toLowerCase() === 'eq';
  const matches = tenant.applications.filter((a) => ((tenant.owners.get(a.id) ?? []).length === want) === eq);
  const topRaw = query.get('$top');
  const top = topRaw === null ? 100 : Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > 999)
    throw new QueryError(
      'Request_BadRequest',
      `Invalid page size specified: '${topRaw}'. Must be between 1 and 999 inclusive.`,
    );
  const select = query
    .get('$select')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const tokenRaw = query.get('$skiptoken');
  const offset = tokenRaw === null ? 0 : skipToken.decode(tokenRaw);
  const page = matches.slice(offset, offset + top).map((a) => {
    const item = a as unknown as Record<string, unknown>;
    if (!select) return item;
    const out: Record<string, unknown> = {};
    for (const k of select) out[k] = k in item ? item[k] : null;
    return out;
  });
  const body: Record<string, unknown> = {
    '@odata.context': `${origin}/v1.0/$metadata#applications${select ? `(${select.join(',')})` : ''}`,
  };
  if (tokenRaw === null) body['@odata.count'] = matches.length;
  if (offset + top < matches.length) {
    const next = new URLSearchParams();
    for (const [k, v] of query) if (k !== '$skiptoken') next.append(k, v);
    next.set('$skiptoken', skipToken.encode(offset + top));
    body['@odata.nextLink'] =
      `${origin}/v1.0/applications?${next.toString().replace(/%24/g, '$').replace(/%2C/gi, ',')}`;
  }
  body.value = page;
  return json(200, body);
}
