// Codes about client credentials, public client flows and malformed requests.
import { credentials, publicClient, type CodeInfo } from './types';

export const credentialsCodes: readonly CodeInfo[] = [
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
    code: '90014',
    title: 'Required field missing',
    meaning:
      'A field expected in the request or credential is missing (for example the client_assertion_type or a claim of the assertion).',
    fix: 'Compare the request with the protocol documentation and add the missing field.',
    who: 'developer',
    topics: ['request'],
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
    code: '9002313',
    title: 'Malformed request',
    meaning:
      'The request is not a valid OAuth 2.0 or OpenID Connect request: a parameter is duplicated, badly encoded or not allowed.',
    fix: 'Compare the request with the protocol documentation and let a library (MSAL) build it.',
    who: 'developer',
    topics: ['request'],
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
    code: '50058',
    title: 'No signed-in session',
    meaning:
      'A silent request (prompt=none or an SSO attempt) found no session to use, or the session cookie was not available to the page.',
    fix: 'Fall back to an interactive sign-in when silent requests fail with this code; check that third-party cookies are not blocked for iframes.',
    who: 'developer',
    topics: ['request', 'user'],
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
    code: '1002016',
    title: 'TLS 1.2 required',
    meaning: 'The client connected with an old TLS version; the sign-in service accepts TLS 1.2 or later only.',
    fix: 'Update the runtime or HTTP client to use TLS 1.2+.',
    who: 'developer',
    topics: ['request'],
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
    code: '700025',
    title: 'Public client sent a secret',
    meaning:
      'A public client (mobile, desktop or SPA platform) must not send client credentials, but this request included one.',
    fix: 'Remove the client_secret from the request, or register the redirect URI under Web if the app really is confidential.',
    who: 'developer',
    topics: ['credential', 'publicClient', 'redirect'],
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
