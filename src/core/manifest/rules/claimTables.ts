// What the optional-claims rules know: where each claim may be emitted, the additionalProperties
// each claim understands, and the token types named for messages.
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

/** The tokens of a type, named for messages. */
export function tokenLabel(l10n: Localizer<l10n.L10nReplacement>, token: TokenType): string {
  switch (token) {
    case 'idToken':
      return l10n.t('ID tokens');
    case 'accessToken':
      return l10n.t('access tokens');
    default:
      return l10n.t('SAML tokens');
  }
}

/** "ID tokens and access tokens". */
export function tokenLabels(l10n: Localizer<l10n.L10nReplacement>, tokens: readonly TokenType[]): string {
  let out = '';
  for (const t of tokens) out = out === '' ? tokenLabel(l10n, t) : l10n.t('{0} and {1}', out, tokenLabel(l10n, t));
  return out;
}
