// Plain-language explanations of the claims found in Microsoft identity platform tokens (v1 and v2,
// access and ID tokens), in the language of the Localizer the caller passes (English by default).
// The tables map a name to the function that writes its text: built once at load time, a lookup is
// a single Map.get and one translation call.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { MSA_TENANT_ID } from '../entra/ids';
import { english, type Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;
/** Writes one explanation in the localizer's language. */
type Text = (l10n: L10n) => string;

/** Header parameters (JOSE header). */
const headerTable = new Map<string, Text>([
  ['typ', (l10n) => l10n.t('Token type. Entra sets it to "JWT" for both access and ID tokens.')],
  [
    'alg',
    (l10n) =>
      l10n.t(
        'Signing algorithm. Entra signs with RS256 (RSA and SHA-256); "none" means the token is not signed at all and must never be trusted.',
      ),
  ],
  [
    'kid',
    (l10n) =>
      l10n.t(
        "Key identifier: the thumbprint of the public key that signed the token. Validators use it to pick the key from the issuer's JWKS (jwks_uri).",
      ),
  ],
  [
    'x5t',
    (l10n) =>
      l10n.t(
        'Thumbprint of the signing certificate. Same value as kid; only v1 tokens still carry it, for older validators.',
      ),
  ],
  [
    'nonce',
    (l10n) =>
      l10n.t(
        'A header nonce, found in Microsoft Graph (and SharePoint) access tokens. The signature covers a transformed copy of it, so ordinary JWT libraries cannot verify these tokens; only Microsoft Graph is meant to validate them.',
      ),
  ],
  ['cty', (l10n) => l10n.t('Content type of the payload. Rarely set by Entra.')],
  ['rh', (l10n) => l10n.t('Opaque value used internally by Entra (here copied into the header). Do not rely on it.')],
  ['enc', (l10n) => l10n.t('Content encryption algorithm of an encrypted token (JWE).')],
  ['zip', (l10n) => l10n.t('Compression applied to the payload before encryption.')],
]);

/** Payload claims. */
const payloadTable = new Map<string, Text>([
  [
    'aud',
    (l10n) =>
      l10n.t(
        "Audience: the resource the token is meant for. In v2 access tokens it is always the API's client id; in v1 access tokens it is the client id or whichever App ID URI the client asked for; in ID tokens it is the client app that signed the user in. An API must reject tokens whose audience is not its own.",
      ),
  ],
  [
    'iss',
    (l10n) =>
      l10n.t(
        'Issuer: the security token service and tenant that issued the token. v1 form is https://sts.windows.net/{tenant}/, v2 form is https://login.microsoftonline.com/{tenant}/v2.0.',
      ),
  ],
  [
    'idp',
    (l10n) =>
      l10n.t(
        'Identity provider that authenticated the user, when it differs from the issuer: a guest\'s home tenant, or "live.com" for personal Microsoft accounts. Absent means the issuer itself authenticated the user.',
      ),
  ],
  ['iat', (l10n) => l10n.t('Issued at: when the token was issued (seconds since 1970-01-01 UTC).')],
  ['nbf', (l10n) => l10n.t('Not before: the token must not be accepted before this time.')],
  [
    'exp',
    (l10n) =>
      l10n.t(
        'Expiry: the token must not be accepted after this time. Entra can still refuse it earlier (revocation, continuous access evaluation).',
      ),
  ],
  ['aio', (l10n) => l10n.t('Opaque value Entra uses internally to reuse the token. Ignore it.')],
  [
    'acr',
    (l10n) =>
      l10n.t(
        'Authentication context class (v1 access tokens): "0" means the sign-in did not meet ISO/IEC 29115 requirements, "1" means it did.',
      ),
  ],
  ['amr', (l10n) => l10n.t('Authentication methods used at sign-in.')],
  [
    'appid',
    (l10n) => l10n.t('Application (client) id of the app that requested the token (v1 access tokens; v2 uses azp).'),
  ],
  [
    'azp',
    (l10n) =>
      l10n.t(
        'Authorized party: application (client) id of the app that requested the token (v2 access tokens; replaces appid).',
      ),
  ],
  [
    'appidacr',
    (l10n) =>
      l10n.t(
        'How the client app authenticated when it requested this token (v1). Values: "0" = public client (no secret), "1" = client secret, "2" = client certificate or assertion.',
      ),
  ],
  [
    'azpacr',
    (l10n) =>
      l10n.t(
        'How the client app authenticated when it requested this token (v2). Values: "0" = public client (no secret), "1" = client secret, "2" = client certificate or assertion.',
      ),
  ],
  [
    'preferred_username',
    (l10n) =>
      l10n.t(
        'Primary username of the user (an email address, phone number or plain name). It can change and can be set by the user, so use it only for display, never for authorization. Needs the profile scope.',
      ),
  ],
  ['name', (l10n) => l10n.t('Display name of the user, for display only. Needs the profile scope.')],
  [
    'scp',
    (l10n) =>
      l10n.t(
        'Scopes: the delegated permissions of this API that the user granted to the client, separated by spaces. Present only when a user is involved (delegated flow).',
      ),
  ],
  [
    'roles',
    (l10n) =>
      l10n.t(
        'App roles: for a user, the roles of this API assigned to the user (directly or through groups); for an app calling as itself, the application permissions granted to it.',
      ),
  ],
  [
    'wids',
    (l10n) =>
      l10n.t(
        'Directory (tenant-wide) roles of the user, as role template ids. Emitted when the app\'s groupMembershipClaims is "All" or "DirectoryRole".',
      ),
  ],
  [
    'groups',
    (l10n) =>
      l10n.t(
        'Object ids of the groups the user belongs to, as configured by groupMembershipClaims. Above 200 groups (JWT) Entra leaves them out and points to Graph instead (overage).',
      ),
  ],
  [
    'hasgroups',
    (l10n) =>
      l10n.t(
        'Set to true instead of a groups list when the list would be too long for the implicit flow; the app must read the groups from Microsoft Graph.',
      ),
  ],
  [
    '_claim_names',
    (l10n) =>
      l10n.t(
        'Overage marker: names the claims (usually groups) that were left out because they were too large; _claim_sources says where to fetch them.',
      ),
  ],
  [
    '_claim_sources',
    (l10n) => l10n.t('Overage source: the endpoint to call to get the claims listed in _claim_names.'),
  ],
  [
    'sub',
    (l10n) =>
      l10n.t(
        "Subject: an immutable identifier of the principal that is pairwise, i.e. different for each client app. Safe as a key for this app's own data.",
      ),
  ],
  [
    'oid',
    (l10n) =>
      l10n.t(
        'Object id of the user or service principal in this tenant; the same across all apps of the tenant. The right key for authorization and for Microsoft Graph calls.',
      ),
  ],
  [
    'tid',
    (l10n) =>
      l10n.t(
        'Tenant id: the tenant the user or app signed in to. {0} is the tenant of personal Microsoft accounts.',
        MSA_TENANT_ID,
      ),
  ],
  ['unique_name', (l10n) => l10n.t('Human-readable username (v1 tokens), for display only.')],
  [
    'upn',
    (l10n) => l10n.t('User principal name. Can change; use for display or as a sign-in hint, never for authorization.'),
  ],
  ['uti', (l10n) => l10n.t('Token identifier, unique per token (like jti). Case-sensitive.')],
  ['rh', (l10n) => l10n.t('Opaque value Entra uses internally to revalidate the token. Ignore it.')],
  [
    'ver',
    (l10n) =>
      l10n.t(
        'Token version: "1.0" or "2.0". For access tokens the API\'s registration decides the version (requestedAccessTokenVersion), not the endpoint the client used.',
      ),
  ],
  [
    'xms_cc',
    (l10n) =>
      l10n.t(
        'Client capabilities. "cp1" means the client can handle claims challenges (continuous access evaluation).',
      ),
  ],
  [
    'acrs',
    (l10n) => l10n.t('Authentication context ids the user satisfied (Conditional Access authentication contexts).'),
  ],
  [
    'idtyp',
    (l10n) =>
      l10n.t(
        'Token subject type: "app" means an app-only token (client credentials); "user" appears when the API asked for it with include_user_token.',
      ),
  ],
  [
    'email',
    (l10n) =>
      l10n.t(
        'Email address of the user, when known. It can change and is not verified for every account, so never use it for authorization.',
      ),
  ],
  ['family_name', (l10n) => l10n.t('Last name of the user.')],
  ['given_name', (l10n) => l10n.t('First name of the user.')],
  ['ipaddr', (l10n) => l10n.t('IP address the user signed in from.')],
  [
    'onprem_sid',
    (l10n) =>
      l10n.t('Security identifier (SID) of the user in on-premises Active Directory, for users synchronized from AD.'),
  ],
  [
    'pwd_exp',
    (l10n) =>
      l10n.t(
        "When the user's password expires. Microsoft's pages disagree whether this is a Unix time or a number of seconds after iat.",
      ),
  ],
  ['pwd_url', (l10n) => l10n.t('Address where the user can change the password.')],
  [
    'in_corp',
    (l10n) =>
      l10n.t(
        'Present when the user signed in from inside the corporate network (from the network ranges configured in the tenant).',
      ),
  ],
  ['nickname', (l10n) => l10n.t('Nickname of the user, other than first or last name.')],
  [
    'nonce',
    (l10n) =>
      l10n.t('Value the app sent in the sign-in request; the app must check that it matches, to stop token replay.'),
  ],
  [
    'c_hash',
    (l10n) =>
      l10n.t(
        'Hash of the authorization code issued with this ID token (authorize endpoint only); lets the app check the code belongs to the token.',
      ),
  ],
  [
    'at_hash',
    (l10n) =>
      l10n.t(
        'Hash of the access token issued with this ID token (authorize endpoint only); lets the app check the access token belongs to the token.',
      ),
  ],
  ['sid', (l10n) => l10n.t("Session id of the user's sign-in session; used for front-channel sign-out.")],
  [
    'login_hint',
    (l10n) =>
      l10n.t(
        'Opaque, reliable sign-in hint for this user and session; pass it as login_hint to sign the same user in again silently.',
      ),
  ],
  ['ctry', (l10n) => l10n.t('Country or region of the user (two-letter code).')],
  ['tenant_ctry', (l10n) => l10n.t('Country or region of the tenant (two-letter code), as configured by the admin.')],
  ['tenant_region_scope', (l10n) => l10n.t('Region of the tenant (for example NA, EU, AS).')],
  ['xms_pl', (l10n) => l10n.t('Preferred language of the user (language-COUNTRY, e.g. en-US).')],
  ['xms_tpl', (l10n) => l10n.t('Preferred language of the tenant (two-letter code).')],
  ['xms_pdl', (l10n) => l10n.t('Preferred data location of the user (multi-geo tenants).')],
  [
    'xms_edov',
    (l10n) =>
      l10n.t(
        'Email domain owner verified: true when the domain of the email claim is verified by the tenant that owns it.',
      ),
  ],
  [
    'fwd',
    (l10n) =>
      l10n.t(
        'The original IP address of the caller, when the sign-in came through a virtual network (VNET) that hides it.',
      ),
  ],
  ['vnet', (l10n) => l10n.t('Virtual network information of the caller.')],
  ['acct', (l10n) => l10n.t('Account status of the user in the tenant: 0 = member, 1 = guest.')],
  ['auth_time', (l10n) => l10n.t('When the user last entered credentials.')],
  [
    'deviceid',
    (l10n) =>
      l10n.t('Id of the device the user signed in from (seen in some tokens when the device is registered or joined).'),
  ],
  ['verified_primary_email', (l10n) => l10n.t("The user's primary email address, from the directory.")],
  ['verified_secondary_email', (l10n) => l10n.t("The user's secondary email addresses, from the directory.")],
  ['ztdid', (l10n) => l10n.t('Zero-touch deployment id of the device (Windows Autopilot).')],
  [
    'app_displayname',
    (l10n) => l10n.t('Display name of the client app (undocumented, seen in Microsoft Graph tokens).'),
  ],
  ['puid', (l10n) => l10n.t('Internal user identifier used by some Microsoft services (undocumented).')],
  ['jti', (l10n) => l10n.t('JWT id: a unique identifier of this token.')],
  ['xms_tcdt', (l10n) => l10n.t('Tenant creation time (undocumented, seen in Microsoft Graph tokens).')],
  ['cnf', (l10n) => l10n.t('Confirmation: binds the token to a key the client holds (proof-of-possession).')],
  [
    'tfp',
    (l10n) =>
      l10n.t(
        'Trust framework policy: the Azure AD B2C user flow or custom policy that issued the token (for example B2C_1_signupsignin). Older B2C policies put it in acr instead. B2C publishes signing keys per policy.',
      ),
  ],
  [
    'emails',
    (l10n) =>
      l10n.t(
        'Email addresses of the user, as an array (Azure AD B2C). They come from sign-up or from the identity provider and are not verified by the tenant for every provider: show them, never authorize on them.',
      ),
  ],
  [
    'xms_mirid',
    (l10n) =>
      l10n.t(
        'Managed identity resource id: the Azure resource id of the managed identity (system- or user-assigned) that requested this token.',
      ),
  ],
  [
    'e_exp',
    (l10n) =>
      l10n.t(
        'Extended expiry used by Microsoft services for resilience during outages (seconds). Validators still reject the token after exp.',
      ),
  ],
  [
    'platf',
    (l10n) =>
      l10n.t(
        'Device platform of the registered or joined device that signed in, as a number Entra assigns (the mapping is not published).',
      ),
  ],
  ['xms_ftd', (l10n) => l10n.t('Internal Entra value added to recent tokens; it means nothing to apps. Ignore it.')],
  ['newUser', (l10n) => l10n.t('Set to true by Azure AD B2C when the user signed up in this flow (a new account).')],
]);

/** The static explanation of a header parameter. */
export function explainHeader(name: string, l10n: L10n = english): string {
  const known = headerTable.get(name);
  return known !== undefined ? known(l10n) : l10n.t('Header parameter not used by Entra-issued tokens.');
}

/** The static explanation of a payload claim; unknown and xms_* claims get a generic one. */
export function explainPayloadClaim(name: string, l10n: L10n = english): string {
  const known = payloadTable.get(name);
  if (known !== undefined) return known(l10n);
  if (name.startsWith('xms_'))
    return l10n.t(
      'Microsoft-specific extension claim (xms_*) not described in the public claim references; usually added by Entra for a particular feature or as an optional claim.',
    );
  if (name.startsWith('extension_'))
    return /^extension_[0-9a-f]{32}_/i.test(name)
      ? l10n.t(
          'Directory extension attribute (extension_{appId-without-dashes}_{name}): a property an app registered on users, added to the token as an optional claim or by a claims-mapping policy.',
        )
      : l10n.t(
          "Custom user attribute of an Azure AD B2C or External ID tenant (extension_{name}, defined under user attributes). It is stored as a directory extension of the tenant's b2c-extensions-app; the token names it without that app id.",
        );
  return l10n.t(
    'Claim not defined by the Microsoft identity platform: added by a claims-mapping policy, an optional or directory-extension claim, or by another issuer.',
  );
}

/** True when the claim is described by the built-in table. */
export function isKnownPayloadClaim(name: string): boolean {
  return payloadTable.has(name);
}

/** Every claim name the payload table explains (for tests and documentation). */
export const knownPayloadClaims: readonly string[] = [...payloadTable.keys()];
/** Every header parameter the header table explains. */
export const knownHeaderParams: readonly string[] = [...headerTable.keys()];
