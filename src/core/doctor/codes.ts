/**
 * The AADSTS codes app developers meet most, explained offline: what the code means and what to
 * change. Written for this project from Microsoft's error code reference (each entry links it and
 * the sign-in service's own lookup page, which is always current). This is the only copy of this
 * knowledge in the code base: the CLI, the VS Code command and the tests all read it from here.
 */

export const errorCodesDocs = 'https://learn.microsoft.com/entra/identity-platform/reference-error-codes';

/** The sign-in service's lookup page for one code (always the most current text). */
export function lookupUrl(code: string): string {
  return `https://login.microsoftonline.com/error?code=${encodeURIComponent(code)}`;
}

/** What kind of problem a code is about; the registration checks use it to pick what to look at. */
export type CodeTopic =
  | 'redirect'
  | 'consent'
  | 'scope'
  | 'app'
  | 'credential'
  | 'audience'
  | 'user'
  | 'policy'
  | 'publicClient'
  | 'request'
  | 'tenant';

export interface CodeInfo {
  readonly code: string;
  readonly title: string;
  /** What happened, in plain words. */
  readonly meaning: string;
  /** What to change. */
  readonly fix: string;
  /** Who usually fixes it. */
  readonly who: 'developer' | 'admin' | 'user';
  readonly topics: readonly CodeTopic[];
  /** A page about the topic beyond the error code reference, when one helps. */
  readonly more?: string;
}

const reply = 'https://learn.microsoft.com/entra/identity-platform/reply-url';
const consent = 'https://learn.microsoft.com/entra/identity-platform/consent-types-developer';
const adminConsent = 'https://learn.microsoft.com/entra/identity-platform/v2-admin-consent';
const scopes = 'https://learn.microsoft.com/entra/identity-platform/scopes-oidc';
const credentials = 'https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials';
const audience = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';
const ca = 'https://learn.microsoft.com/entra/identity/conditional-access/overview';
const publicClient = 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code';

const table: readonly CodeInfo[] = [
  {
    code: '50011',
    title: 'Redirect URI mismatch',
    meaning:
      'The redirect_uri sent with the request is not one of the redirect URIs registered for the application, compared character by character (scheme, host, port, path, trailing slash).',
    fix: 'Register the exact redirect_uri under the platform the app uses (Web, Single-page application or Mobile and desktop), or change the app so it sends a URI that is already registered.',
    who: 'developer',
    topics: ['redirect'],
    more: reply,
  },
  {
    code: '50194',
    title: 'Single-tenant app used with a multi-tenant endpoint',
    meaning:
      'The app only accepts accounts of its own tenant, but the request went to /common or /organizations, which do not know which tenant to use.',
    fix: 'Send the request to the tenant-specific authority (https://login.microsoftonline.com/{tenant id or domain}), or change the supported account types (signInAudience) if other tenants should sign in.',
    who: 'developer',
    topics: ['audience'],
    more: audience,
  },
  {
    code: '65001',
    title: 'Consent missing',
    meaning:
      'Neither the user nor an administrator has consented to the permissions the app asks for, and the flow (for example on-behalf-of, client credentials or a silent request) cannot ask for consent now.',
    fix: 'List the permissions in the app registration (API permissions / requiredResourceAccess) and grant admin consent, or run an interactive sign-in once so the user can consent.',
    who: 'admin',
    topics: ['consent', 'scope'],
    more: consent,
  },
  {
    code: '65004',
    title: 'User declined consent',
    meaning: 'The consent prompt was shown and the user chose not to accept it.',
    fix: 'Ask the user to sign in again and accept, or have an administrator grant consent for the tenant so users are not asked.',
    who: 'user',
    topics: ['consent'],
    more: consent,
  },
  {
    code: '65005',
    title: 'Permission not available on the resource',
    meaning:
      'The app requests a permission the resource does not expose, asks for an application-only permission as delegated (or the reverse), or the resource is not present in the tenant.',
    fix: 'Check the requested permissions against what the API exposes, remove unknown ones, and make sure the resource API has a service principal in the tenant.',
    who: 'developer',
    topics: ['scope', 'consent'],
    more: scopes,
  },
  {
    code: '650052',
    title: 'Resource API not available in the tenant',
    meaning:
      'The app needs an API (its service principal) that is not present, not enabled, or not subscribed in the user\u2019s tenant, so nothing can be consented to or called.',
    fix: 'Have an administrator of that tenant add the resource API (consent to it, or create its service principal), or remove the permission from the app if it is not needed.',
    who: 'admin',
    topics: ['consent', 'tenant'],
    more: consent,
  },
  {
    code: '650056',
    title: 'App misconfigured: no permissions or consent',
    meaning:
      'The client app has not listed the permissions for the resource it requests, or an administrator has not consented to them.',
    fix: 'Add the permissions under API permissions (requiredResourceAccess) and grant admin consent.',
    who: 'admin',
    topics: ['consent', 'scope'],
    more: consent,
  },
  {
    code: '90094',
    title: 'Administrator consent required',
    meaning:
      'The app asks for permissions that only an administrator may grant (or user consent is turned off in the tenant).',
    fix: 'Have an administrator grant consent (for example with the admin consent URL), or request fewer, user-consentable permissions.',
    who: 'admin',
    topics: ['consent'],
    more: adminConsent,
  },
  {
    code: '90008',
    title: 'Required permission not requested',
    meaning:
      'The app must request a permission to sign users in (typically Microsoft Graph User.Read) but does not, so it cannot be authorized.',
    fix: 'Add Microsoft Graph User.Read (delegated) to the app\u2019s API permissions and grant consent.',
    who: 'developer',
    topics: ['consent', 'scope'],
    more: consent,
  },
  {
    code: '700016',
    title: 'Application not found in the directory',
    meaning:
      'No app with this client_id exists in the tenant the request was sent to: a wrong client id, the wrong tenant, a deleted app, or a single-tenant app used from another tenant.',
    fix: 'Compare the client_id with the Application (client) ID of the registration and send the request to the tenant where it is registered; for other tenants make the app multi-tenant and have them consent.',
    who: 'developer',
    topics: ['app', 'audience', 'tenant'],
  },
  {
    code: '500011',
    title: 'Resource principal not found',
    meaning:
      'The resource in the scope (an App ID URI or app id) has no service principal in the tenant: a typo in the App ID URI, or the API was never provisioned or consented in this tenant.',
    fix: 'Check the App ID URI in the scope against the API\u2019s registration (identifierUris), and have the tenant consent to the API so its service principal exists.',
    who: 'developer',
    topics: ['scope', 'tenant'],
    more: scopes,
  },
  {
    code: '500021',
    title: 'Access blocked by tenant restrictions',
    meaning: 'A proxy with tenant restrictions blocks sign-in to this tenant from the user\u2019s network.',
    fix: 'Use a network or tenant allowed by the restriction policy, or ask the network administrator to allow this tenant.',
    who: 'admin',
    topics: ['policy'],
  },
  {
    code: '70011',
    title: 'Invalid scope',
    meaning:
      'The scope parameter is malformed or names something the resource does not have, or mixes a .default scope with individual scopes of the same resource, or mixes resources in one request.',
    fix: 'Request scopes of one resource per token, as {App ID URI}/{scope} or {App ID URI}/.default, and only scopes the API exposes.',
    who: 'developer',
    topics: ['scope'],
    more: scopes,
  },
  {
    code: '70000',
    title: 'Invalid grant',
    meaning:
      'The authorization code, refresh token or assertion could not be used: expired, already redeemed, issued to another client, or requested for scopes that are not allowed.',
    fix: 'Start a fresh sign-in for a new code, redeem each code once and from the same client and redirect_uri, and check the scopes of the grant.',
    who: 'developer',
    topics: ['request', 'scope'],
  },
  {
    code: '70001',
    title: 'Application disabled or not found in tenant',
    meaning: 'The app is disabled or does not exist in this tenant.',
    fix: 'Check the client_id and tenant, and whether the enterprise application is enabled for sign-in.',
    who: 'admin',
    topics: ['app'],
  },
  {
    code: '7000215',
    title: 'Invalid client secret',
    meaning:
      'The client_secret sent does not match any secret of the app: the secret id was sent instead of its value, the value was cut or escaped, or it belongs to another app.',
    fix: 'Create a new client secret, copy its Value (not the Secret ID) when shown, and store it for this client_id.',
    who: 'developer',
    topics: ['credential'],
    more: credentials,
  },
  {
    code: '7000222',
    title: 'Client secret expired',
    meaning: 'The secret was valid once, but its end date has passed.',
    fix: 'Create a new client secret (Certificates & secrets), deploy it, then remove the expired one; consider a certificate or a managed identity instead.',
    who: 'developer',
    topics: ['credential'],
    more: credentials,
  },
  {
    code: '7000218',
    title: 'Client authentication missing',
    meaning:
      'The token request has no client_secret or client_assertion, which is only allowed for public clients, and the app is not one.',
    fix: 'Send the app\u2019s credential, or, for device code and username/password flows, set "Allow public client flows" (isFallbackPublicClient) to Yes.',
    who: 'developer',
    topics: ['credential', 'publicClient'],
    more: publicClient,
  },
  {
    code: '700027',
    title: 'Client assertion signature invalid',
    meaning:
      'The signed client assertion (certificate credential) could not be verified: the certificate is not registered on the app, expired, or the x5t/kid header does not match it.',
    fix: 'Upload the certificate\u2019s public key to the app (Certificates & secrets) and sign the assertion with the matching private key and thumbprint.',
    who: 'developer',
    topics: ['credential'],
    more: credentials,
  },
  {
    code: '700024',
    title: 'Client assertion outside its time range',
    meaning:
      'The client assertion is expired or not yet valid (nbf/exp), often because of clock skew on the machine that signed it.',
    fix: 'Sync the clock of the signing machine and issue assertions with a short lifetime just before the request.',
    who: 'developer',
    topics: ['credential'],
  },
  {
    code: '700054',
    title: 'Response type not enabled for the app',
    meaning:
      'The request asks for response_type id_token or token (implicit grant), but the app registration does not allow that token to be issued from the authorize endpoint.',
    fix: 'Prefer the authorization code flow; if the implicit flow is really needed, enable ID tokens or access tokens under Authentication (web.implicitGrantSettings).',
    who: 'developer',
    topics: ['request', 'redirect'],
  },
  {
    code: '900144',
    title: 'Required parameter missing',
    meaning:
      'The request body or query lacks a parameter the endpoint requires (for example grant_type, client_id, scope or code).',
    fix: 'Add the named parameter; for POST requests send it form-encoded in the body (application/x-www-form-urlencoded), not as JSON.',
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '900971',
    title: 'No reply address registered',
    meaning: 'The app has no redirect URI at all, so the sign-in service has nowhere to send the response.',
    fix: 'Add a redirect URI under Authentication for the platform the app uses.',
    who: 'developer',
    topics: ['redirect'],
    more: reply,
  },
  {
    code: '90014',
    title: 'Required field missing',
    meaning:
      'A field expected in the request or credential is missing (for example the client_assertion_type or a claim of the assertion).',
    fix: 'Compare the request with the protocol documentation and add the missing field.',
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '90019',
    title: 'No tenant in the request',
    meaning:
      'The service could not find out which tenant to use: the authority has no tenant and the user\u2019s account does not point to one.',
    fix: 'Use a tenant-specific authority (tenant id or domain) instead of /common.',
    who: 'developer',
    topics: ['tenant', 'audience'],
  },
  {
    code: '90072',
    title: 'Account not in the tenant (pass-through)',
    meaning:
      'The user\u2019s account is from another tenant and is not a guest in this one, so it cannot sign in here.',
    fix: 'Invite the user as a guest (B2B), have them use an account of this tenant, or make the app multi-tenant and use /organizations.',
    who: 'admin',
    topics: ['user', 'audience'],
  },
  {
    code: '90002',
    title: 'Tenant not found',
    meaning:
      'The tenant in the authority does not exist or has no active subscription; often a typo in the domain or tenant id, or the wrong national cloud.',
    fix: 'Check the tenant id or domain in the authority URL and the cloud (login host) it is sent to.',
    who: 'developer',
    topics: ['tenant'],
  },
  {
    code: '90023',
    title: 'Invalid request (unsupported here)',
    meaning:
      'The request is not valid for this endpoint or app type, for example a parameter that this flow does not accept.',
    fix: 'Read the message for the parameter it names and follow the flow\u2019s protocol documentation.',
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '9002326',
    title: 'Cross-origin redemption needs the SPA platform',
    meaning:
      'A browser script redeemed an authorization code for a redirect URI registered as Web, but cross-origin token requests are allowed only for Single-page application redirect URIs.',
    fix: 'Move the redirect URI from the Web platform to the Single-page application platform (spa.redirectUris).',
    who: 'developer',
    topics: ['redirect'],
    more: reply,
  },
  {
    code: '9002313',
    title: 'Malformed request',
    meaning:
      'The request is not a valid OAuth 2.0 or OpenID Connect request: a parameter is duplicated, badly encoded or not allowed.',
    fix: 'Compare the request with the protocol documentation and let a library (MSAL) build it.',
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '50020',
    title: 'User not in the tenant',
    meaning:
      'The account belongs to another tenant (or is a personal Microsoft account) and is not allowed here: not invited as a guest, or the app accepts only its own tenant.',
    fix: 'Invite the user as a guest, sign in with an account of this tenant, or widen the supported account types (signInAudience) and use /common or /organizations.',
    who: 'admin',
    topics: ['user', 'audience'],
    more: audience,
  },
  {
    code: '50076',
    title: 'Multifactor authentication required',
    meaning:
      'A policy (Conditional Access or per-user MFA) needs a second factor, and the request could not prompt for it (for example a silent or username/password request).',
    fix: 'Use an interactive flow that can prompt (or handle the claims challenge and retry interactively); username/password flows cannot do MFA.',
    who: 'user',
    topics: ['policy', 'user'],
    more: ca,
  },
  {
    code: '50079',
    title: 'MFA registration required',
    meaning: 'The user must register for multifactor authentication before signing in.',
    fix: 'Sign in interactively and complete the MFA registration.',
    who: 'user',
    topics: ['policy', 'user'],
  },
  {
    code: '50074',
    title: 'Strong authentication required',
    meaning: 'The sign-in needs strong (multifactor) authentication that was not completed.',
    fix: 'Complete the MFA prompt in an interactive sign-in.',
    who: 'user',
    topics: ['policy', 'user'],
  },
  {
    code: '53000',
    title: 'Device not compliant or not managed',
    meaning: 'Conditional Access requires a compliant or domain-joined device, and this device is not.',
    fix: 'Sign in from a managed device or ask the administrator which policy applies (the sign-in logs name it).',
    who: 'admin',
    topics: ['policy'],
    more: ca,
  },
  {
    code: '53003',
    title: 'Blocked by Conditional Access',
    meaning: 'A Conditional Access policy blocked the sign-in (location, app, device, risk or another condition).',
    fix: 'Look the request up in the sign-in logs (by correlation id) to see which policy applied, then meet its conditions or ask an administrator to adjust it.',
    who: 'admin',
    topics: ['policy'],
    more: ca,
  },
  {
    code: '530003',
    title: 'Device must be managed',
    meaning: 'The resource requires a managed device and the sign-in came from an unmanaged one.',
    fix: 'Use a registered or compliant device, or ask the administrator about the device policy.',
    who: 'admin',
    topics: ['policy'],
    more: ca,
  },
  {
    code: '54005',
    title: 'Authorization code already redeemed',
    meaning: 'The same authorization code was sent to the token endpoint twice; a code can be used once.',
    fix: 'Redeem each code once (watch for double submits or retries) and use the refresh token for later tokens.',
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '50126',
    title: 'Invalid user name or password',
    meaning:
      'The credentials the user entered are wrong (or, for federated or password-less accounts, a password was not the way to sign in).',
    fix: 'Retry with the right password; for username/password flows (ROPC) prefer an interactive flow, which also works for federated and MFA users.',
    who: 'user',
    topics: ['user'],
  },
  {
    code: '50034',
    title: 'User account not found',
    meaning: 'No account with this name exists in the tenant the request went to.',
    fix: 'Check the user name and the tenant; invite the user as a guest if the account is in another tenant.',
    who: 'user',
    topics: ['user', 'tenant'],
  },
  {
    code: '50053',
    title: 'Account locked',
    meaning: 'The account is locked after too many failed sign-ins, or sign-in was blocked from a suspicious address.',
    fix: 'Wait and retry, or ask an administrator to unlock it; check for scripts retrying with a wrong password.',
    who: 'user',
    topics: ['user'],
  },
  {
    code: '50055',
    title: 'Password expired',
    meaning: 'The user\u2019s password has expired.',
    fix: 'Sign in interactively and change the password.',
    who: 'user',
    topics: ['user'],
  },
  {
    code: '50057',
    title: 'User account disabled',
    meaning: 'The account exists but is disabled.',
    fix: 'Ask an administrator to enable the account, or use another one.',
    who: 'admin',
    topics: ['user'],
  },
  {
    code: '50058',
    title: 'No signed-in session',
    meaning:
      'A silent request (prompt=none or an SSO attempt) found no session to use, or the session cookie was not available to the page.',
    fix: 'Fall back to an interactive sign-in when silent requests fail with this code; check that third-party cookies are not blocked for iframes.',
    who: 'developer',
    topics: ['request', 'user'],
  },
  {
    code: '50059',
    title: 'No tenant in the request or credentials',
    meaning:
      'The service found no tenant in the authority or in the sign-in name, so it cannot tell where the account lives.',
    fix: 'Use a tenant-specific authority, or let the user enter a full sign-in name with its domain.',
    who: 'developer',
    topics: ['tenant'],
  },
  {
    code: '50105',
    title: 'User not assigned to the app',
    meaning:
      'The enterprise application requires assignment (appRoleAssignmentRequired) and the user is neither assigned directly nor through a group.',
    fix: 'Assign the user (or a group of theirs) to the enterprise application, or turn "Assignment required" off.',
    who: 'admin',
    topics: ['user', 'app'],
  },
  {
    code: '50158',
    title: 'External security challenge not satisfied',
    meaning: 'An external security check (for example a third-party MFA or a custom control) was not passed.',
    fix: 'Complete the external challenge in an interactive sign-in, or ask the administrator about the control.',
    who: 'user',
    topics: ['policy'],
  },
  {
    code: '50173',
    title: 'Grant expired after a credential change',
    meaning: 'The refresh token was revoked because the user changed their password or an admin revoked sessions.',
    fix: 'Sign in interactively again to get a new refresh token.',
    who: 'user',
    topics: ['request', 'user'],
  },
  {
    code: '700082',
    title: 'Refresh token expired',
    meaning: 'The refresh token was not used for too long and expired.',
    fix: 'Sign in interactively again.',
    who: 'user',
    topics: ['request'],
  },
  {
    code: '240002',
    title: 'Account not usable with this flow',
    meaning:
      'The account (often a guest or a personal account) cannot be used with the username/password flow or the tenant it was sent to.',
    fix: 'Use an interactive flow, or sign in with a member account of the tenant.',
    who: 'developer',
    topics: ['user', 'publicClient'],
  },
  {
    code: '1002016',
    title: 'TLS 1.2 required',
    meaning: 'The client connected with an old TLS version; the sign-in service accepts TLS 1.2 or later only.',
    fix: 'Update the runtime or HTTP client to use TLS 1.2+.',
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '1002012',
    title: 'Invalid scope for client credentials',
    meaning:
      'An app-only (client credentials) request must ask for {resource}/.default; individual scopes are for delegated flows.',
    fix: 'Request {App ID URI}/.default and grant the app the application permissions (app roles) it needs.',
    who: 'developer',
    topics: ['scope'],
    more: scopes,
  },
  {
    code: '399284',
    title: 'Inbound token issuer not accepted',
    meaning:
      'A federated identity credential or external token was signed by an issuer that the app or tenant does not trust, or its issuer claim does not match.',
    fix: 'Check the federated credential\u2019s issuer, subject and audience against the external token exactly.',
    who: 'developer',
    topics: ['credential'],
  },
  {
    code: '70043',
    title: 'Refresh token expired by policy',
    meaning: 'The refresh token is too old for the sign-in frequency a Conditional Access policy requires.',
    fix: 'Sign in interactively again.',
    who: 'user',
    topics: ['policy', 'request'],
  },
  {
    code: '700003',
    title: 'Device deleted or disabled',
    meaning: 'The device the token was tied to was removed or disabled in the directory.',
    fix: 'Re-register the device or sign in from another one.',
    who: 'user',
    topics: ['policy'],
  },
  {
    code: '700025',
    title: 'Public client sent a secret',
    meaning:
      'A public client (mobile, desktop or SPA platform) must not send client credentials, but this request included one.',
    fix: 'Remove the client_secret from the request, or register the redirect URI under Web if the app really is confidential.',
    who: 'developer',
    topics: ['credential', 'publicClient', 'redirect'],
  },
  {
    code: '7000112',
    title: 'Application disabled',
    meaning: 'The app (its service principal in the tenant) is disabled for sign-in.',
    fix: 'Enable the enterprise application ("Enabled for users to sign in") or ask the administrator why it was disabled.',
    who: 'admin',
    topics: ['app'],
  },
  {
    code: '50000',
    title: 'Sign-in service error',
    meaning: 'The sign-in service had an internal problem.',
    fix: 'Retry; if it persists, report it with the trace and correlation ids and the timestamp.',
    who: 'developer',
    topics: ['request'],
  },
];

const byCode: ReadonlyMap<string, CodeInfo> = new Map(table.map((c) => [c.code, c]));

/** Every known code, in the table's order. */
export function knownCodes(): readonly CodeInfo[] {
  return table;
}

export interface CodeExplanation {
  readonly code: string;
  readonly known: boolean;
  readonly title: string;
  readonly meaning: string;
  readonly fix: string;
  readonly who?: CodeInfo['who'];
  readonly topics: readonly CodeTopic[];
  /** The error code reference, the code's lookup page, and a topic page when there is one. */
  readonly links: readonly string[];
}

/** The explanation of a code (digits, with or without the AADSTS prefix); unknown codes say so. */
export function explainCode(raw: string): CodeExplanation {
  const code = raw.replace(/^AADSTS/i, '');
  const info = byCode.get(code);
  if (!info) {
    return {
      code,
      known: false,
      title: `AADSTS${code} is not in this extension's table`,
      meaning: 'This code is not one of those explained offline here.',
      fix: 'Open the lookup page below for Microsoft\u2019s current description and fix; the trace and correlation ids help an administrator find the request in the sign-in logs.',
      topics: [],
      links: [lookupUrl(code), errorCodesDocs],
    };
  }
  return {
    code,
    known: true,
    title: info.title,
    meaning: info.meaning,
    fix: info.fix,
    who: info.who,
    topics: info.topics,
    links: [errorCodesDocs, lookupUrl(code), ...(info.more ? [info.more] : [])],
  };
}
