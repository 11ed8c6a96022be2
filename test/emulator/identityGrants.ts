// The emulator's token endpoint and device code endpoint: client credentials, device code,
// refresh token and password (ROPC) grants, with the errors Entra answers for each.
import { randomBytes } from 'node:crypto';
import { json, type EmuRequest, type EmuResponse } from './http.js';
import { checkSecret, clientAuth, findClient, userById } from './identityClients.js';
import { TokenError, tokenErrorResponse } from './identityErrors.js';
import { v2Issuer } from './identityMetadata.js';
import { ACCESS_TOKEN_SECONDS, OIDC_SCOPES, pairwiseSub, type TokenIssuer } from './identityTokens.js';
import { opaque, signJwt, type KeyRing } from './tokens.js';
import type { Application, TenantStore, User } from './types.js';

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

/** What the token endpoint needs: the emulator's origin, tenant, keys and device code settings. */
export interface TokenEndpointOptions {
  origin: () => string;
  tenant: TenantStore;
  keys: KeyRing;
  /** Polls answered with authorization_pending before a device code is approved (default 0). */
  deviceCodePendingPolls?: number;
}

/** The token endpoint, with the device codes and refresh tokens it has handed out. */
export class TokenEndpoint {
  private readonly deviceCodes = new Map<string, DeviceCodeState>();
  private readonly refreshTokens = new Map<string, RefreshState>();

  constructor(
    private readonly opts: TokenEndpointOptions,
    private readonly issuer: TokenIssuer,
  ) {}

  private get tenant(): TenantStore {
    return this.opts.tenant;
  }

  /**
   * Answers a POST endpoint from its form: other methods are refused, and a TokenError thrown
   * while answering becomes Entra's error body.
   */
  private async post(
    req: EmuRequest,
    answer: (form: URLSearchParams) => EmuResponse | Promise<EmuResponse>,
  ): Promise<EmuResponse> {
    if (req.method !== 'POST')
      return tokenErrorResponse(
        this.opts.origin(),
        req,
        new TokenError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.'),
      );
    try {
      return await answer(new URLSearchParams(req.body.toString('utf8')));
    } catch (err) {
      if (err instanceof TokenError) return tokenErrorResponse(this.opts.origin(), req, err);
      throw err;
    }
  }

  /** POST …/oauth2/v2.0/token: the grant the form names. */
  token(req: EmuRequest): Promise<EmuResponse> {
    return this.post(req, async (form) => {
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
    });
  }

  private async clientCredentials(req: EmuRequest, form: URLSearchParams): Promise<Record<string, unknown>> {
    const { clientId, secret } = clientAuth(req, form);
    const app = findClient(this.tenant, clientId);
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
    checkSecret(this.tenant, app, secret);
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
    const resource = this.issuer.resolveResource((scopes[0] as string).slice(0, -'/.default'.length));
    const token = await this.issuer.issue({ audience: resource.aud1, clientId: app.appId, clientAuth: '1' }, resource);
    return {
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      ext_expires_in: ACCESS_TOKEN_SECONDS,
      access_token: token,
    };
  }

  /** POST …/oauth2/v2.0/devicecode: a device code for the client, approved for the signed-in user. */
  deviceCode(req: EmuRequest): Promise<EmuResponse> {
    return this.post(req, (form) => {
      const app = findClient(this.tenant, form.get('client_id'));
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
    });
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
    const app = findClient(this.tenant, state.clientId);
    if (!app.isFallbackPublicClient)
      throw new TokenError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    return this.delegated(app, userById(this.tenant, state.userId), form.get('scope') ?? state.scope, '0');
  }

  private async refreshGrant(req: EmuRequest, form: URLSearchParams): Promise<Record<string, unknown>> {
    const state = this.refreshTokens.get(form.get('refresh_token') ?? '');
    const { clientId, secret } = clientAuth(req, form);
    if (!state || state.clientId !== clientId)
      throw new TokenError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    const app = findClient(this.tenant, clientId);
    if (secret) checkSecret(this.tenant, app, secret);
    return this.delegated(
      app,
      userById(this.tenant, state.userId),
      form.get('scope') ?? 'openid profile offline_access',
      secret ? '1' : '0',
    );
  }

  private async passwordGrant(req: EmuRequest, form: URLSearchParams): Promise<Record<string, unknown>> {
    const { clientId, secret } = clientAuth(req, form);
    const app = findClient(this.tenant, clientId);
    if (secret) checkSecret(this.tenant, app, secret);
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
    const resources = new Set(split.map((s) => this.issuer.resolveResource(s.resource).sp?.id ?? s.resource));
    if (resources.size > 1)
      throw new TokenError(
        400,
        'invalid_scope',
        28000,
        'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ' +
          scopeParam +
          ' is not valid.',
      );
    const resource = this.issuer.resolveResource(split[0]?.resource ?? 'https://graph.microsoft.com');
    const granted = this.issuer.grantedScopes(app, user, resource);
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
    const accessToken = await this.issuer.issue(
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
            iss: v2Issuer(this.opts.origin(), this.tenant.tenantId),
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
}
