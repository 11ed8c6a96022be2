// Codes about the app registration: redirect URIs, supported accounts, consent and scopes, the app itself.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { reply, consent, adminConsent, scopes, audience, type CodeInfo } from './types';
import type { Localizer } from '../../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

export const registrationCodes: readonly CodeInfo[] = [
  {
    code: '50011',
    text: (l10n: L10n) => ({
      title: l10n.t('Redirect URI mismatch'),
      meaning: l10n.t(
        'The redirect_uri sent with the request is not one of the redirect URIs registered for the application, compared character by character (scheme, host, port, path, trailing slash).',
      ),
      fix: l10n.t(
        'Register the exact redirect_uri under the platform the app uses (Web, Single-page application or Mobile and desktop), or change the app so it sends a URI that is already registered.',
      ),
    }),
    who: 'developer',
    topics: ['redirect'],
    more: reply,
  },
  {
    code: '50194',
    text: (l10n: L10n) => ({
      title: l10n.t('Single-tenant app used with a multi-tenant endpoint'),
      meaning: l10n.t(
        'The app only accepts accounts of its own tenant, but the request went to /common or /organizations, which do not know which tenant to use.',
      ),
      fix: l10n.t(
        'Send the request to the tenant-specific authority (https://login.microsoftonline.com/{tenant id or domain}), or change the supported account types (signInAudience) if other tenants should sign in.',
      ),
    }),
    who: 'developer',
    topics: ['audience'],
    more: audience,
  },
  {
    code: '65001',
    text: (l10n: L10n) => ({
      title: l10n.t('Consent missing'),
      meaning: l10n.t(
        'Neither the user nor an administrator has consented to the permissions the app asks for, and the flow (for example on-behalf-of, client credentials or a silent request) cannot ask for consent now.',
      ),
      fix: l10n.t(
        'List the permissions in the app registration (API permissions / requiredResourceAccess) and grant admin consent, or run an interactive sign-in once so the user can consent.',
      ),
    }),
    who: 'admin',
    topics: ['consent', 'scope'],
    more: consent,
  },
  {
    code: '65004',
    text: (l10n: L10n) => ({
      title: l10n.t('User declined consent'),
      meaning: l10n.t('The consent prompt was shown and the user chose not to accept it.'),
      fix: l10n.t(
        'Ask the user to sign in again and accept, or have an administrator grant consent for the tenant so users are not asked.',
      ),
    }),
    who: 'user',
    topics: ['consent'],
    more: consent,
  },
  {
    code: '65005',
    text: (l10n: L10n) => ({
      title: l10n.t('Permission not available on the resource'),
      meaning: l10n.t(
        'The app requests a permission the resource does not expose, asks for an application-only permission as delegated (or the reverse), or the resource is not present in the tenant.',
      ),
      fix: l10n.t(
        'Check the requested permissions against what the API exposes, remove unknown ones, and make sure the resource API has a service principal in the tenant.',
      ),
    }),
    who: 'developer',
    topics: ['scope', 'consent'],
    more: scopes,
  },
  {
    code: '650052',
    text: (l10n: L10n) => ({
      title: l10n.t('Resource API not available in the tenant'),
      meaning: l10n.t(
        'The app needs an API (its service principal) that is not present, not enabled, or not subscribed in the user’s tenant, so nothing can be consented to or called.',
      ),
      fix: l10n.t(
        'Have an administrator of that tenant add the resource API (consent to it, or create its service principal), or remove the permission from the app if it is not needed.',
      ),
    }),
    who: 'admin',
    topics: ['consent', 'tenant'],
    more: consent,
  },
  {
    code: '650056',
    text: (l10n: L10n) => ({
      title: l10n.t('App misconfigured: no permissions or consent'),
      meaning: l10n.t(
        'The client app has not listed the permissions for the resource it requests, or an administrator has not consented to them.',
      ),
      fix: l10n.t('Add the permissions under API permissions (requiredResourceAccess) and grant admin consent.'),
    }),
    who: 'admin',
    topics: ['consent', 'scope'],
    more: consent,
  },
  {
    code: '90094',
    text: (l10n: L10n) => ({
      title: l10n.t('Administrator consent required'),
      meaning: l10n.t(
        'The app asks for permissions that only an administrator may grant (or user consent is turned off in the tenant).',
      ),
      fix: l10n.t(
        'Have an administrator grant consent (for example with the admin consent URL), or request fewer, user-consentable permissions.',
      ),
    }),
    who: 'admin',
    topics: ['consent'],
    more: adminConsent,
  },
  {
    code: '90008',
    text: (l10n: L10n) => ({
      title: l10n.t('Required permission not requested'),
      meaning: l10n.t(
        'The app must request a permission to sign users in (typically Microsoft Graph User.Read) but does not, so it cannot be authorized.',
      ),
      fix: l10n.t('Add Microsoft Graph User.Read (delegated) to the app’s API permissions and grant consent.'),
    }),
    who: 'developer',
    topics: ['consent', 'scope'],
    more: consent,
  },
  {
    code: '700016',
    text: (l10n: L10n) => ({
      title: l10n.t('Application not found in the directory'),
      meaning: l10n.t(
        'No app with this client_id exists in the tenant the request was sent to: a wrong client id, the wrong tenant, a deleted app, or a single-tenant app used from another tenant.',
      ),
      fix: l10n.t(
        'Compare the client_id with the Application (client) ID of the registration and send the request to the tenant where it is registered; for other tenants make the app multi-tenant and have them consent.',
      ),
    }),
    who: 'developer',
    topics: ['app', 'audience', 'tenant'],
  },
  {
    code: '500011',
    text: (l10n: L10n) => ({
      title: l10n.t('Resource principal not found'),
      meaning: l10n.t(
        'The resource in the scope (an App ID URI or app id) has no service principal in the tenant: a typo in the App ID URI, or the API was never provisioned or consented in this tenant.',
      ),
      fix: l10n.t(
        'Check the App ID URI in the scope against the API’s registration (identifierUris), and have the tenant consent to the API so its service principal exists.',
      ),
    }),
    who: 'developer',
    topics: ['scope', 'tenant'],
    more: scopes,
  },
  {
    code: '70011',
    text: (l10n: L10n) => ({
      title: l10n.t('Invalid scope'),
      meaning: l10n.t(
        'The scope parameter is malformed or names something the resource does not have, or mixes a .default scope with individual scopes of the same resource, or mixes resources in one request.',
      ),
      fix: l10n.t(
        'Request scopes of one resource per token, as {App ID URI}/{scope} or {App ID URI}/.default, and only scopes the API exposes.',
      ),
    }),
    who: 'developer',
    topics: ['scope'],
    more: scopes,
  },
  {
    code: '70001',
    text: (l10n: L10n) => ({
      title: l10n.t('Application disabled or not found in tenant'),
      meaning: l10n.t('The app is disabled or does not exist in this tenant.'),
      fix: l10n.t('Check the client_id and tenant, and whether the enterprise application is enabled for sign-in.'),
    }),
    who: 'admin',
    topics: ['app'],
  },
  {
    code: '900971',
    text: (l10n: L10n) => ({
      title: l10n.t('No reply address registered'),
      meaning: l10n.t('The app has no redirect URI at all, so the sign-in service has nowhere to send the response.'),
      fix: l10n.t('Add a redirect URI under Authentication for the platform the app uses.'),
    }),
    who: 'developer',
    topics: ['redirect'],
    more: reply,
  },
  {
    code: '9002326',
    text: (l10n: L10n) => ({
      title: l10n.t('Cross-origin redemption needs the SPA platform'),
      meaning: l10n.t(
        'A browser script redeemed an authorization code for a redirect URI registered as Web, but cross-origin token requests are allowed only for Single-page application redirect URIs.',
      ),
      fix: l10n.t(
        'Move the redirect URI from the Web platform to the Single-page application platform (spa.redirectUris).',
      ),
    }),
    who: 'developer',
    topics: ['redirect'],
    more: reply,
  },
  {
    code: '1002012',
    text: (l10n: L10n) => ({
      title: l10n.t('Invalid scope for client credentials'),
      meaning: l10n.t(
        'An app-only (client credentials) request must ask for {resource}/.default; individual scopes are for delegated flows.',
      ),
      fix: l10n.t('Request {App ID URI}/.default and grant the app the application permissions (app roles) it needs.'),
    }),
    who: 'developer',
    topics: ['scope'],
    more: scopes,
  },
  {
    code: '7000112',
    text: (l10n: L10n) => ({
      title: l10n.t('Application disabled'),
      meaning: l10n.t('The app (its service principal in the tenant) is disabled for sign-in.'),
      fix: l10n.t(
        'Enable the enterprise application ("Enabled for users to sign in") or ask the administrator why it was disabled.',
      ),
    }),
    who: 'admin',
    topics: ['app'],
  },
];
