// What the optional-claims rules know: where each claim may be emitted, the additionalProperties
// each claim understands, and what the messages say about a token type (whole sentences).
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';

export type TokenType = 'idToken' | 'accessToken' | 'saml2Token';
export const TOKEN_TYPES: readonly TokenType[] = ['idToken', 'accessToken', 'saml2Token'];

/** Where each optional claim may be emitted. */
const JWT: readonly TokenType[] = ['idToken', 'accessToken'];
const JWT_SAML: readonly TokenType[] = ['idToken', 'accessToken', 'saml2Token'];
const ACCESS: readonly TokenType[] = ['accessToken'];

export const OPTIONAL_CLAIMS: Readonly<Record<string, readonly TokenType[]>> = {
  acct: JWT_SAML,
  acrs: JWT,
  auth_time: JWT,
  ctry: JWT,
  email: JWT_SAML,
  fwd: JWT,
  groups: JWT_SAML,
  idtyp: ACCESS,
  login_hint: JWT,
  sid: JWT,
  tenant_ctry: JWT,
  tenant_region_scope: JWT,
  upn: JWT_SAML,
  verified_primary_email: JWT,
  verified_secondary_email: JWT,
  vnet: JWT,
  ztdid: JWT,
  xms_cc: JWT,
  xms_edov: JWT,
  xms_pdl: JWT,
  xms_pl: JWT,
  xms_tpl: JWT,
  ipaddr: JWT,
  onprem_sid: JWT,
  pwd_exp: JWT,
  pwd_url: JWT,
  in_corp: JWT,
  family_name: JWT,
  given_name: JWT,
  nickname: JWT,
  preferred_username: JWT,
  aud: ACCESS,
};

/** additionalProperties each claim understands (claims not listed here are not checked). */
export const ADDITIONAL: Readonly<Record<string, readonly string[]>> = {
  groups: [
    'sam_account_name',
    'dns_domain_and_sam_account_name',
    'netbios_domain_and_sam_account_name',
    'emit_as_roles',
    'cloud_displayname',
  ],
  upn: ['include_externally_authenticated_upn', 'include_externally_authenticated_upn_without_hash'],
  aud: ['use_guid'],
  idtyp: ['include_user_token'],
};

/**
 * A claim configured for a token type that cannot carry it, and where it is available instead: one
 * whole sentence per case the table above has (`name` is the claim as written).
 */
export function notEmittedText(
  l10n: Localizer<l10n.L10nReplacement>,
  name: string,
  token: TokenType,
  allowed: readonly TokenType[],
): string {
  const where = allowed.join(' ');
  if (where === 'idToken accessToken' && token === 'saml2Token')
    return l10n.t(
      "'{0}' is not emitted in SAML tokens; it is available in ID tokens and access tokens. Move it there.",
      name,
    );
  if (where === 'accessToken' && token === 'idToken')
    return l10n.t("'{0}' is not emitted in ID tokens; it is available in access tokens. Move it there.", name);
  if (where === 'accessToken' && token === 'saml2Token')
    return l10n.t("'{0}' is not emitted in SAML tokens; it is available in access tokens. Move it there.", name);
  return l10n.t("'{0}' is not emitted in this type of token. Move it to a token type that carries it.", name);
}

/** xms_edov in a token type without the email claim (`token` names the manifest's list). */
export function edovWithoutEmailText(l10n: Localizer<l10n.L10nReplacement>, token: TokenType): string {
  switch (token) {
    case 'idToken':
      return l10n.t(
        "xms_edov describes the email claim, which ID tokens here don't include. Add the email optional claim to {0}.",
        token,
      );
    case 'accessToken':
      return l10n.t(
        "xms_edov describes the email claim, which access tokens here don't include. Add the email optional claim to {0}.",
        token,
      );
    default:
      return l10n.t(
        "xms_edov describes the email claim, which SAML tokens here don't include. Add the email optional claim to {0}.",
        token,
      );
  }
}
