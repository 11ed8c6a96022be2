// Who calls the emulator's Graph: the bearer token checked as Graph checks it (signature, audience,
// tenant, lifetime), and the permissions each kind of call needs.
import type { EmuRequest } from './http.js';
import { GraphFailure } from './graphFailure.js';
import { verifyJwt, type KeyRing } from './tokens.js';

const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];

/** Caller identity from a validated Graph token. */
export interface Caller {
  delegated: boolean;
  /** user id (delegated) or service principal object id (app-only) */
  oid: string;
  appId: string;
  roles: string[];
  scopes: string[];
}

export type Access = 'readApps' | 'writeApps' | 'readGrants' | 'readAssignments' | 'me' | 'readOrg' | 'readUsers';
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

export async function authenticate(
  req: EmuRequest,
  opts: { origin: () => string; keys: KeyRing; tenantId: string },
): Promise<Caller> {
  const origin = opts.origin();
  const header = req.headers.authorization ?? '';
  const challenge = {
    'www-authenticate': `Bearer realm="", authorization_uri="${origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
  };
  const token = /^Bearer\s+(.*)$/i.exec(header)?.[1]?.trim() ?? '';
  const fail = (message: string) => new GraphFailure(401, 'InvalidAuthenticationToken', message, challenge);
  if (!token) throw fail('Access token is empty.');
  const result = await verifyJwt(token, opts.keys);
  if (!result.ok) {
    if (result.reason === 'expired') throw fail('Access token has expired.');
    if (result.reason === 'malformed') throw fail('CompactToken parsing failed with error code: 80049217');
    if (result.reason === 'notYetValid') throw fail('Access token validation failure. The token is not yet valid.');
    throw fail('Access token validation failure. Signature verification failed.');
  }
  const c = result.claims;
  const aud = String(c.aud ?? '');
  if (!GRAPH_AUDIENCES.includes(aud) && aud.replace(/\/$/, '') !== origin)
    throw fail('Access token validation failure. Invalid audience.');
  if (c.tid !== opts.tenantId) throw fail('Access token validation failure. Invalid issuer.');
  const delegated = typeof c.scp === 'string';
  return {
    delegated,
    oid: String(c.oid ?? ''),
    appId: String(c.appid ?? c.azp ?? ''),
    roles: Array.isArray(c.roles) ? c.roles.map(String) : [],
    scopes: delegated ? String(c.scp).split(' ').filter(Boolean) : [],
  };
}

export function requireAccess(caller: Caller, access: Access): void {
  const [roles, scopes] = PERMISSIONS[access];
  const ok = caller.delegated
    ? caller.scopes.some((s) => scopes.includes(s))
    : caller.roles.some((r) => roles.includes(r));
  if (!ok)
    throw new GraphFailure(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}
