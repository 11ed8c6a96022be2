// The tenant rules of the audit: what only the live tenant can tell (grants, assignments, owners,
// credentials by date, publisher), each with its risk, what to do and peer controls.
import { findPermission } from '../manifest/catalog';
import type { AuditApp, AuditContext, AuditRule } from './types';
import { HIGH_PRIVILEGE_APP_ROLES, HIGH_PRIVILEGE_SCOPES, MICROSOFT_GRAPH_APP_ID } from './highPrivilege';

const DAY = 86_400_000;
const BEST = 'https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration';
const CREDS = 'https://learn.microsoft.com/entra/identity/enterprise-apps/migrate-applications-from-secrets';
const OWNERS = 'https://learn.microsoft.com/entra/identity/enterprise-apps/overview-assign-app-owners';
const PERMS = 'https://learn.microsoft.com/graph/permissions-overview';
const CONSENT = 'https://learn.microsoft.com/entra/identity/enterprise-apps/manage-consent-requests';
const PUBLISHER = 'https://learn.microsoft.com/entra/identity-platform/publisher-verification-overview';
const REPLY = 'https://learn.microsoft.com/entra/identity-platform/reply-url';
const ASSIGN = 'https://learn.microsoft.com/entra/identity-platform/howto-restrict-your-app-to-a-set-of-users';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const day = (t: number): string => new Date(t).toISOString().slice(0, 10);

interface Credential {
  readonly kind: 'secret' | 'certificate';
  readonly path: string;
  readonly label: string;
  readonly start: number | undefined;
  readonly end: number | undefined;
}

function credentials(app: AuditApp): Credential[] {
  const out: Credential[] = [];
  for (const [key, kind] of [
    ['passwordCredentials', 'secret'],
    ['keyCredentials', 'certificate'],
  ] as const) {
    arr(app.json[key]).forEach((raw, i) => {
      const c = obj(raw);
      if (!c) return;
      const end = Date.parse(str(c.endDateTime) ?? '');
      const start = Date.parse(str(c.startDateTime) ?? '');
      const name = str(c.displayName) || str(c.keyId) || `#${i + 1}`;
      out.push({
        kind,
        path: `/${key}/${i}`,
        label: `${kind === 'secret' ? 'Client secret' : 'Certificate'} "${name}"`,
        start: Number.isNaN(start) ? undefined : start,
        end: Number.isNaN(end) ? undefined : end,
      });
    });
  }
  return out;
}

const publicClientOnly = (app: AuditApp): boolean => {
  const web = arr(obj(app.json.web)?.redirectUris).length;
  const spa = arr(obj(app.json.spa)?.redirectUris).length;
  return web === 0 && spa === 0 && arr(obj(app.json.publicClient)?.redirectUris).length > 0;
};

/** Application permissions the app's service principal holds, on resources whose assignments were read. */
function grantedRoles(app: AuditApp, ctx: AuditContext): readonly { appRoleId: string; resourceId: string }[] {
  const sp = ctx.spByAppId.get(app.appId.toLowerCase());
  return sp ? (ctx.assignmentsByPrincipal.get(sp.id) ?? []) : [];
}

const requestsRoles = (app: AuditApp): boolean =>
  arr(app.json.requiredResourceAccess).some((r) => arr(obj(r)?.resourceAccess).some((a) => obj(a)?.type === 'Role'));

export const credentialExpired: AuditRule = {
  id: 'audit-credential-expired',
  severity: 'warning',
  title: 'Expired client secrets and certificates.',
  risk: 'An expired credential no longer signs anyone in, but it hides which credential is really in use and often means an app is broken or abandoned.',
  action: 'Remove the expired credential (and, if the app is still used, check that it has a valid one).',
  docs: BEST,
  check(app, ctx, report) {
    for (const c of credentials(app)) {
      if (c.end !== undefined && c.end <= ctx.now)
        report(`${c.path}/endDateTime`, `${c.label} expired on ${day(c.end)}. Remove it.`);
    }
  },
};

export const credentialExpiring: AuditRule = {
  id: 'audit-credential-expiring',
  severity: 'warning',
  title: 'Client secrets and certificates expiring soon (within the configured number of days, 30 by default).',
  risk: 'When the last valid credential expires the app stops signing in: an outage.',
  action:
    'Add a new credential (a certificate or a federated credential where possible), deploy it, then remove the old one.',
  docs: BEST,
  check(app, ctx, report) {
    const limit = ctx.now + ctx.expiringDays * DAY;
    for (const c of credentials(app)) {
      if (c.end !== undefined && c.end > ctx.now && c.end <= limit) {
        report(
          `${c.path}/endDateTime`,
          `${c.label} expires on ${day(c.end)} (in ${Math.ceil((c.end - ctx.now) / DAY)} days). Rotate it.`,
        );
      }
    }
  },
};

export const credentialLifetime: AuditRule = {
  id: 'audit-credential-lifetime',
  severity: 'warning',
  title: 'Credentials valid for longer than the policy limit (secrets 180 days, certificates 365 days by default).',
  risk: 'A long-lived credential stays useful to whoever copies it for a long time.',
  action: 'Replace it with a credential of a shorter lifetime, and enforce the limit with an app management policy.',
  docs: BEST,
  peers: [
    {
      tool: 'Zero Trust Assessment',
      id: '21992',
      title: 'Application certificates need to be rotated on a regular basis',
      related: true,
    },
  ],
  check(app, ctx, report) {
    for (const c of credentials(app)) {
      if (c.end === undefined || c.start === undefined || c.end <= ctx.now) continue;
      const maxDays = c.kind === 'secret' ? ctx.maxSecretLifetimeDays : ctx.maxCertificateLifetimeDays;
      const days = Math.round((c.end - c.start) / DAY);
      if (days > maxDays)
        report(
          `${c.path}/endDateTime`,
          `${c.label} is valid for ${days} days, over the limit of ${maxDays}. Replace it with a shorter-lived one.`,
        );
    }
  },
};

export const secretInsteadOfCertificate: AuditRule = {
  id: 'audit-secret-not-certificate',
  severity: 'warning',
  title: 'Daemon apps (application permissions) that sign in with a client secret.',
  risk: 'A secret is a password: it ends up in configuration files and scripts, and whoever has it gets every application permission of the app without any user.',
  action: 'Use a managed identity, a federated credential or a certificate, then remove the secret.',
  docs: CREDS,
  peers: [
    {
      tool: 'Zero Trust Assessment',
      id: '21772',
      title: "Applications don't have client secrets configured",
      related: true,
    },
  ],
  check(app, ctx, report) {
    if (publicClientOnly(app)) return;
    const daemon = grantedRoles(app, ctx).length > 0 || requestsRoles(app);
    if (!daemon) return;
    for (const c of credentials(app)) {
      if (c.kind === 'secret' && (c.end === undefined || c.end > ctx.now)) {
        report(
          c.path,
          `${c.label} signs in an app with application permissions. Use a certificate, federated credential or managed identity instead.`,
        );
      }
    }
  },
};

export const noOwners: AuditRule = {
  id: 'audit-no-owners',
  severity: 'warning',
  title: 'App registrations without owners.',
  risk: 'Nobody is accountable: credentials expire unnoticed, and nobody reviews the permissions or answers for the app.',
  action: 'Add at least two owners (people or a service principal that manages the app).',
  docs: OWNERS,
  peers: [
    { tool: 'Zero Trust Assessment', id: '21867', title: 'All enterprise applications have owners', related: true },
  ],
  check(app, _ctx, report) {
    if (app.hasOwners === false) report('', `${app.displayName} has no owners. Add at least two.`);
  },
};

export const highPrivilegeGranted: AuditRule = {
  id: 'audit-high-privilege-granted',
  severity: 'error',
  title: 'High-privilege Microsoft Graph application permissions granted (admin-consented), not only requested.',
  risk: 'Whoever holds a credential of the app can act on the whole tenant without any user, e.g. make itself Global Administrator or read every mailbox.',
  action:
    'Replace the permission with a narrower one (.Read, .Selected, .OwnedBy, or delegated), or remove the grant in Enterprise applications > Permissions.',
  docs: PERMS,
  check(app, ctx, report) {
    if (!ctx.graphSpId) return;
    const requested = rraIndex(app);
    for (const a of grantedRoles(app, ctx)) {
      if (a.resourceId !== ctx.graphSpId) continue;
      const role = HIGH_PRIVILEGE_APP_ROLES.get(a.appRoleId.toLowerCase());
      if (!role) continue;
      const path =
        requested.get(`${MICROSOFT_GRAPH_APP_ID}|Role|${a.appRoleId.toLowerCase()}`) ?? '/requiredResourceAccess';
      report(
        path,
        `${role.value} is granted: without a user, the app can ${role.allows}. Use a narrower permission or remove the grant.`,
      );
    }
  },
};

export const highPrivilegeDelegatedForAll: AuditRule = {
  id: 'audit-high-privilege-consent-all',
  severity: 'warning',
  title: 'High-privilege Microsoft Graph delegated permissions consented for all users (consentType AllPrincipals).',
  risk: "Every user of the tenant has granted these permissions to the app; a compromised app or token acts with each signed-in user's full rights.",
  action:
    'Review the grant; keep admin consent for all users to low-privilege scopes and ask for the others per user or not at all.',
  docs: CONSENT,
  check(app, ctx, report) {
    if (!ctx.graphSpId || !ctx.grantsByClient) return;
    const sp = ctx.spByAppId.get(app.appId.toLowerCase());
    if (!sp) return;
    for (const g of ctx.grantsByClient.get(sp.id) ?? []) {
      if (g.consentType !== 'AllPrincipals' || g.resourceId !== ctx.graphSpId) continue;
      const high = g.scope.split(' ').filter((s) => s && HIGH_PRIVILEGE_SCOPES.has(s.toLowerCase()));
      if (high.length)
        report(
          '/requiredResourceAccess',
          `${high.join(', ')} ${high.length === 1 ? 'is' : 'are'} consented for all users of the tenant. Review the grant.`,
        );
    }
  },
};

/** `${resourceAppId}|${type}|${id}` (lower case) → JSON pointer of the requiredResourceAccess entry. */
function rraIndex(app: AuditApp): Map<string, string> {
  const out = new Map<string, string>();
  arr(app.json.requiredResourceAccess).forEach((r, i) => {
    const res = obj(r);
    const resourceAppId = str(res?.resourceAppId)?.toLowerCase();
    if (!resourceAppId) return;
    arr(res?.resourceAccess).forEach((a, j) => {
      const access = obj(a);
      const id = str(access?.id)?.toLowerCase();
      const type = str(access?.type);
      if (id && type) out.set(`${resourceAppId}|${type}|${id}`, `/requiredResourceAccess/${i}/resourceAccess/${j}`);
    });
  });
  return out;
}

/** The value of a scope or app role of a resource: from the tenant's own app registration, else the catalogue. */
function permissionValue(
  resourceAppId: string,
  id: string,
  type: 'Scope' | 'Role',
  ctx: AuditContext,
): string | undefined {
  const own = ctx.appByAppId.get(resourceAppId);
  if (own) {
    const list = type === 'Scope' ? obj(own.json.api)?.oauth2PermissionScopes : own.json.appRoles;
    return str(
      arr(list)
        .map(obj)
        .find((p) => str(p?.id)?.toLowerCase() === id)?.value,
    );
  }
  if (type === 'Role') {
    const high = resourceAppId === MICROSOFT_GRAPH_APP_ID ? HIGH_PRIVILEGE_APP_ROLES.get(id)?.value : undefined;
    if (high) return high;
  }
  const resource = ctx.catalog?.getResource(resourceAppId);
  return resource ? findPermission(resource, id, type)?.value : undefined;
}

export const requestedNotGranted: AuditRule = {
  id: 'audit-permission-not-granted',
  severity: 'info',
  title: 'Permissions requested in the app registration but never granted in this tenant.',
  risk: 'Leftover requests widen what a later admin consent grants at once, and make reviews harder.',
  action: 'Remove the permission from the app registration if the app does not need it; otherwise grant it.',
  docs: PERMS,
  check(app, ctx, report) {
    const sp = ctx.spByAppId.get(app.appId.toLowerCase());
    if (!sp) return;
    const roles = new Set(grantedRoles(app, ctx).map((a) => `${a.resourceId}|${a.appRoleId.toLowerCase()}`));
    const grants = ctx.grantsByClient?.get(sp.id) ?? [];
    arr(app.json.requiredResourceAccess).forEach((r, i) => {
      const res = obj(r);
      const resourceAppId = str(res?.resourceAppId)?.toLowerCase();
      const resource = resourceAppId ? ctx.spByAppId.get(resourceAppId) : undefined;
      if (!resourceAppId || !resource) return;
      arr(res?.resourceAccess).forEach((a, j) => {
        const access = obj(a);
        const id = str(access?.id)?.toLowerCase();
        if (!id) return;
        const path = `/requiredResourceAccess/${i}/resourceAccess/${j}`;
        if (access?.type === 'Role') {
          if (!ctx.assignmentsReadFor.has(resource.id) || roles.has(`${resource.id}|${id}`)) return;
          report(
            path,
            `The application permission ${permissionValue(resourceAppId, id, 'Role', ctx) ?? id} on ${resource.displayName} is requested but not granted. Remove it or grant admin consent.`,
          );
        } else if (access?.type === 'Scope' && ctx.grantsByClient) {
          const value = permissionValue(resourceAppId, id, 'Scope', ctx);
          if (!value) return;
          const lower = value.toLowerCase();
          const granted = grants.some(
            (g) => g.resourceId === resource.id && g.scope.split(' ').some((s) => s.toLowerCase() === lower),
          );
          if (!granted)
            report(
              path,
              `The delegated permission ${value} on ${resource.displayName} is requested but granted to nobody. Remove it or grant consent.`,
            );
        }
      });
    });
  },
};

const MULTI = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

export const unverifiedPublisher: AuditRule = {
  id: 'audit-multitenant-unverified',
  severity: 'warning',
  title: 'Multi-tenant apps without a verified publisher.',
  risk: 'Users of other tenants see "unverified" on the consent prompt, and many tenants block user consent to unverified apps; attackers use look-alike unverified apps for consent phishing.',
  action:
    'Verify the publisher (Microsoft Partner Network id on a verified domain), or make the app single-tenant if only this tenant uses it.',
  docs: PUBLISHER,
  check(app, _ctx, report) {
    const audience = str(app.json.signInAudience);
    if (!audience || !MULTI.has(audience)) return;
    if (str(obj(app.json.verifiedPublisher)?.verifiedPublisherId)) return;
    report(
      '/signInAudience',
      `${app.displayName} is multi-tenant (${audience}) without a verified publisher. Verify the publisher or make it single-tenant.`,
    );
  },
};

/** Hosts that hand out names to anyone for a while (tunnels); a later holder of the name receives tokens. */
export const TUNNEL_HOSTS: readonly string[] = [
  'ngrok.io',
  'ngrok.app',
  'ngrok.dev',
  'ngrok-free.app',
  'ngrok-free.dev',
  'loca.lt',
  'localtunnel.me',
  'trycloudflare.com',
  'serveo.net',
  'serveousercontent.com',
  'localhost.run',
  'lhr.life',
  'devtunnels.ms',
  'pagekite.me',
  'telebit.io',
];

function hostOf(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(uri);
  if (!m) return undefined;
  const authority = m[1]!.slice(m[1]!.lastIndexOf('@') + 1);
  return authority.replace(/:\d*$/, '').toLowerCase();
}

function redirectUris(app: AuditApp): { uri: string; path: string }[] {
  const out: { uri: string; path: string }[] = [];
  for (const key of ['web', 'spa', 'publicClient']) {
    arr(obj(app.json[key])?.redirectUris).forEach((u, i) => {
      if (typeof u === 'string') out.push({ uri: u, path: `/${key}/redirectUris/${i}` });
    });
  }
  return out;
}

const under = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

export const redirectTunnel: AuditRule = {
  id: 'audit-redirect-uri-tunnel',
  severity: 'error',
  title: 'Redirect URIs on tunnel hosts (ngrok, localtunnel/loca.lt, trycloudflare, serveo, devtunnels...).',
  risk: 'Tunnel names are handed out again; whoever gets the name next receives sign-in codes and tokens for this app.',
  action: 'Remove the redirect URI; for development use http://localhost or a domain you own.',
  docs: REPLY,
  check(app, _ctx, report) {
    for (const r of redirectUris(app)) {
      const host = hostOf(r.uri);
      const tunnel = host && TUNNEL_HOSTS.find((d) => under(host, d));
      if (tunnel)
        report(
          r.path,
          `${host} is a temporary tunnel host (${tunnel}): its next holder receives this app's tokens. Remove the redirect URI.`,
        );
    }
  },
};

export const redirectAzureWebsites: AuditRule = {
  id: 'audit-redirect-uri-azurewebsites',
  severity: 'warning',
  title: 'Redirect URIs on *.azurewebsites.net (or other shared Azure host names).',
  risk: 'When the App Service is deleted its name can be registered by anyone, who then receives sign-in codes and tokens (subdomain takeover).',
  action: 'Use a custom domain you own for the redirect URI, and remove redirect URIs of deleted sites.',
  docs: REPLY,
  peers: [
    {
      tool: 'Zero Trust Assessment',
      id: '21888',
      title: 'App registrations must not have dangling or abandoned domain redirect URIs',
      related: true,
    },
  ],
  check(app, _ctx, report) {
    for (const r of redirectUris(app)) {
      const host = hostOf(r.uri);
      if (host && !host.includes('*') && under(host, 'azurewebsites.net')) {
        report(
          r.path,
          `${host} is a shared Azure host name: if the site is deleted, someone else can take the name and receive tokens. Use a custom domain.`,
        );
      }
    }
  },
};

export const assignmentNotRequired: AuditRule = {
  id: 'audit-assignment-not-required',
  severity: 'warning',
  title: 'Apps that define app roles for users while their service principal does not require assignment.',
  risk: 'Every user of the tenant can sign in to the app and get a token, only without a role: an app that treats "signed in" as "allowed" is open to everyone.',
  action: 'Set "Assignment required" on the enterprise application (appRoleAssignmentRequired) and assign the roles.',
  docs: ASSIGN,
  check(app, ctx, report) {
    const sp = ctx.spByAppId.get(app.appId.toLowerCase());
    if (!sp || sp.appRoleAssignmentRequired) return;
    const userRoles = arr(app.json.appRoles).some(
      (r) => obj(r)?.isEnabled !== false && arr(obj(r)?.allowedMemberTypes).includes('User'),
    );
    if (userRoles)
      report(
        '/appRoles',
        `${app.displayName} defines app roles for users, but its enterprise application does not require assignment. Set appRoleAssignmentRequired.`,
      );
  },
};

/** The tenant rules, in report order. */
export const auditRules: readonly AuditRule[] = [
  credentialExpired,
  credentialExpiring,
  credentialLifetime,
  secretInsteadOfCertificate,
  noOwners,
  highPrivilegeGranted,
  highPrivilegeDelegatedForAll,
  requestedNotGranted,
  unverifiedPublisher,
  redirectTunnel,
  redirectAzureWebsites,
  assignmentNotRequired,
];
