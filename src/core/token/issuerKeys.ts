// Where an issuer's signing keys are published: the OpenID metadata address of a token's issuer
// (v1, v2 and B2C forms) and the checks on the jwks_uri the metadata names. Reasons are in the
// language of the Localizer the caller passes (English by default).
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { parseIssuer } from './analyze';
import { fetchUrlCheck, type TrustPolicy } from './trust';
import { english, type Localizer } from '../text/localizer';
import { withoutTrailingSlashes } from '../text/trailing';

type L10n = Localizer<l10n.L10nReplacement>;

/** v1 issuers (sts.windows.net) publish their metadata on the login host. */
const V1_HOSTS: Readonly<Record<string, string>> = {
  'sts.windows.net': 'login.microsoftonline.com',
  'sts.chinacloudapi.cn': 'login.chinacloudapi.cn',
};

/** The OpenID metadata address for a token, or a reason why there is none. */
export function metadataUrlFor(
  iss: unknown,
  ver: unknown,
  tid: unknown,
  authorityHost?: string,
  policy?: unknown,
  l10n: L10n = english,
): { url: string } | { reason: string } {
  if (typeof iss !== 'string')
    return { reason: l10n.t('The token has no iss, so there is no issuer to ask for keys.') };
  const parsed = parseIssuer(iss);
  if (parsed.form === 'other' || parsed.base === null || parsed.tenant === null) {
    return {
      reason: l10n.t('Unknown issuer form ({0}): not an Entra v1 or v2 issuer, so its keys cannot be looked up.', iss),
    };
  }
  if (!iss.startsWith('https://'))
    return { reason: l10n.t('The issuer is not https: keys are only fetched over https.') };
  if (parsed.host !== null && /\.b2clogin\.com$/i.test(parsed.host)) {
    // Azure AD B2C publishes metadata per user flow or custom policy (tfp, or acr in older policies).
    if (typeof policy !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(policy)) {
      return {
        reason: l10n.t(
          'An Azure AD B2C token without its user flow or policy (tfp or acr claim): B2C publishes keys per policy, so there is no metadata to ask.',
        ),
      };
    }
    return { url: `${parsed.base}/${parsed.tenant}/${policy.toLowerCase()}/v2.0/.well-known/openid-configuration` };
  }
  let base = new URL(parsed.base);
  const mapped = V1_HOSTS[base.host];
  if (mapped !== undefined) {
    if (authorityHost !== undefined) {
      if (!authorityHost.startsWith('https://'))
        return { reason: l10n.t('The authority host is not https: keys are only fetched over https.') };
      base = new URL(authorityHost);
    } else base.host = mapped;
  }
  const tenant = typeof tid === 'string' && tid.length > 0 && parsed.tenant === '{tenantid}' ? tid : parsed.tenant;
  const root = withoutTrailingSlashes(base.toString());
  const v2 = ver === '2.0' || (ver === undefined && parsed.form === 'v2');
  return {
    url: v2
      ? `${root}/${tenant}/v2.0/.well-known/openid-configuration`
      : `${root}/${tenant}/.well-known/openid-configuration`,
  };
}

/** The configured cloud's login host for a v1 issuer (sts.*) of that cloud, as an origin. */
export function v1LoginOf(policy: TrustPolicy, iss: unknown): string | undefined {
  if (typeof iss !== 'string' || policy.cloudAuthorities === undefined) return undefined;
  let host: string;
  try {
    host = new URL(iss).hostname;
  } catch {
    return undefined;
  }
  const login = Object.hasOwn(policy.cloudAuthorities.v1, host) ? policy.cloudAuthorities.v1[host] : undefined;
  return login === undefined ? undefined : `https://${login}`;
}

/** Why keys at `jwksUri` are not taken, or undefined: they must be on the metadata's own (trusted) host. */
export function jwksUriProblem(
  policy: TrustPolicy,
  metadataUrl: string,
  jwksUri: string,
  l10n: L10n = english,
): string | undefined {
  let keys: URL;
  try {
    keys = new URL(jwksUri);
  } catch {
    return l10n.t('jwks_uri is not a URL');
  }
  const metaHost = new URL(metadataUrl).host;
  if (keys.host !== metaHost)
    return l10n.t('jwks_uri is on {0}, not on {1} where the metadata came from', keys.host, metaHost);
  const check = fetchUrlCheck(policy, jwksUri, l10n);
  return check.ok ? undefined : check.reason;
}
