// Plain-language explanations of the claims found in Microsoft identity platform tokens (v1 and v2,
// access and ID tokens). The tables are built once at load time; lookups are a single Map.get.
import { MSA_TENANT_ID } from '../entra/ids';

/** Header parameters (JOSE header). */
const headerTable: Record<string, string> = {
  typ: 'Token type. Entra sets it to "JWT" for both access and ID tokens.',
  alg: 'Signing algorithm. Entra signs with RS256 (RSA and SHA-256); "none" means the token is not signed at all and must never be trusted.',
  kid: "Key identifier: the thumbprint of the public key that signed the token. Validators use it to pick the key from the issuer's JWKS (jwks_uri).",
  x5t: 'Thumbprint of the signing certificate. Same value as kid; only v1 tokens still carry it, for older validators.',
  nonce:
    'A header nonce, found in Microsoft Graph (and SharePoint) access tokens. The signature covers a transformed copy of it, so ordinary JWT libraries cannot verify these tokens; only Microsoft Graph is meant to validate them.',
  cty: 'Content type of the payload. Rarely set by Entra.',
  rh: 'Opaque value used internally by Entra (here copied into the header). Do not rely on it.',
  enc: 'Content encryption algorithm of an encrypted token (JWE).',
  zip: 'Compression applied to the payload before encryption.',
};

const AUTH_FLAVOURS =
  'Values: "0" = public client (no secret), "1" = client secret, "2" = client certificate or assertion.';

/** Payload claims. */
const payloadTable: Record<string, string> = {
  aud: "Audience: the resource the token is meant for. In v2 access tokens it is always the API's client id; in v1 access tokens it is the client id or whichever App ID URI the client asked for; in ID tokens it is the client app that signed the user in. An API must reject tokens whose audience is not its own.",
  iss: 'Issuer: the security token service and tenant that issued the token. v1 form is https://sts.windows.net/{tenant}/, v2 form is https://login.microsoftonline.com/{tenant}/v2.0.',
  idp: 'Identity provider that authenticated the user, when it differs from the issuer: a guest\'s home tenant, or "live.com" for personal Microsoft accounts. Absent means the issuer itself authenticated the user.',
  iat: 'Issued at: when the token was issued (seconds since 1970-01-01 UTC).',
  nbf: 'Not before: the token must not be accepted before this time.',
  exp: 'Expiry: the token must not be accepted after this time. Entra can still refuse it earlier (revocation, continuous access evaluation).',
  aio: 'Opaque value Entra uses internally to reuse the token. Ignore it.',
  acr: 'Authentication context class (v1 access tokens): "0" means the sign-in did not meet ISO/IEC 29115 requirements, "1" means it did.',
  amr: 'Authentication methods used at sign-in.',
  appid: 'Application (client) id of the app that requested the token (v1 access tokens; v2 uses azp).',
  azp: 'Authorized party: application (client) id of the app that requested the token (v2 access tokens; replaces appid).',
  appidacr: `How the client app authenticated when it requested this token (v1). ${AUTH_FLAVOURS}`,
  azpacr: `How the client app authenticated when it requested this token (v2). ${AUTH_FLAVOURS}`,
  preferred_username:
    'Primary username of the user (an email address, phone number or plain name). It can change and can be set by the user, so use it only for display, never for authorization. Needs the profile scope.',
  name: 'Display name of the user, for display only. Needs the profile scope.',
  scp: 'Scopes: the delegated permissions of this API that the user granted to the client, separated by spaces. Present only when a user is involved (delegated flow).',
  roles:
    'App roles: for a user, the roles of this API assigned to the user (directly or through groups); for an app calling as itself, the application permissions granted to it.',
  wids: 'Directory (tenant-wide) roles of the user, as role template ids. Emitted when the app\'s groupMembershipClaims is "All" or "DirectoryRole".',
  groups:
    'Object ids of the groups the user belongs to, as configured by groupMembershipClaims. Above 200 groups (JWT) Entra leaves them out and points to Graph instead (overage).',
  hasgroups:
    'Set to true instead of a groups list when the list would be too long for the implicit flow; the app must read the groups from Microsoft Graph.',
  _claim_names:
    'Overage marker: names the claims (usually groups) that were left out because they were too large; _claim_sources says where to fetch them.',
  _claim_sources: 'Overage source: the endpoint to call to get the claims listed in _claim_names.',
  sub: "Subject: an immutable identifier of the principal that is pairwise, i.e. different for each client app. Safe as a key for this app's own data.",
  oid: 'Object id of the user or service principal in this tenant; the same across all apps of the tenant. The right key for authorization and for Microsoft Graph calls.',
  tid: `Tenant id: the tenant the user or app signed in to. ${MSA_TENANT_ID} is the tenant of personal Microsoft accounts.`,
  unique_name: 'Human-readable username (v1 tokens), for display only.',
  upn: 'User principal name. Can change; use for display or as a sign-in hint, never for authorization.',
  uti: 'Token identifier, unique per token (like jti). Case-sensitive.',
  rh: 'Opaque value Entra uses internally to revalidate the token. Ignore it.',
  ver: 'Token version: "1.0" or "2.0". For access tokens the API\'s registration decides the version (requestedAccessTokenVersion), not the endpoint the client used.',
  xms_cc: 'Client capabilities. "cp1" means the client can handle claims challenges (continuous access evaluation).',
  acrs: 'Authentication context ids the user satisfied (Conditional Access authentication contexts).',
  idtyp:
    'Token subject type: "app" means an app-only token (client credentials); "user" appears when the API asked for it with include_user_token.',
  email:
    'Email address of the user, when known. It can change and is not verified for every account, so never use it for authorization.',
  family_name: 'Last name of the user.',
  given_name: 'First name of the user.',
  ipaddr: 'IP address the user signed in from.',
  onprem_sid: 'Security identifier (SID) of the user in on-premises Active Directory, for users synchronized from AD.',
  pwd_exp:
    "When the user's password expires. Microsoft's pages disagree whether this is a Unix time or a number of seconds after iat.",
  pwd_url: 'Address where the user can change the password.',
  in_corp:
    'Present when the user signed in from inside the corporate network (from the network ranges configured in the tenant).',
  nickname: 'Nickname of the user, other than first or last name.',
  nonce: 'Value the app sent in the sign-in request; the app must check that it matches, to stop token replay.',
  c_hash:
    'Hash of the authorization code issued with this ID token (authorize endpoint only); lets the app check the code belongs to the token.',
  at_hash:
    'Hash of the access token issued with this ID token (authorize endpoint only); lets the app check the access token belongs to the token.',
  sid: "Session id of the user's sign-in session; used for front-channel sign-out.",
  login_hint:
    'Opaque, reliable sign-in hint for this user and session; pass it as login_hint to sign the same user in again silently.',
  ctry: 'Country or region of the user (two-letter code).',
  tenant_ctry: 'Country or region of the tenant (two-letter code), as configured by the admin.',
  tenant_region_scope: 'Region of the tenant (for example NA, EU, AS).',
  xms_pl: 'Preferred language of the user (language-COUNTRY, e.g. en-US).',
  xms_tpl: 'Preferred language of the tenant (two-letter code).',
  xms_pdl: 'Preferred data location of the user (multi-geo tenants).',
  xms_edov:
    'Email domain owner verified: true when the domain of the email claim is verified by the tenant that owns it.',
  fwd: 'The original IP address of the caller, when the sign-in came through a virtual network (VNET) that hides it.',
  vnet: 'Virtual network information of the caller.',
  acct: 'Account status of the user in the tenant: 0 = member, 1 = guest.',
  auth_time: 'When the user last entered credentials.',
  deviceid: 'Id of the device the user signed in from (seen in some tokens when the device is registered or joined).',
  verified_primary_email: "The user's primary email address, from the directory.",
  verified_secondary_email: "The user's secondary email addresses, from the directory.",
  ztdid: 'Zero-touch deployment id of the device (Windows Autopilot).',
  app_displayname: 'Display name of the client app (undocumented, seen in Microsoft Graph tokens).',
  puid: 'Internal user identifier used by some Microsoft services (undocumented).',
  jti: 'JWT id: a unique identifier of this token.',
  xms_tcdt: 'Tenant creation time (undocumented, seen in Microsoft Graph tokens).',
  cnf: 'Confirmation: binds the token to a key the client holds (proof-of-possession).',
  tfp: 'Trust framework policy: the Azure AD B2C user flow or custom policy that issued the token (for example B2C_1_signupsignin). Older B2C policies put it in acr instead. B2C publishes signing keys per policy.',
  emails:
    'Email addresses of the user, as an array (Azure AD B2C). They come from sign-up or from the identity provider and are not verified by the tenant for every provider: show them, never authorize on them.',
  xms_mirid:
    'Managed identity resource id: the Azure resource id of the managed identity (system- or user-assigned) that requested this token.',
  e_exp:
    'Extended expiry used by Microsoft services for resilience during outages (seconds). Validators still reject the token after exp.',
  platf:
    'Device platform of the registered or joined device that signed in, as a number Entra assigns (the mapping is not published).',
  xms_ftd: 'Internal Entra value added to recent tokens; it means nothing to apps. Ignore it.',
  newUser: 'Set to true by Azure AD B2C when the user signed up in this flow (a new account).',
};

/** Explanations of each authentication method of the amr claim. */
export const amrMethods: Readonly<Record<string, string>> = {
  pwd: 'password',
  rsa: 'proof with an RSA key, e.g. Microsoft Authenticator, Windows Hello or a certificate',
  otp: 'one-time passcode sent by email or text message',
  fed: 'federated sign-in through another identity provider (for example AD FS)',
  wia: 'Windows integrated authentication (Kerberos on a domain-joined machine)',
  mfa: 'multifactor authentication',
  ngcmfa: 'a strong multifactor method suitable for provisioning new credentials',
  wiaormfa: 'Windows integrated authentication or multifactor authentication',
  none: 'no authentication was performed',
  sms: 'code sent by text message',
  face: 'face recognition',
  fpt: 'fingerprint',
  pin: 'PIN',
  kba: 'knowledge-based authentication',
  swk: 'proof with a software-secured key',
  hwk: 'proof with a hardware-secured key',
  user: 'user presence test',
  sc: 'smart card',
};

const authFlavour: Readonly<Record<string, string>> = {
  '0': 'public client: no secret or certificate',
  '1': 'client secret',
  '2': 'client certificate or signed assertion',
};

/** How the client authenticated, from appidacr/azpacr, or null when unknown. */
export function describeClientAuth(value: unknown): string | null {
  return typeof value === 'string' ? (authFlavour[value] ?? null) : null;
}

const headerMap = new Map(Object.entries(headerTable));
const payloadMap = new Map(Object.entries(payloadTable));

const UNKNOWN_XMS =
  'Microsoft-specific extension claim (xms_*) not described in the public claim references; usually added by Entra for a particular feature or as an optional claim.';
const UNKNOWN =
  'Claim not defined by the Microsoft identity platform: added by a claims-mapping policy, an optional or directory-extension claim, or by another issuer.';
const UNKNOWN_EXTENSION =
  'Directory extension attribute (extension_{appId-without-dashes}_{name}): a property an app registered on users, added to the token as an optional claim or by a claims-mapping policy.';
const B2C_EXTENSION =
  "Custom user attribute of an Azure AD B2C or External ID tenant (extension_{name}, defined under user attributes). It is stored as a directory extension of the tenant's b2c-extensions-app; the token names it without that app id.";

/** The static explanation of a header parameter. */
export function explainHeader(name: string): string {
  return headerMap.get(name) ?? 'Header parameter not used by Entra-issued tokens.';
}

/** The static explanation of a payload claim; unknown and xms_* claims get a generic one. */
export function explainPayloadClaim(name: string): string {
  const known = payloadMap.get(name);
  if (known !== undefined) return known;
  if (name.startsWith('xms_')) return UNKNOWN_XMS;
  if (name.startsWith('extension_')) return /^extension_[0-9a-f]{32}_/i.test(name) ? UNKNOWN_EXTENSION : B2C_EXTENSION;
  return UNKNOWN;
}

/** True when the claim is described by the built-in table. */
export function isKnownPayloadClaim(name: string): boolean {
  return payloadMap.has(name);
}

/** Every claim name the payload table explains (for tests and documentation). */
export const knownPayloadClaims: readonly string[] = [...payloadMap.keys()];
/** Every header parameter the header table explains. */
export const knownHeaderParams: readonly string[] = [...headerMap.keys()];
