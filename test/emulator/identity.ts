// Identity endpoints of the emulator (the Microsoft identity platform's subset MSAL and
// @azure/identity use): OpenID discovery v1/v2, JWKS, instance discovery, and the v2 token endpoint
// (client credentials, device code, refresh token, ROPC) issuing RS256 JWTs with Entra's claims.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { json, type EmuRequest, type EmuResponse } from './http.js';
import { opaque, signJwt, type KeyRing } from './tokens.js';
import { GRAPH_APP_ID, type Application, type ServicePrincipal, type TenantStore, type User } from './types.js';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_ALIASES = ['https://graph.microsoft.com', GRAPH_APP_ID];
const ACCESS_TOKEN_SECONDS = 3599;

export interface IssueTokenOptions {
  /** Resource: `graph` (default), an appId, an App ID URI or any string (used as `aud` as is). */
  audience?: string;
  /** Client application id (default: the test client). */
  clientId?: string;
  /** Delegated token for this user id (`true` = the signed-in user). App-only when absent. */
  user?: string | true;
  /** Override the roles claim (default: the app role assignments in the tenant). */
  roles?: string[];
  /** Override the scp claim for delegated tokens (default: the consented scopes). */
  scp?: string[];
  /** Token version (default: the resource's api.requestedAccessTokenVersion; Graph = 1). */
  version?: 1 | 2;
  /** Issue a token that expired an hour ago. */
  expired?: boolean;
  lifetimeSeconds?: number;
  /** Which key signs: the current one (default), the published next one, or an unpublished one. */
  key?: 'current' | 'next' | 'other';
  /** Graph-style nonce header (default: true for Microsoft Graph audiences). */
  nonce?: boolean;
  /** Extra or replaced claims. */
  claims?: Record<string, unknown>;
  /** How the client authenticated: 0 public, 1 secret, 2 certificate (default 1, or 0 for delegated). */
  clientAuth?: '0' | '1' | '2';
}

interface DeviceCodeState {
  clientId: string;
  scope: string;
  userId: string;
  expiresAt: number;
  pendingPolls: number;
}

interface RefreshState {
  clientId: string;
  userId: string;
}

interface ResolvedResource {
  sp: ServicePrincipal | undefined;
  app: Application | undefined;
  aud1: string;
  isGraph: boolean;
  version: 1 | 2;
}

class TokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export interface IdentityOptions {
  origin: () => string;
  tenant: TenantStore;
  keys: KeyRing;
  /** Polls answered with authorization_pending before a device code is approved (default 0). */
  deviceCodePendingPolls?: number;
}

export class IdentityService {
  private readonly deviceCodes = new Map<string, DeviceCodeState>();
  private readonly refreshTokens = new Map<string, RefreshState>();

  constructor(private readonly opts: IdentityOptions) {}

  private get tenant(): TenantStore {
    return this.opts.tenant;
  }

  get v2Issuer(): string {
    return `${this.opts.origin()}/${this.tenant.tenantId}/v2.0`;
  }

  get v1Issuer(): string {
    return `https://sts.windows.net/${this.tenant.tenantId}/`;
  }

  /** `{tenant}` path segment → tenant id, `common`/`organizations`, or undefined when unknown. */
  private tenantSegment(segment: string): string | undefined {
    const s = segment.toLowerCase();
    if (s === this.tenant.tenantId || s === this.tenant.domain.toLowerCase()) return this.tenant.tenantId;
    if (s === 'common' || s === 'organizations') return s;
    return undefined;
  }

  handle(req: EmuRequest): Promise<EmuResponse> | EmuResponse | undefined {
    const parts = req.url.pathname.split('/').filter(Boolean);
    const [first, ...rest] = parts;
    if (!first) return undefined;
    const sub = rest.join('/');
    if (first === 'common' && sub === 'discovery/instance') return this.instanceDiscovery(req);
    const known = [
      'v2.0/.well-known/openid-configuration',
      '.well-known/openid-configuration',
      'discovery/v2.0/keys',
      'discovery/keys',
      'oauth2/v2.0/token',
      'oauth2/v2.0/devicecode',
      'oauth2/v2.0/authorize',
      'oauth2/v2.0/logout',
    ];
    if (!known.includes(sub)) return undefined;
    const tenant = this.tenantSegment(first);
    if (!tenant) {
      return this.errorResponse(
        req,
        new TokenError(
          400,
          'invalid_tenant',
          90002,
          `Tenant '${first}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
        ),
      );
    }
    switch (sub) {
      case 'v2.0/.well-known/openid-configuration':
        return json(200, this.discoveryV2(first, tenant));
      case '.well-known/openid-configuration':
        return json(200, this.discoveryV1(first, tenant));
      case 'discovery/v2.0/keys':
        return json(
          200,
          this.opts.keys.jwks(
            tenant === this.tenant.tenantId ? this.v2Issuer : `${this.opts.origin()}/{tenantid}/v2.0`,
          ),
        );
      case 'discovery/keys':
        return json(200, this.opts.keys.jwks());
      case 'oauth2/v2.0/token':
        return this.token(req);
      case 'oauth2/v2.0/devicecode':
        return this.deviceCode(req);
      default:
        return json(400, {
          error: 'unsupported_response_type',
          error_description: 'The emulator has no interactive sign-in page; use the device code flow.',
        });
    }
  }

  discoveryV2(segment: string, tenant: string): Record<string, unknown> {
    const origin = this.opts.origin();
    const t = tenant === this.tenant.tenantId ? tenant : segment;
    return {
      token_endpoint: `${origin}/${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${origin}/${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: tenant === this.tenant.tenantId ? this.v2Issuer : `${origin}/{tenantid}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/oidc/userinfo`,
      authorization_endpoint: `${origin}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${origin}/${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${origin}/${t}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${origin}/${t}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: new URL(origin).host,
      cloud_graph_host_name: new URL(origin).host,
      msgraph_host: new URL(origin).host,
      rbac_url: 'https://pas.windows.net',
    };
  }

  discoveryV1(segment: string, tenant: string): Record<string, unknown> {
    const origin = this.opts.origin();
    const t = tenant === this.tenant.tenantId ? tenant : segment;
    return {
      token_endpoint: `${origin}/${t}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${origin}/${t}/discovery/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      scopes_supported: ['openid'],
      issuer: tenant === this.tenant.tenantId ? this.v1Issuer : 'https://sts.windows.net/{tenantid}/',
      microsoft_multi_refresh_token: true,
      authorization_endpoint: `${origin}/${t}/oauth2/authorize`,
      device_authorization_endpoint: `${origin}/${t}/oauth2/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${origin}/${t}/oauth2/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'amr',
        'nonce',
        'email',
        'given_name',
        'family_name',
        'nickname',
      ],
      check_session_iframe: `${origin}/${t}/oauth2/checksession`,
      userinfo_endpoint: `${origin}/${t}/openid/userinfo`,
      kerberos_endpoint: `${origin}/${t}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: new URL(origin).host,
      cloud_graph_host_name: new URL(origin).host,
      msgraph_host: new URL(origin).host,
      rbac_url: 'https://pas.windows.net',
    };
  }

  private instanceDiscovery(req: EmuRequest): EmuResponse {
    const host = new URL(this.opts.origin()).host;
    const endpoint =
      req.url.searchParams.get('authorization_endpoint') ?? `${this.opts.origin()}/common/oauth2/v2.0/authorize`;
    const tenant = /^https:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? 'common';
    return json(200, {
      tenant_discovery_endpoint: `${this.opts.origin()}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  }

  // ---- token endpoint ------------------------------------------------------------------------

  private errorResponse(req: EmuRequest, err: TokenError): EmuResponse {
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    const trace = randomUUID();
    return json(err.status, {
      error: err.error,
      error_description: `AADSTS${err.code}: ${err.description} Trace ID: ${trace} Correlation ID: ${req.clientRequestId} Timestamp: ${timestamp}`,
      error_codes: [err.code],
      timestamp,
      trace_id: trace,
      correlation_id: req.clientRequestId,
      error_uri: `${this.opts.origin()}/error?code=${err.code}`,
    });
  }

  private form(req: EmuRequest): URLSearchParams {
    return new URLSearchParams(req.body.toString('utf8'));
  }

  private async token(req: EmuRequest): Promise<EmuResponse> {
    if (req.method !== 'POST')
      return this.errorResponse(
        req,
        new TokenError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.'),
      );
    const form = this.form(req);
    try {
      const grant = form.get('grant_type');
      switch (grant) {
        case 'client_credentials':
          return json(200, await this.clientCredentials(req, form));
        case 'urn:ietf:params:oauth:grant-type:device_code':
        case 'device_code': // MSAL's spelling
          return json(200, await this.deviceCodeGrant(form));
        case 'refresh_token':
          return json(200, await this.refreshGrant(req, form));
        case 'password':
          return json(200, await this.passwordGrant(req, form));
        case null:
          throw new TokenError(
            400,
            'invalid_request',
            900144,
            "The request body must contain the following parameter: 'grant_type'.",
          );
        default:
          throw new TokenError(
            400,
            'unsupported_grant_type',
            70003,
            `The app requested an unsupported grant type '${grant}'.`,
          );
      }
    } catch (err) {
      if (err instanceof TokenError) return this.errorResponse(req, err);
      throw err;
    }
  }

  /** client_id and client_secret from the body or HTTP Basic. */
  private clientAuth(req: EmuRequest, form: URLSearchParams): { clientId: string | null; secret: string | null } {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0)
        return { clientId: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
    }
    return { clientId: form.get('client_id'), secret: form.get('client_secret') };
  }

  private findClient(clientId: string | null): Application {
    if (!clientId)
      throw new TokenError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    const app = this.tenant.applications.find((a) => a.appId === clientId);
    if (!app) {
      throw new TokenError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    return app;
  }

  private checkSecret(app: Application, secret: string): void {
    const matches = this.tenant.secrets.filter((s) => s.appId === app.appId && s.secretText === secret);
    if (matches.length === 0) {
      throw new TokenError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
      );
    }
    if (matches.every((s) => Date.parse(s.endDateTime) < Date.now())) {
      throw new TokenError(
        401,
        'invalid_client',
        7000222,
        `The provided client secret keys for app '${app.appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      );
    }
  }

  private async clientCredentials(req: EmuRequest, form: URLSearchParams): Promise<Record<string, unknown>> {
    const { clientId, secret } = this.clientAuth(req, form);
    const app = this.findClient(clientId);
    if (form.get('client_assertion'))
      throw new TokenError(
        401,
        'invalid_client',
        7000274,
        'Client assertions are not supported by the emulator; use a client secret.',
      );
    if (!secret)
      throw new TokenError(
        401,
        'invalid_client',
        7000216,
        "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      );
    this.checkSecret(app, secret);
    const scope = (form.get('scope') ?? '').trim();
    if (!scope)
      throw new TokenError(
        400,
        'invalid_request',
        90014,
        "The required field 'scope' is missing from the credential. Ensure that you have all the necessary parameters for the login request.",
      );
    const scopes = scope.split(/\s+/);
    if (scopes.length !== 1 || !(scopes[0] as string).endsWith('/.default')) {
      throw new TokenError(
        400,
        'invalid_scope',
        70011,
        `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid. The scope format is invalid. Scope must be in a valid URI form <https://example/scope> or a valid Guid <guid/scope>.`,
      );
    }
    const resource = this.resolveResource((scopes[0] as string).slice(0, -'/.default'.length));
    const token = await this.issue({ audience: resource.aud1, clientId: app.appId, clientAuth: '1' }, resource);
    return {
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      ext_expires_in: ACCESS_TOKEN_SECONDS,
      access_token: token,
    };
  }

  private deviceCode(req: EmuRequest): EmuResponse {
    if (req.method !== 'POST')
      return this.errorResponse(
        req,
        new TokenError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.'),
      );
    const form = this.form(req);
    try {
      const app = this.findClient(form.get('client_id'));
      const deviceCode = randomBytes(32).toString('base64url');
      const userCode = randomBytes(6).toString('hex').slice(0, 9).toUpperCase();
      this.deviceCodes.set(deviceCode, {
        clientId: app.appId,
        scope: form.get('scope') ?? 'openid profile offline_access',
        userId: this.tenant.signedInUserId,
        expiresAt: Date.now() + 900_000,
        pendingPolls: this.opts.deviceCodePendingPolls ?? 0,
      });
      const verificationUri = `${this.opts.origin()}/devicelogin`;
      return json(200, {
        user_code: userCode,
        device_code: deviceCode,
        verification_uri: verificationUri,
        expires_in: 900,
        interval: 1,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
      });
    } catch (err) {
      if (err instanceof TokenError) return this.errorResponse(req, err);
      throw err;
    }
  }

  private async deviceCodeGrant(form: URLSearchParams): Promise<Record<string, unknown>> {
    const code = form.get('device_code') ?? '';
    const state = this.deviceCodes.get(code);
    if (!state || state.clientId !== form.get('client_id'))
      throw new TokenError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    if (state.expiresAt < Date.now())
      throw new TokenError(
        400,
        'expired_token',
        70020,
        "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
      );
    if (state.pendingPolls > 0) {
      state.pendingPolls--;
      throw new TokenError(
        400,
        'authorization_pending',
        70016,
        'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      );
    }
    this.deviceCodes.delete(code);
    const app = this.findClient(state.clientId);
    if (!app.isFallbackPublicClient)
      throw new TokenError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    return this.delegated(app, this.user(state.userId), form.get('scope') ?? state.scope, '0');
  }

  private async refreshGrant(req: EmuRequest, form: URLSearchParams): Promise<Record<string, unknown>> {
    const state = this.refreshTokens.get(form.get('refresh_token') ?? '');
    const { clientId, secret } = this.clientAuth(req, form);
    if (!state || state.clientId !== clientId)
      throw new TokenError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    const app = this.findClient(clientId);
    if (secret) this.checkSecret(app, secret);
    return this.delegated(
      app,
      this.user(state.userId),
      form.get('scope') ?? 'openid profile offline_access',
      secret ? '1' : '0',
    );
  }

  private async passwordGrant(req: EmuRequest, form: URLSearchParams): Promise<Record<string, unknown>> {
    const { clientId, secret } = this.clientAuth(req, form);
    const app = this.findClient(clientId);
    if (secret) this.checkSecret(app, secret);
    else if (!app.isFallbackPublicClient)
      throw new TokenError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    const name = (form.get('username') ?? '').toLowerCase();
    const user = this.tenant.users.find((u) => u.userPrincipalName.toLowerCase() === name);
    if (!user || this.tenant.userPasswords.get(user.id) !== form.get('password')) {
      throw new TokenError(
        400,
        'invalid_grant',
        50126,
        'Error validating credentials due to invalid username or password.',
      );
    }
    return this.delegated(app, user, form.get('scope') ?? 'openid profile offline_access', secret ? '1' : '0');
  }

  private user(id: string): User {
    const user = this.tenant.users.find((u) => u.id === id);
    if (!user)
      throw new TokenError(
        400,
        'invalid_grant',
        50034,
        `The user account ${id} does not exist in the ${this.tenant.domain} directory.`,
      );
    return user;
  }

  /** Delegated token response: access token for one resource, ID token, refresh token, client_info. */
  private async delegated(
    app: Application,
    user: User,
    scopeParam: string,
    clientAuth: '0' | '1',
  ): Promise<Record<string, unknown>> {
    const requested = scopeParam.split(/\s+/).filter(Boolean);
    const resourceScopes = requested.filter((s) => !OIDC_SCOPES.has(s));
    const split = resourceScopes.map((s) => {
      const i = s.lastIndexOf('/');
      return i > 0
        ? { resource: s.slice(0, i), value: s.slice(i + 1) }
        : { resource: 'https://graph.microsoft.com', value: s };
    });
    const resources = new Set(split.map((s) => this.resolveResource(s.resource).sp?.id ?? s.resource));
    if (resources.size > 1)
      throw new TokenError(
        400,
        'invalid_scope',
        28000,
        'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ' +
          scopeParam +
          ' is not valid.',
      );
    const resource = this.resolveResource(split[0]?.resource ?? 'https://graph.microsoft.com');
    const granted = this.grantedScopes(app, user, resource);
    for (const { value } of split) {
      if (value === '.default') {
        if (granted.length === 0) throw this.consentRequired(app);
        continue;
      }
      const exists = (resource.sp?.oauth2PermissionScopes ?? []).some(
        (p) => p.value === value && p.isEnabled !== false,
      );
      if (!exists)
        throw new TokenError(
          400,
          'invalid_scope',
          70011,
          `The provided value for the input parameter 'scope' is not valid. The scope ${value} does not exist on the resource.`,
        );
      if (!granted.includes(value)) throw this.consentRequired(app);
    }
    const accessToken = await this.issue(
      { audience: resource.aud1, clientId: app.appId, user: user.id, clientAuth },
      resource,
    );
    const refreshToken = randomBytes(48).toString('base64url');
    this.refreshTokens.set(refreshToken, { clientId: app.appId, userId: user.id });
    const now = Math.floor(Date.now() / 1000);
    const idToken = requested.includes('openid')
      ? await signJwt(
          {
            aud: app.appId,
            iss: this.v2Issuer,
            iat: now,
            nbf: now,
            exp: now + 3600,
            aio: opaque.aio(),
            name: user.displayName,
            oid: user.id,
            preferred_username: user.userPrincipalName,
            rh: opaque.rh(this.tenant.tenantId),
            sub: pairwiseSub(user.id, app.appId),
            tid: this.tenant.tenantId,
            uti: opaque.uti(),
            ver: '2.0',
          },
          this.opts.keys.current,
          { version: 2 },
        )
      : undefined;
    const grantedQualified = granted.map((v) => (resource.isGraph ? v : `${resource.aud1}/${v}`));
    const scopeOut = [
      ...new Set([...resourceScopes, ...grantedQualified, ...requested.filter((s) => OIDC_SCOPES.has(s))]),
    ].join(' ');
    return {
      token_type: 'Bearer',
      scope: scopeOut,
      expires_in: ACCESS_TOKEN_SECONDS,
      ext_expires_in: ACCESS_TOKEN_SECONDS,
      access_token: accessToken,
      refresh_token: refreshToken,
      ...(idToken ? { id_token: idToken } : {}),
      client_info: Buffer.from(JSON.stringify({ uid: user.id, utid: this.tenant.tenantId })).toString('base64url'),
    };
  }

  private consentRequired(app: Application): TokenError {
    return new TokenError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${app.appId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
    );
  }

  /** Consented scope values of `app` for `user` on `resource`: grants (AllPrincipals or this user) plus pre-authorization. */
  grantedScopes(app: Application, user: User, resource: ResolvedResource): string[] {
    const clientSp = this.tenant.servicePrincipals.find((s) => s.appId === app.appId);
    const out = new Set<string>();
    if (clientSp && resource.sp) {
      for (const g of this.tenant.oauth2PermissionGrants) {
        if (g.clientId !== clientSp.id || g.resourceId !== resource.sp.id) continue;
        if (g.consentType === 'AllPrincipals' || g.principalId === user.id)
          for (const v of g.scope.split(/\s+/).filter(Boolean)) out.add(v);
      }
    }
    const pre = resource.app?.api?.preAuthorizedApplications?.find((p) => p.appId === app.appId);
    for (const id of pre?.delegatedPermissionIds ?? []) {
      const scope = resource.app?.api?.oauth2PermissionScopes?.find((s) => s.id === id);
      if (scope?.value) out.add(scope.value);
    }
    return [...out].filter((v) => !OIDC_SCOPES.has(v));
  }

  /** Finds the resource a scope or audience names: appId, servicePrincipalName, or the emulator's own origin (Graph). */
  resolveResource(name: string): ResolvedResource {
    const trimmed = name.replace(/\/+$/, '');
    const lower = trimmed.toLowerCase();
    const origin = this.opts.origin().toLowerCase();
    const isGraph = lower === origin || GRAPH_ALIASES.includes(lower) || lower === 'graph';
    const sp = isGraph
      ? this.tenant.servicePrincipals.find((s) => s.appId === GRAPH_APP_ID)
      : this.tenant.servicePrincipals.find(
          (s) =>
            s.appId.toLowerCase() === lower ||
            (s.servicePrincipalNames ?? []).some((n) => n.replace(/\/+$/, '').toLowerCase() === lower),
        );
    if (!sp && !isGraph) {
      throw new TokenError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${name} was not found in the tenant named ${this.tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const app = sp ? this.tenant.applications.find((a) => a.appId === sp.appId) : undefined;
    const version = isGraph ? 1 : app?.api?.requestedAccessTokenVersion === 2 ? 2 : 1;
    const aud1 = lower === 'graph' ? 'https://graph.microsoft.com' : trimmed;
    return { sp, app, aud1, isGraph, version };
  }

  /** Issues an access token (used by the token endpoint and by tests through `emulator.issueToken`). */
  async issue(opts: IssueTokenOptions, resolved?: ResolvedResource): Promise<string> {
    let resource: ResolvedResource;
    try {
      resource = resolved ?? this.resolveResource(opts.audience ?? 'graph');
    } catch {
      resource = { sp: undefined, app: undefined, aud1: opts.audience as string, isGraph: false, version: 1 };
    }
    const version = opts.version ?? resource.version;
    const clientId = opts.clientId ?? this.tenant.testClient.appId;
    const clientApp = this.tenant.applications.find((a) => a.appId === clientId);
    const clientSp = this.tenant.servicePrincipals.find((s) => s.appId === clientId);
    const userId = opts.user === true ? this.tenant.signedInUserId : opts.user;
    const user = userId ? this.tenant.users.find((u) => u.id === userId) : undefined;
    if (userId && !user) throw new Error(`issueToken: unknown user ${userId}`);
    const principalId = user?.id ?? clientSp?.id;
    const roleValues = (principal: string | undefined) =>
      this.tenant.appRoleAssignments
        .filter((a) => a.principalId === principal && a.resourceId === resource.sp?.id)
        .map((a) => resource.sp?.appRoles?.find((r) => r.id === a.appRoleId)?.value)
        .filter((v): v is string => typeof v === 'string' && v.length > 0);
    const roles = opts.roles ?? roleValues(principalId);
    const scp = user ? (opts.scp ?? (clientApp ? this.grantedScopes(clientApp, user, resource) : [])) : undefined;
    const now = Math.floor(Date.now() / 1000);
    const lifetime = opts.lifetimeSeconds ?? 3600 + Math.floor(Math.random() * 1800);
    const iat = opts.expired ? now - lifetime - 3600 : now;
    const clientAuth = opts.clientAuth ?? (user ? '0' : '1');
    const tid = this.tenant.tenantId;
    const aud = version === 2 ? (resource.sp?.appId ?? resource.aud1) : resource.aud1;
    const claims: Record<string, unknown> =
      version === 1
        ? {
            aud,
            iss: this.v1Issuer,
            iat,
            nbf: iat,
            exp: iat + lifetime,
            ...(user ? { acr: '1', amr: ['pwd'] } : {}),
            aio: opaque.aio(),
            ...(resource.isGraph && clientApp ? { app_displayname: clientApp.displayName } : {}),
            appid: clientId,
            appidacr: clientAuth,
            ...(user ? { family_name: user.surname, given_name: user.givenName } : {}),
            idtyp: user ? 'user' : 'app',
            ...(user ? { ipaddr: '127.0.0.1', name: user.displayName } : {}),
            oid: principalId,
            rh: opaque.rh(tid),
            ...(roles.length > 0 ? { roles } : {}),
            ...(scp ? { scp: scp.join(' ') } : {}),
            sub: user ? pairwiseSub(user.id, clientId) : principalId,
            tenant_region_scope: 'NA',
            tid,
            ...(user ? { unique_name: user.userPrincipalName, upn: user.userPrincipalName } : {}),
            uti: opaque.uti(),
            ver: '1.0',
          }
        : {
            aud,
            iss: this.v2Issuer,
            iat,
            nbf: iat,
            exp: iat + lifetime,
            aio: opaque.aio(),
            azp: clientId,
            azpacr: clientAuth,
            idtyp: user ? 'user' : 'app',
            ...(user ? { name: user.displayName } : {}),
            oid: principalId,
            ...(user ? { preferred_username: user.userPrincipalName } : {}),
            rh: opaque.rh(tid),
            ...(roles.length > 0 ? { roles } : {}),
            ...(scp ? { scp: scp.join(' ') } : {}),
            sub: user ? pairwiseSub(user.id, clientId) : principalId,
            tid,
            uti: opaque.uti(),
            ver: '2.0',
          };
    Object.assign(claims, opts.claims ?? {});
    const key =
      opts.key === 'other' ? this.opts.keys.other : opts.key === 'next' ? this.opts.keys.next : this.opts.keys.current;
    const useNonce = opts.nonce ?? resource.isGraph;
    return signJwt(claims, key, { version, ...(useNonce ? { nonce: randomBytes(32).toString('base64url') } : {}) });
  }
}

/** Entra's `sub` is pairwise: stable per (user, application). */
export function pairwiseSub(userId: string, appId: string): string {
  return createHash('sha256').update(`${userId}|${appId}`).digest('base64url').slice(0, 43);
}
