// Identity endpoints of the emulator (the Microsoft identity platform's subset MSAL and
// @azure/identity use): OpenID discovery v1/v2, JWKS, instance discovery, and the v2 token endpoint
// (client credentials, device code, refresh token, ROPC) issuing RS256 JWTs with Entra's claims.
// This file routes a request; metadata, grants, clients, errors and issuing live in identity*.ts.
import { json, type EmuRequest, type EmuResponse } from './http.js';
import { TokenError, tokenErrorResponse } from './identityErrors.js';
import { TokenEndpoint } from './identityGrants.js';
import { discoveryV1, discoveryV2, instanceDiscovery, v2Issuer } from './identityMetadata.js';
import { TokenIssuer, type IssueTokenOptions } from './identityTokens.js';
import type { KeyRing } from './tokens.js';
import type { TenantStore } from './types.js';

export type { IssueTokenOptions } from './identityTokens.js';

export interface IdentityOptions {
  origin: () => string;
  tenant: TenantStore;
  keys: KeyRing;
  /** Polls answered with authorization_pending before a device code is approved (default 0). */
  deviceCodePendingPolls?: number;
}

export class IdentityService {
  private readonly issuer: TokenIssuer;
  private readonly endpoint: TokenEndpoint;

  constructor(private readonly opts: IdentityOptions) {
    this.issuer = new TokenIssuer(opts);
    this.endpoint = new TokenEndpoint(opts, this.issuer);
  }

  private get tenant(): TenantStore {
    return this.opts.tenant;
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
    if (first === 'common' && sub === 'discovery/instance') return instanceDiscovery(this.opts.origin(), req);
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
      return tokenErrorResponse(
        this.opts.origin(),
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
        return json(200, discoveryV2(this.opts.origin(), this.tenant.tenantId, first, tenant));
      case '.well-known/openid-configuration':
        return json(200, discoveryV1(this.opts.origin(), this.tenant.tenantId, first, tenant));
      case 'discovery/v2.0/keys':
        return json(
          200,
          this.opts.keys.jwks(
            tenant === this.tenant.tenantId
              ? v2Issuer(this.opts.origin(), this.tenant.tenantId)
              : `${this.opts.origin()}/{tenantid}/v2.0`,
          ),
        );
      case 'discovery/keys':
        return json(200, this.opts.keys.jwks());
      case 'oauth2/v2.0/token':
        return this.endpoint.token(req);
      case 'oauth2/v2.0/devicecode':
        return this.endpoint.deviceCode(req);
      default:
        return json(400, {
          error: 'unsupported_response_type',
          error_description: 'The emulator has no interactive sign-in page; use the device code flow.',
        });
    }
  }

  /** Issues an access token (used by tests through `emulator.issueToken`). */
  issue(opts: IssueTokenOptions): Promise<string> {
    return this.issuer.issue(opts);
  }
}
