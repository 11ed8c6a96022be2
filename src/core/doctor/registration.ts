/**
 * Checks a failed sign-in request against the app registration it names (the application object
 * as Microsoft Graph returns it): redirect URI per platform, requested scopes against what the
 * resource exposes and what the app lists in requiredResourceAccess, `.default` use, supported
 * account types against the tenant in the URL, and public client flows. Each mismatch is a finding
 * with the fix and the manifest property path where it is made. Pure: resources named by the
 * scopes are resolved by the caller (see {@link scopeResources}).
 */
import type { LinkedApp } from '../token/linker';
import type { SignInRequest } from './extract';
import { MICROSOFT_GRAPH_APP_ID } from '../entra/ids';
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

export type ManifestPath = readonly (string | number)[];

export interface RegistrationFinding {
  readonly id: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly fix: string;
  /** Where in the manifest (Graph format) the fix is made. */
  readonly path: ManifestPath;
  /** The change to the app registration that makes the fix, when it is one clear edit (see `doctorEdit`). */
  readonly edit?: RegistrationEdit;
}

/** A fix of the app registration, named by what it changes; `doctorEdit` builds it against the live app. */
export type RegistrationEdit =
  | { readonly kind: 'addRedirectUri'; readonly label: string; readonly platform: Platform; readonly uri: string }
  | {
      readonly kind: 'moveRedirectUri';
      readonly label: string;
      readonly from: Platform;
      readonly to: Platform;
      readonly uri: string;
    }
  | {
      readonly kind: 'requestScope';
      readonly label: string;
      readonly resourceAppId: string;
      readonly scopeId: string;
    }
  | { readonly kind: 'allowPublicClientFlows'; readonly label: string };

/** Delegated scopes granted for one resource: for every user (AllPrincipals) or by some users only. */
export interface GrantedScopes {
  readonly tenant: ReadonlySet<string>;
  readonly someUsers: ReadonlySet<string>;
}

/**
 * What the tenant granted the client app (its service principal's oauth2PermissionGrants and app
 * role assignments), keyed by the resource's appId in lower case.
 */
export interface ConsentFacts {
  /** False: the app has no service principal in the tenant, so nobody has consented to it here. */
  readonly servicePrincipal: boolean;
  /** Undefined when the grants could not be read. */
  readonly delegated: ReadonlyMap<string, GrantedScopes> | undefined;
  /** App role ids (lower case) assigned to the client; undefined when they could not be read. */
  readonly application: ReadonlyMap<string, ReadonlySet<string>> | undefined;
}

export interface RegistrationCheck {
  readonly appId: string;
  readonly displayName: string;
  readonly findings: readonly RegistrationFinding[];
  /** What was checked and found right (shown so the user knows what to stop looking at). */
  readonly passed: readonly string[];
}

export interface RegistrationContext {
  /** Resources named by the scopes, by {@link scopeResources} key: the app, or null when the tenant has none. */
  readonly resources?: ReadonlyMap<string, LinkedApp | null>;
  /** The tenant the app is registered in (to tell its own tenant from another in the URL). */
  readonly homeTenant?: { readonly id?: string; readonly domains?: readonly string[] };
  /** The client's actual grants; without them consent is not checked (only what the app requests). */
  readonly consent?: ConsentFacts;
  /** Translates the findings and what passed (default: English). */
  readonly l10n?: Localizer;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const graphAppId = MICROSOFT_GRAPH_APP_ID;
const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);
const graphHosts = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
  'https://canary.graph.microsoft.com',
];

export interface ParsedScope {
  readonly raw: string;
  /** Resource key: App ID URI or app id as written (no trailing slash), Microsoft Graph's app id for bare names. */
  readonly resource: string;
  readonly value: string;
  readonly oidc: boolean;
}

export function parseScope(raw: string): ParsedScope {
  if (oidcScopes.has(raw.toLowerCase())) return { raw, resource: '', value: raw, oidc: true };
  const slash = raw.lastIndexOf('/');
  if (slash <= 0) return { raw, resource: graphAppId, value: raw, oidc: false };
  let resource = raw.slice(0, slash).replace(/\/+$/, '');
  if (graphHosts.includes(resource.toLowerCase())) resource = graphAppId;
  return { raw, resource, value: raw.slice(slash + 1), oidc: false };
}

/** Distinct resources the request's scopes name (to resolve before {@link checkRegistration}). */
export function scopeResources(req: SignInRequest): string[] {
  return [
    ...new Set(
      req.scopes
        .map(parseScope)
        .filter((s) => !s.oidc)
        .map((s) => s.resource),
    ),
  ];
}

function platformLabel(p: Platform, l10n: L10n): string {
  return p === 'web'
    ? l10n.t('Web')
    : p === 'spa'
      ? l10n.t('Single-page application')
      : l10n.t('Mobile and desktop applications');
}

/** "Web and Single-page application". */
function platformList(list: readonly Platform[], l10n: L10n): string {
  return list.map((p) => platformLabel(p, l10n)).reduce((a, b) => l10n.t('{0} and {1}', a, b));
}
export type Platform = 'web' | 'spa' | 'publicClient';
const platforms: readonly Platform[] = ['web', 'spa', 'publicClient'];

function isLoopback(u: URL): boolean {
  return u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
}

function tryUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

/** How a registered URI differs from the requested one, when it nearly matches. */
function nearMiss(requested: string, registered: string, l10n: L10n): string | undefined {
  const trim = (s: string): string => s.replace(/\/+$/, '');
  if (trim(requested) === trim(registered)) return l10n.t('a trailing slash');
  const a = tryUrl(requested);
  const b = tryUrl(registered);
  if (a && b) {
    const rest = (u: URL): string => `${u.host}${u.pathname}${u.search}`;
    if (a.protocol !== b.protocol && rest(a) === rest(b))
      return l10n.t('the scheme ({0} vs {1})', a.protocol.slice(0, -1), b.protocol.slice(0, -1));
    if (a.protocol !== b.protocol && trim(rest(a)) === trim(rest(b))) return l10n.t('the scheme and a trailing slash');
  }
  if (requested.toLowerCase() === registered.toLowerCase()) return l10n.t('upper/lower case');
  if (
    a &&
    b &&
    a.host === b.host &&
    a.protocol === b.protocol &&
    trim(a.pathname) !== trim(b.pathname) &&
    a.pathname.toLowerCase() === b.pathname.toLowerCase()
  )
    return l10n.t('upper/lower case');
  return undefined;
}

/** Loopback URIs match whatever the port (the sign-in service ignores it for localhost). */
function loopbackMatch(requested: string, registered: string): boolean {
  const a = tryUrl(requested);
  const b = tryUrl(registered);
  return (
    !!a &&
    !!b &&
    isLoopback(a) &&
    isLoopback(b) &&
    a.protocol === b.protocol &&
    a.hostname === b.hostname &&
    a.pathname === b.pathname &&
    a.search === b.search &&
    a.port !== b.port
  );
}

/** What every check reads (the request, the app, what is known of the tenant) and adds to. */
interface CheckInput {
  readonly req: SignInRequest;
  readonly app: Json;
  readonly ctx: RegistrationContext;
  readonly findings: RegistrationFinding[];
  readonly passed: string[];
  readonly l10n: L10n;
}

function checkRedirect({ req, app, findings, passed, l10n }: CheckInput): void {
  const requested = req.redirectUri;
  const registered = platforms.map((p) => ({ platform: p, uris: strings(obj(app[p]).redirectUris) }));
  const total = registered.reduce((n, r) => n + r.uris.length, 0);
  if (!requested) {
    if (total === 0 && (req.code === '900971' || req.flow === 'authorizationCode' || req.flow === 'implicit')) {
      findings.push({
        id: 'no-redirect-uri',
        severity: 'error',
        message: l10n.t('The app has no redirect URI on any platform.'),
        fix: l10n.t(
          'Add the redirect URI the app uses under Authentication for its platform (web.redirectUris, spa.redirectUris or publicClient.redirectUris).',
        ),
        path: ['web', 'redirectUris'],
      });
    }
    return;
  }
  const exact = registered.filter((r) => r.uris.includes(requested)).map((r) => r.platform);
  const loop = registered.filter((r) => r.uris.some((u) => loopbackMatch(requested, u))).map((r) => r.platform);
  const matched = exact.length ? exact : loop;
  if (matched.length) {
    passed.push(
      exact.length
        ? l10n.t('The redirect URI {0} is registered under {1}.', requested, platformList(matched, l10n))
        : l10n.t(
            'The redirect URI {0} is registered under {1} (loopback, any port).',
            requested,
            platformList(matched, l10n),
          ),
    );
    const idx = (p: Platform): number =>
      registered.find((r) => r.platform === p)!.uris.findIndex((u) => u === requested || loopbackMatch(requested, u));
    if (req.code === '9002326' && !matched.includes('spa')) {
      findings.push({
        id: 'redirect-uri-not-spa',
        severity: 'error',
        message: l10n.t(
          '{0} is registered under {1}, but a browser redeems the code cross-origin, which only the Single-page application platform allows.',
          requested,
          platformList(matched, l10n),
        ),
        fix: l10n.t(
          'Move {0} from {1} to Single-page application (spa.redirectUris).',
          requested,
          platformLabel(matched[0]!, l10n),
        ),
        path: [matched[0]!, 'redirectUris', idx(matched[0]!)],
        edit: {
          kind: 'moveRedirectUri',
          label: l10n.t('Move {0} to the Single-page application platform', requested),
          from: matched[0]!,
          to: 'spa',
          uri: requested,
        },
      });
    }
    if (req.code === '700025' && matched.some((p) => p !== 'web') && !matched.includes('web')) {
      findings.push({
        id: 'redirect-uri-public-with-secret',
        severity: 'error',
        message: l10n.t(
          '{0} is registered for a public client platform, and public clients must not send a client secret.',
          requested,
        ),
        fix: l10n.t(
          'Drop the client secret from the request, or register the URI under Web if the app is a confidential client.',
        ),
        path: [matched[0]!, 'redirectUris', idx(matched[0]!)],
      });
    }
    if ((req.flow === 'implicit' || req.flow === 'hybrid') && matched.includes('web')) {
      const types = (req.responseType ?? '').toLowerCase().split(/[\s+]+/);
      const implicit = obj(obj(app.web).implicitGrantSettings);
      if (types.includes('id_token') && implicit.enableIdTokenIssuance !== true) {
        findings.push({
          id: 'implicit-id-token-disabled',
          severity: 'error',
          message: l10n.t(
            'The request asks for an ID token from the authorize endpoint (response_type id_token), which the app does not allow.',
          ),
          fix: l10n.t(
            'Use the authorization code flow, or enable ID tokens for implicit and hybrid flows (web.implicitGrantSettings.enableIdTokenIssuance: true).',
          ),
          path: ['web', 'implicitGrantSettings', 'enableIdTokenIssuance'],
        });
      }
      if (types.includes('token') && implicit.enableAccessTokenIssuance !== true) {
        findings.push({
          id: 'implicit-access-token-disabled',
          severity: 'error',
          message: l10n.t(
            'The request asks for an access token from the authorize endpoint (response_type token), which the app does not allow.',
          ),
          fix: l10n.t(
            'Use the authorization code flow with PKCE (recommended), or enable access tokens for the implicit flow (web.implicitGrantSettings.enableAccessTokenIssuance: true).',
          ),
          path: ['web', 'implicitGrantSettings', 'enableAccessTokenIssuance'],
        });
      }
    }
    return;
  }
  // Not registered: say how close the nearest registered URI is, and where to add it.
  let near: { platform: Platform; uri: string; how: string; index: number } | undefined;
  for (const r of registered) {
    r.uris.forEach((u, index) => {
      const how = near ? undefined : nearMiss(requested, u, l10n);
      if (how) near = { platform: r.platform, uri: u, how, index };
    });
  }
  const target = near?.platform ?? suggestPlatform(req, requested, registered);
  const registeredList = registered
    .filter((r) => r.uris.length)
    .map((r) => `${platformLabel(r.platform, l10n)}: ${r.uris.join(', ')}`)
    .join('; ');
  findings.push({
    id: 'redirect-uri-not-registered',
    severity: 'error',
    message: `${
      near
        ? l10n.t(
            'The redirect URI {0} is not registered for this app; {1} ({2}) differs from it only by {3}.',
            requested,
            near.uri,
            platformLabel(near.platform, l10n),
            near.how,
          )
        : l10n.t('The redirect URI {0} is not registered for this app.', requested)
    } ${registeredList ? l10n.t('Registered: {0}.', registeredList) : l10n.t('The app has no redirect URIs.')}`,
    fix: near
      ? l10n.t(
          'Either make the app send {0}, or add {1} to {2} ({3}.redirectUris).',
          near.uri,
          requested,
          platformLabel(target, l10n),
          target,
        )
      : l10n.t(
          'Add {0} to {1} ({2}.redirectUris), or make the app send one of the registered URIs.',
          requested,
          platformLabel(target, l10n),
          target,
        ),
    path: near ? [target, 'redirectUris', near.index] : [target, 'redirectUris'],
    edit: {
      kind: 'addRedirectUri',
      label: l10n.t('Add {0} to the {1} platform', requested, platformLabel(target, l10n)),
      platform: target,
      uri: requested,
    },
  });
}

function suggestPlatform(
  req: SignInRequest,
  requested: string,
  registered: { platform: Platform; uris: string[] }[],
): Platform {
  if (req.code === '9002326') return 'spa';
  const u = tryUrl(requested);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || requested.includes('/oauth2/nativeclient'))
    return 'publicClient';
  if (req.flow === 'implicit' || req.flow === 'hybrid') return 'web';
  const has = (p: Platform): boolean => (registered.find((r) => r.platform === p)?.uris.length ?? 0) > 0;
  if (has('spa') && !has('web')) return 'spa';
  if (has('publicClient') && !has('web') && !has('spa')) return 'publicClient';
  return 'web';
}

function ownResource(app: Json, resource: string): boolean {
  const key = resource.toLowerCase();
  const appId = (str(app.appId) ?? '').toLowerCase();
  if (!appId) return false;
  if (key === appId || key === `api://${appId}`) return true;
  return strings(app.identifierUris).some((u) => u.replace(/\/+$/, '').toLowerCase() === key);
}

function checkScopes({ req, app, ctx, findings, passed, l10n }: CheckInput): void {
  const parsed = req.scopes.map(parseScope).filter((s) => !s.oidc);
  if (!parsed.length) return;
  const rra = arr(app.requiredResourceAccess).map(obj);
  const byResource = new Map<string, ParsedScope[]>();
  for (const s of parsed) byResource.set(s.resource, [...(byResource.get(s.resource) ?? []), s]);
  if (byResource.size > 1 && req.flow !== 'adminConsent') {
    findings.push({
      id: 'scopes-several-resources',
      severity: 'warning',
      message: l10n.t(
        'The scopes name {0} resources ({1}); a token is for one resource, so a request for several fails (or gets a token for the first one only).',
        byResource.size,
        [...byResource.keys()].join(', '),
      ),
      fix: l10n.t(
        'Request one resource’s scopes per token request; get tokens for other APIs later with the refresh token (consent can still be asked for all at once).',
      ),
      path: ['requiredResourceAccess'],
    });
  }
  for (const [resource, list] of byResource) {
    const hasDefault = list.some((s) => s.value === '.default');
    if (hasDefault && list.length > 1) {
      findings.push({
        id: 'scope-default-mixed',
        severity: 'error',
        message: l10n.t(
          '{0}/.default is requested together with individual scopes of the same resource ({1}).',
          resource,
          list
            .filter((s) => s.value !== '.default')
            .map((s) => s.value)
            .join(', '),
        ),
        fix: l10n.t(
          'Request either {resource}/.default alone (all permissions listed in the registration) or individual scopes, not both.',
        ),
        path: ['requiredResourceAccess'],
      });
    }
    if (req.flow === 'clientCredentials' && !hasDefault) {
      findings.push({
        id: 'scope-app-only-needs-default',
        severity: 'error',
        message: l10n.t(
          'An app-only (client credentials) request must ask for {0}/.default, not for individual scopes ({1}).',
          resource,
          list.map((s) => s.value).join(', '),
        ),
        fix: l10n.t('Request {0}/.default and grant the app the application permissions (roles) it needs.', resource),
        path: ['requiredResourceAccess'],
      });
    }
    if (ownResource(app, resource)) {
      const exposed = arr(obj(app.api).oauth2PermissionScopes).map(obj);
      for (const s of list.filter((x) => x.value !== '.default')) {
        const hit = exposed.find((e) => e.value === s.value);
        if (!hit) {
          findings.push({
            id: 'scope-not-exposed',
            severity: 'error',
            message: exposed.length
              ? l10n.t(
                  "This app's own API does not expose the scope {0} (it exposes {1}).",
                  s.value,
                  exposed
                    .map((e) => str(e.value))
                    .filter(Boolean)
                    .join(', '),
                )
              : l10n.t("This app's own API does not expose the scope {0} (it exposes no scopes).", s.value),
            fix: l10n.t(
              'Add {0} under Expose an API (api.oauth2PermissionScopes), or fix its spelling in the request.',
              s.value,
            ),
            path: ['api', 'oauth2PermissionScopes'],
          });
        } else if (hit.isEnabled === false) {
          findings.push({
            id: 'scope-disabled',
            severity: 'error',
            message: l10n.t('The scope {0} exists but is disabled.', s.value),
            fix: l10n.t('Enable it (isEnabled: true) or stop requesting it.'),
            path: ['api', 'oauth2PermissionScopes', exposed.indexOf(hit), 'isEnabled'],
          });
        } else passed.push(l10n.t("The app's own API exposes {0}.", s.value));
      }
      continue;
    }
    const resolved = ctx.resources?.get(resource);
    if (resolved === null) {
      findings.push({
        id: 'resource-not-found',
        severity: 'error',
        message: l10n.t('No app registration or service principal in the tenant has the identifier {0}.', resource),
        fix: l10n.t(
          'Check the App ID URI in the scope against the API’s identifierUris (spelling, trailing slash, scheme), and make sure the API is registered or consented in this tenant.',
        ),
        path: ['requiredResourceAccess'],
      });
      continue;
    }
    if (resolved === undefined) continue;
    const rraIndex = rra.findIndex((r) => str(r.resourceAppId)?.toLowerCase() === resolved.appId.toLowerCase());
    const requestedIds = new Set(
      rraIndex >= 0
        ? arr(rra[rraIndex]!.resourceAccess)
            .map(obj)
            .filter((a) => a.type === 'Scope')
            .map((a) => String(a.id).toLowerCase())
        : [],
    );
    if (hasDefault && rraIndex < 0) {
      findings.push({
        id: 'default-resource-not-listed',
        severity: 'error',
        message: l10n.t(
          '{0}/.default asks for the permissions the app lists for {1}, but requiredResourceAccess lists none for it.',
          resource,
          resolved.displayName,
        ),
        fix: l10n.t(
          'Add {0} ({1}) with the permissions the app needs to requiredResourceAccess (API permissions), then grant consent.',
          resolved.displayName,
          resolved.appId,
        ),
        path: ['requiredResourceAccess'],
      });
    }
    const consent = ctx.consent?.servicePrincipal === false ? undefined : ctx.consent;
    const resourcePath: ManifestPath = ['requiredResourceAccess', ...(rraIndex >= 0 ? [rraIndex] : [])];
    for (const s of list.filter((x) => x.value !== '.default')) {
      const scope = resolved.scopes.find((p) => p.value === s.value);
      if (!scope) {
        const role = resolved.roles.some((r) => r.value === s.value);
        findings.push({
          id: 'scope-not-exposed',
          severity: 'error',
          message: role
            ? l10n.t(
                '{0} is an application permission (app role) of {1}, not a delegated scope.',
                s.value,
                resolved.displayName,
              )
            : l10n.t('{0} does not expose a scope named {1}.', resolved.displayName, s.value),
          fix: role
            ? l10n.t(
                'Delegated requests cannot get app roles; request {0}/.default in a client credentials flow, or request one of its scopes.',
                resource,
              )
            : l10n.t(
                'Fix the scope name (exposed: {0}).',
                resolved.scopes
                  .slice(0, 12)
                  .map((p) => p.value)
                  .join(', ') || l10n.t('none'),
              ),
          path: resourcePath,
        });
        continue;
      }
      const granted = consent ? grantState(consent, resolved.appId, s.value) : undefined;
      if (scope.id && !requestedIds.has(scope.id.toLowerCase())) {
        const grantNote =
          granted === 'tenant'
            ? ` ${l10n.t('A grant for all users covers it already (consented dynamically).')}`
            : granted === 'someUsers'
              ? ` ${l10n.t('Some users have consented to it; nobody has for the whole tenant.')}`
              : granted === 'none'
                ? ` ${l10n.t('No grant covers it either.')}`
                : '';
        findings.push({
          id: 'scope-not-requested',
          severity: 'warning',
          message: `${l10n.t(
            "{0} of {1} is not listed in the app's API permissions (requiredResourceAccess), so admin consent for the app does not cover it.",
            s.value,
            resolved.displayName,
          )}${grantNote}`,
          fix: l10n.t(
            'Add {0} ({1}, type Scope) for {2} ({3}) to requiredResourceAccess and grant consent again (or use the admin consent URL).',
            s.value,
            scope.id,
            resolved.displayName,
            resolved.appId,
          ),
          path: ['requiredResourceAccess', ...(rraIndex >= 0 ? [rraIndex, 'resourceAccess'] : [])],
          edit: {
            kind: 'requestScope',
            label: l10n.t('Add {0} of {1} to the API permissions', s.value, resolved.displayName),
            resourceAppId: resolved.appId,
            scopeId: scope.id,
          },
        });
        continue;
      }
      passed.push(
        l10n.t("{0} is exposed by {1} and listed in the app's API permissions.", s.value, resolved.displayName),
      );
      if (granted !== undefined)
        consentFinding(granted, s.value, resolved.displayName, resourcePath, findings, passed, l10n);
    }
    // `.default` stands for every permission the app lists for the resource: each needs its grant.
    if (consent && hasDefault && rraIndex >= 0) {
      const access = arr(rra[rraIndex]!.resourceAccess).map(obj);
      if (req.flow === 'clientCredentials') {
        const assigned = consent.application?.get(resolved.appId.toLowerCase());
        if (consent.application) {
          for (const a of access.filter((x) => x.type === 'Role')) {
            const id = String(a.id).toLowerCase();
            const value = resolved.roles.find((r) => r.id?.toLowerCase() === id)?.value ?? id;
            if (assigned?.has(id))
              passed.push(l10n.t('The application permission {0} of {1} is granted.', value, resolved.displayName));
            else
              findings.push({
                id: 'role-not-granted',
                severity: 'error',
                message: l10n.t(
                  "The application permission {0} of {1} is listed but not granted (no app role assignment to this app's service principal), so app-only tokens carry no role for it.",
                  value,
                  resolved.displayName,
                ),
                fix: l10n.t(
                  'Grant admin consent for the app (API permissions › Grant admin consent, or the admin consent URL).',
                ),
                path: resourcePath,
              });
          }
        }
      } else {
        for (const a of access.filter((x) => x.type === 'Scope')) {
          const id = String(a.id).toLowerCase();
          const value = resolved.scopes.find((p) => p.id?.toLowerCase() === id)?.value;
          if (!value) continue;
          consentFinding(
            grantState(consent, resolved.appId, value),
            value,
            resolved.displayName,
            resourcePath,
            findings,
            passed,
            l10n,
          );
        }
      }
    }
  }
  if (ctx.consent?.servicePrincipal === false && req.flow !== 'adminConsent')
    findings.push({
      id: 'consent-no-service-principal',
      severity: 'error',
      message: l10n.t(
        'The app has no service principal (enterprise application) in this tenant: nobody here has consented to it yet, so no permission is granted.',
      ),
      fix: l10n.t(
        'Have an administrator grant consent (the admin consent URL creates the service principal and the grants), or sign in once as a user who may consent.',
      ),
      path: ['requiredResourceAccess'],
    });
}

type GrantState = 'tenant' | 'someUsers' | 'none' | undefined;

/** Whether the client's grants for a resource (by appId) cover a scope; undefined when the grants are unknown. */
function grantState(consent: ConsentFacts, resourceAppId: string, value: string): GrantState {
  if (!consent.delegated) return undefined;
  const g = consent.delegated.get(resourceAppId.toLowerCase());
  if (g?.tenant.has(value)) return 'tenant';
  if (g?.someUsers.has(value)) return 'someUsers';
  return 'none';
}

function consentFinding(
  state: GrantState,
  value: string,
  resourceName: string,
  path: ManifestPath,
  findings: RegistrationFinding[],
  passed: string[],
  l10n: L10n,
): void {
  if (state === 'tenant')
    passed.push(l10n.t('{0} of {1} is consented for all users of the tenant.', value, resourceName));
  else if (state === 'someUsers')
    findings.push({
      id: 'scope-consented-some-users',
      severity: 'warning',
      message: l10n.t(
        '{0} of {1} is consented by some users only (user consent), not for the tenant: other users are asked to consent, and get AADSTS65001 when they may not.',
        value,
        resourceName,
      ),
      fix: l10n.t(
        'Grant admin consent for the tenant (API permissions › Grant admin consent, or the admin consent URL), or let each user consent interactively.',
      ),
      path,
    });
  else if (state === 'none')
    findings.push({
      id: 'scope-not-consented',
      severity: 'error',
      message: l10n.t(
        'Nobody has consented to {0} of {1} for this app: its service principal has no delegated permission grant (oauth2PermissionGrant) that includes it.',
        value,
        resourceName,
      ),
      fix: l10n.t(
        'Grant admin consent for the tenant (API permissions › Grant admin consent, or the admin consent URL), or have the user sign in interactively and consent if user consent is allowed.',
      ),
      path,
    });
}

/** Consent facts from the client's grants and app role assignments (as Graph lists them). */
export function consentFacts(input: {
  /** Object id of the client's service principal; undefined when the app has none in the tenant. */
  readonly clientSpId: string | undefined;
  readonly grants:
    | readonly {
        readonly clientId: string;
        readonly consentType: string;
        readonly resourceId: string;
        readonly scope: string;
      }[]
    | undefined;
  readonly assignments:
    readonly { readonly principalId: string; readonly resourceId: string; readonly appRoleId: string }[] | undefined;
  /** Resource service principal object id → its appId. */
  readonly resourceAppIds: ReadonlyMap<string, string>;
}): ConsentFacts {
  if (!input.clientSpId) return { servicePrincipal: false, delegated: new Map(), application: new Map() };
  const sp = input.clientSpId.toLowerCase();
  const appIdOf = (spId: string): string | undefined => input.resourceAppIds.get(spId.toLowerCase())?.toLowerCase();
  let delegated: Map<string, { tenant: Set<string>; someUsers: Set<string> }> | undefined;
  if (input.grants) {
    delegated = new Map();
    for (const g of input.grants) {
      const appId = g.clientId.toLowerCase() === sp ? appIdOf(g.resourceId) : undefined;
      if (!appId) continue;
      let entry = delegated.get(appId);
      if (!entry) delegated.set(appId, (entry = { tenant: new Set(), someUsers: new Set() }));
      const target =
        g.consentType === 'AllPrincipals' ? entry.tenant : g.consentType === 'Principal' ? entry.someUsers : undefined;
      for (const v of g.scope.split(/\s+/)) if (v && target) target.add(v);
    }
  }
  let application: Map<string, Set<string>> | undefined;
  if (input.assignments) {
    application = new Map();
    for (const a of input.assignments) {
      const appId = a.principalId.toLowerCase() === sp ? appIdOf(a.resourceId) : undefined;
      if (!appId) continue;
      let set = application.get(appId);
      if (!set) application.set(appId, (set = new Set()));
      set.add(a.appRoleId.toLowerCase());
    }
  }
  return { servicePrincipal: true, delegated, application };
}

function checkAudience({ req, app, ctx, findings, passed, l10n }: CheckInput): void {
  const tenant = req.tenant?.toLowerCase();
  const aud = str(app.signInAudience) ?? 'AzureADMyOrg';
  if (!tenant) return;
  const multiOrg = aud === 'AzureADMultipleOrgs' || aud === 'AzureADandPersonalMicrosoftAccount';
  const personal = aud === 'PersonalMicrosoftAccount' || aud === 'AzureADandPersonalMicrosoftAccount';
  const push = (message: string, fix: string, severity: RegistrationFinding['severity'] = 'error'): void => {
    findings.push({ id: 'audience-mismatch', severity, message, fix, path: ['signInAudience'] });
  };
  if ((tenant === 'common' || tenant === 'organizations') && aud === 'AzureADMyOrg') {
    push(
      l10n.t('The request goes to /{0}, but the app is single-tenant (signInAudience AzureADMyOrg).', tenant),
      l10n.t(
        'Send the request to the tenant-specific authority (tenant id or domain), or make the app multi-tenant (signInAudience AzureADMultipleOrgs) if other tenants should sign in.',
      ),
    );
  } else if (tenant === 'common' && aud === 'AzureADMultipleOrgs') {
    push(
      l10n.t(
        'The request goes to /common, which also lets personal Microsoft accounts try, but the app accepts work and school accounts only.',
      ),
      l10n.t('Use /organizations, or allow personal accounts (signInAudience AzureADandPersonalMicrosoftAccount).'),
      'warning',
    );
  } else if (tenant === 'consumers' && !personal) {
    push(
      l10n.t(
        'The request goes to /consumers (personal Microsoft accounts), but the app does not accept them (signInAudience {0}).',
        aud,
      ),
      l10n.t('Use the tenant authority or /organizations, or change signInAudience to allow personal accounts.'),
    );
  } else if (aud === 'PersonalMicrosoftAccount' && tenant !== 'consumers' && tenant !== 'common') {
    push(
      l10n.t('The app accepts personal Microsoft accounts only, but the request goes to {0}.', req.tenant ?? ''),
      l10n.t('Send the request to /consumers, or widen signInAudience.'),
    );
  } else if (
    aud === 'AzureADMyOrg' &&
    ctx.homeTenant &&
    tenant !== 'common' &&
    tenant !== 'organizations' &&
    tenant !== 'consumers'
  ) {
    const home = [ctx.homeTenant.id, ...(ctx.homeTenant.domains ?? [])]
      .filter((x): x is string => !!x)
      .map((x) => x.toLowerCase());
    if (home.length && !home.includes(tenant)) {
      push(
        l10n.t(
          'The app is single-tenant and registered in {0}, but the request goes to {1}; users of that tenant cannot sign in to it.',
          ctx.homeTenant.id ?? home[0]!,
          req.tenant ?? '',
        ),
        l10n.t(
          'Send the request to the tenant where the app is registered, or make the app multi-tenant (AzureADMultipleOrgs) and have the other tenant consent.',
        ),
        'warning',
      );
    } else if (home.length)
      passed.push(
        l10n.t(
          "The request goes to the app's own tenant ({0}), which its supported account types ({1}) allow.",
          req.tenant ?? '',
          aud,
        ),
      );
  } else
    passed.push(
      multiOrg
        ? l10n.t(
            "The authority /{0} fits the app's supported account types ({1}, multi-tenant).",
            req.tenant ?? '',
            aud,
          )
        : l10n.t("The authority /{0} fits the app's supported account types ({1}).", req.tenant ?? '', aud),
    );
}

function checkPublicClient({ req, app, findings, passed, l10n }: CheckInput): void {
  const needs = req.flow === 'deviceCode' || req.flow === 'password' || req.code === '7000218';
  if (!needs) return;
  if (app.isFallbackPublicClient === true) {
    passed.push(l10n.t('Public client flows are allowed (isFallbackPublicClient).'));
    return;
  }
  const message =
    req.flow === 'deviceCode'
      ? l10n.t('The device code flow needs "Allow public client flows", which is off for this app.')
      : req.flow === 'password'
        ? l10n.t('The username/password (ROPC) flow needs "Allow public client flows", which is off for this app.')
        : l10n.t(
            'A token request without client credentials needs "Allow public client flows", which is off for this app.',
          );
  findings.push({
    id: 'public-client-flows-disabled',
    severity: 'error',
    message,
    fix: l10n.t(
      'Set isFallbackPublicClient to true (Authentication › Allow public client flows: Yes), or send the app’s client credential.',
    ),
    path: ['isFallbackPublicClient'],
    edit: {
      kind: 'allowPublicClientFlows',
      label: l10n.t('Allow public client flows (isFallbackPublicClient: true)'),
    },
  });
}

/** Checks the request against the app registration. */
export function checkRegistration(
  req: SignInRequest,
  application: Readonly<Record<string, unknown>>,
  ctx: RegistrationContext = {},
): RegistrationCheck {
  const app = obj(application);
  const findings: RegistrationFinding[] = [];
  const passed: string[] = [];
  const l10n = ctx.l10n ?? english;
  for (const check of [checkRedirect, checkScopes, checkAudience, checkPublicClient])
    check({ req, app, ctx, findings, passed, l10n });
  const order = { error: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return { appId: str(app.appId) ?? '', displayName: str(app.displayName) ?? str(app.appId) ?? '', findings, passed };
}
