// The emulator's sign-in metadata: OpenID discovery documents (v1 and v2, for the tenant or for
// common/organizations), instance discovery, and the issuers tokens carry.
import { json, type EmuRequest, type EmuResponse } from './http.js';

/** The v2 issuer of the tenant: `{origin}/{tenant id}/v2.0`. */
export function v2Issuer(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

/** The v1 issuer of the tenant (sts.windows.net, as Entra writes it). */
export function v1Issuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/** The claims both discovery documents list first. */
const CLAIMS_BOTH = [
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
];

/** The fields both discovery documents end with: Kerberos, region and the cloud's hosts. */
function cloudFields(origin: string, t: string): Record<string, unknown> {
  const host = new URL(origin).host;
  return {
    kerberos_endpoint: `${origin}/${t}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: host,
    cloud_graph_host_name: host,
    msgraph_host: host,
    rbac_url: 'https://pas.windows.net',
  };
}

export function discoveryV2(
  origin: string,
  tenantId: string,
  segment: string,
  tenant: string,
): Record<string, unknown> {
  const t = tenant === tenantId ? tenant : segment;
  return {
    token_endpoint: `${origin}/${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${origin}/${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: tenant === tenantId ? v2Issuer(origin, tenantId) : `${origin}/{tenantid}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${origin}/${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${origin}/${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${origin}/${t}/oauth2/v2.0/logout`,
    claims_supported: [
      ...CLAIMS_BOTH,
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    ...cloudFields(origin, t),
  };
}

export function discoveryV1(
  origin: string,
  tenantId: string,
  segment: string,
  tenant: string,
): Record<string, unknown> {
  const t = tenant === tenantId ? tenant : segment;
  return {
    token_endpoint: `${origin}/${t}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${origin}/${t}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: tenant === tenantId ? v1Issuer(tenantId) : 'https://sts.windows.net/{tenantid}/',
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${origin}/${t}/oauth2/authorize`,
    device_authorization_endpoint: `${origin}/${t}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${origin}/${t}/oauth2/logout`,
    claims_supported: [...CLAIMS_BOTH, 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
    check_session_iframe: `${origin}/${t}/oauth2/checksession`,
    userinfo_endpoint: `${origin}/${t}/openid/userinfo`,
    ...cloudFields(origin, t),
  };
}

export function instanceDiscovery(origin: string, req: EmuRequest): EmuResponse {
  const host = new URL(origin).host;
  const endpoint = req.url.searchParams.get('authorization_endpoint') ?? `${origin}/common/oauth2/v2.0/authorize`;
  const tenant = /^https:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? 'common';
  return json(200, {
    tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}
