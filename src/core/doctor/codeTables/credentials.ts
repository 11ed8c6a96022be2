// Codes about client credentials, public client flows and malformed requests.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { credentials, publicClient, type CodeInfo } from './types';
import type { Localizer } from '../../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

export const credentialsCodes: readonly CodeInfo[] = [
  {
    code: '70000',
    text: (l10n: L10n) => ({
      title: l10n.t('Invalid grant'),
      meaning: l10n.t(
        'The authorization code, refresh token or assertion could not be used: expired, already redeemed, issued to another client, or requested for scopes that are not allowed.',
      ),
      fix: l10n.t(
        'Start a fresh sign-in for a new code, redeem each code once and from the same client and redirect_uri, and check the scopes of the grant.',
      ),
    }),
    who: 'developer',
    topics: ['request', 'scope'],
  },
  {
    code: '7000215',
    text: (l10n: L10n) => ({
      title: l10n.t('Invalid client secret'),
      meaning: l10n.t(
        'The client_secret sent does not match any secret of the app: the secret id was sent instead of its value, the value was cut or escaped, or it belongs to another app.',
      ),
      fix: l10n.t(
        'Create a new client secret, copy its Value (not the Secret ID) when shown, and store it for this client_id.',
      ),
    }),
    who: 'developer',
    topics: ['credential'],
    more: credentials,
  },
  {
    code: '7000222',
    text: (l10n: L10n) => ({
      title: l10n.t('Client secret expired'),
      meaning: l10n.t('The secret was valid once, but its end date has passed.'),
      fix: l10n.t(
        'Create a new client secret (Certificates & secrets), deploy it, then remove the expired one; consider a certificate or a managed identity instead.',
      ),
    }),
    who: 'developer',
    topics: ['credential'],
    more: credentials,
  },
  {
    code: '7000218',
    text: (l10n: L10n) => ({
      title: l10n.t('Client authentication missing'),
      meaning: l10n.t(
        'The token request has no client_secret or client_assertion, which is only allowed for public clients, and the app is not one.',
      ),
      fix: l10n.t(
        'Send the app’s credential, or, for device code and username/password flows, set "Allow public client flows" (isFallbackPublicClient) to Yes.',
      ),
    }),
    who: 'developer',
    topics: ['credential', 'publicClient'],
    more: publicClient,
  },
  {
    code: '700027',
    text: (l10n: L10n) => ({
      title: l10n.t('Client assertion signature invalid'),
      meaning: l10n.t(
        'The signed client assertion (certificate credential) could not be verified: the certificate is not registered on the app, expired, or the x5t/kid header does not match it.',
      ),
      fix: l10n.t(
        'Upload the certificate’s public key to the app (Certificates & secrets) and sign the assertion with the matching private key and thumbprint.',
      ),
    }),
    who: 'developer',
    topics: ['credential'],
    more: credentials,
  },
  {
    code: '700024',
    text: (l10n: L10n) => ({
      title: l10n.t('Client assertion outside its time range'),
      meaning: l10n.t(
        'The client assertion is expired or not yet valid (nbf/exp), often because of clock skew on the machine that signed it.',
      ),
      fix: l10n.t(
        'Sync the clock of the signing machine and issue assertions with a short lifetime just before the request.',
      ),
    }),
    who: 'developer',
    topics: ['credential'],
  },
  {
    code: '700054',
    text: (l10n: L10n) => ({
      title: l10n.t('Response type not enabled for the app'),
      meaning: l10n.t(
        'The request asks for response_type id_token or token (implicit grant), but the app registration does not allow that token to be issued from the authorize endpoint.',
      ),
      fix: l10n.t(
        'Prefer the authorization code flow; if the implicit flow is really needed, enable ID tokens or access tokens under Authentication (web.implicitGrantSettings).',
      ),
    }),
    who: 'developer',
    topics: ['request', 'redirect'],
  },
  {
    code: '900144',
    text: (l10n: L10n) => ({
      title: l10n.t('Required parameter missing'),
      meaning: l10n.t(
        'The request body or query lacks a parameter the endpoint requires (for example grant_type, client_id, scope or code).',
      ),
      fix: l10n.t(
        'Add the named parameter; for POST requests send it form-encoded in the body (application/x-www-form-urlencoded), not as JSON.',
      ),
    }),
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '90014',
    text: (l10n: L10n) => ({
      title: l10n.t('Required field missing'),
      meaning: l10n.t(
        'A field expected in the request or credential is missing (for example the client_assertion_type or a claim of the assertion).',
      ),
      fix: l10n.t('Compare the request with the protocol documentation and add the missing field.'),
    }),
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '90023',
    text: (l10n: L10n) => ({
      title: l10n.t('Invalid request (unsupported here)'),
      meaning: l10n.t(
        'The request is not valid for this endpoint or app type, for example a parameter that this flow does not accept.',
      ),
      fix: l10n.t('Read the message for the parameter it names and follow the flow’s protocol documentation.'),
    }),
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '9002313',
    text: (l10n: L10n) => ({
      title: l10n.t('Malformed request'),
      meaning: l10n.t(
        'The request is not a valid OAuth 2.0 or OpenID Connect request: a parameter is duplicated, badly encoded or not allowed.',
      ),
      fix: l10n.t('Compare the request with the protocol documentation and let a library (MSAL) build it.'),
    }),
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '54005',
    text: (l10n: L10n) => ({
      title: l10n.t('Authorization code already redeemed'),
      meaning: l10n.t('The same authorization code was sent to the token endpoint twice; a code can be used once.'),
      fix: l10n.t(
        'Redeem each code once (watch for double submits or retries) and use the refresh token for later tokens.',
      ),
    }),
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '50058',
    text: (l10n: L10n) => ({
      title: l10n.t('No signed-in session'),
      meaning: l10n.t(
        'A silent request (prompt=none or an SSO attempt) found no session to use, or the session cookie was not available to the page.',
      ),
      fix: l10n.t(
        'Fall back to an interactive sign-in when silent requests fail with this code; check that third-party cookies are not blocked for iframes.',
      ),
    }),
    who: 'developer',
    topics: ['request', 'user'],
  },
  {
    code: '50173',
    text: (l10n: L10n) => ({
      title: l10n.t('Grant expired after a credential change'),
      meaning: l10n.t(
        'The refresh token was revoked because the user changed their password or an admin revoked sessions.',
      ),
      fix: l10n.t('Sign in interactively again to get a new refresh token.'),
    }),
    who: 'user',
    topics: ['request', 'user'],
  },
  {
    code: '700082',
    text: (l10n: L10n) => ({
      title: l10n.t('Refresh token expired'),
      meaning: l10n.t('The refresh token was not used for too long and expired.'),
      fix: l10n.t('Sign in interactively again.'),
    }),
    who: 'user',
    topics: ['request'],
  },
  {
    code: '1002016',
    text: (l10n: L10n) => ({
      title: l10n.t('TLS 1.2 required'),
      meaning: l10n.t(
        'The client connected with an old TLS version; the sign-in service accepts TLS 1.2 or later only.',
      ),
      fix: l10n.t('Update the runtime or HTTP client to use TLS 1.2+.'),
    }),
    who: 'developer',
    topics: ['request'],
  },
  {
    code: '399284',
    text: (l10n: L10n) => ({
      title: l10n.t('Inbound token issuer not accepted'),
      meaning: l10n.t(
        'A federated identity credential or external token was signed by an issuer that the app or tenant does not trust, or its issuer claim does not match.',
      ),
      fix: l10n.t('Check the federated credential’s issuer, subject and audience against the external token exactly.'),
    }),
    who: 'developer',
    topics: ['credential'],
  },
  {
    code: '700025',
    text: (l10n: L10n) => ({
      title: l10n.t('Public client sent a secret'),
      meaning: l10n.t(
        'A public client (mobile, desktop or SPA platform) must not send client credentials, but this request included one.',
      ),
      fix: l10n.t(
        'Remove the client_secret from the request, or register the redirect URI under Web if the app really is confidential.',
      ),
    }),
    who: 'developer',
    topics: ['credential', 'publicClient', 'redirect'],
  },
  {
    code: '50000',
    text: (l10n: L10n) => ({
      title: l10n.t('Sign-in service error'),
      meaning: l10n.t('The sign-in service had an internal problem.'),
      fix: l10n.t('Retry; if it persists, report it with the trace and correlation ids and the timestamp.'),
    }),
    who: 'developer',
    topics: ['request'],
  },
];
