// Explains a token by the app registrations it is linked to: why `scp` or `roles` is missing or
// differs from what the registrations say (client credentials flow, role not requested or not
// consented, scope not exposed or not consented, a Microsoft Graph token where the client also
// calls its own API, v1 tokens because the API asks for them). Pure: the links carry what the
// tenant knows (see linker.ts), nothing is requested here. Titles and details are in the language
// of the Localizer the caller passes (English by default); codes and values are not translated.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import type { TokenAnalysis } from './analyze';
import { english, type Localizer } from '../text/localizer';
import { isGraphAudience } from './catalog';
import type { LinkedApp, LinkedPermission, RequestedConsent, TokenLinks } from './linker';

export type RegistrationNoteCode =
  | 'client-credentials-no-scp'
  | 'no-application-roles'
  | 'role-not-requested'
  | 'role-not-consented'
  | 'role-consent-unknown'
  | 'role-granted-not-in-token'
  | 'no-scopes-exposed'
  | 'scope-not-exposed'
  | 'scope-not-consented'
  | 'scope-not-asked'
  | 'graph-audience'
  | 'v1-issuer';

export interface RegistrationNote {
  readonly code: RegistrationNoteCode;
  readonly severity: 'error' | 'warning' | 'info';
  /** One sentence: what the registration says. */
  readonly title: string;
  /** What it means for the token and what to change. */
  readonly detail: string;
  /** Scope or role values the note is about. */
  readonly values?: readonly string[];
}

type L10n = Localizer<l10n.L10nReplacement>;

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function quoteList(values: readonly string[]): string {
  return values.join(', ');
}

function forApplications(roles: readonly LinkedPermission[]): LinkedPermission[] {
  // Service principals read before allowedMemberTypes was known: take every role.
  return roles.filter((r) => r.allowedMemberTypes === undefined || r.allowedMemberTypes.includes('Application'));
}

function consentOf(client: LinkedApp, resourceAppId: string, permissionId: string): RequestedConsent | undefined {
  return client.consent?.find((c) => same(c.resourceAppId, resourceAppId) && same(c.permissionId, permissionId));
}

/** Names the permission a requiredResourceAccess id stands for, from the API's definitions. */
function valueOf(api: LinkedApp, kind: 'Scope' | 'Role', id: string): string {
  const list = kind === 'Scope' ? api.scopes : api.roles;
  return list.find((p) => p.id !== undefined && same(p.id, id))?.value ?? id;
}

function explainAppOnly(
  analysis: TokenAnalysis,
  api: LinkedApp | undefined,
  client: LinkedApp | undefined,
  out: RegistrationNote[],
  l10n: L10n,
): void {
  const s = analysis.summary;
  const clientName = client?.displayName ?? s.client.appId ?? l10n.t('the client');
  if (s.scopes.length === 0) {
    out.push({
      code: 'client-credentials-no-scp',
      severity: 'info',
      title: l10n.t('No scp: this is an app-only token (client credentials flow).'),
      detail: l10n.t(
        'No user signed in, so nothing is delegated and the token has no scp by design. What {0} may do arrives in roles: the application permissions an administrator granted it on the API. An API that requires scp rejects app-only tokens; one that accepts them checks roles instead.',
        clientName,
      ),
    });
  }
  if (s.roles.length > 0 || api === undefined) return;
  const apiName = api.displayName;
  const appRoles = forApplications(api.roles);
  if (appRoles.length === 0) {
    out.push({
      code: 'no-application-roles',
      severity: 'error',
      title: l10n.t('{0} defines no app role that applications can hold.', apiName),
      detail: l10n.t(
        'App-only tokens for {0} can never carry roles. Add an app role whose allowed member types include Applications (App roles in its registration), then request it as an application permission in {1} and grant admin consent.',
        apiName,
        clientName,
      ),
    });
    return;
  }
  const available = appRoles.map((r) => r.value);
  if (client?.requested === undefined) {
    out.push({
      code: 'role-consent-unknown',
      severity: 'warning',
      title: l10n.t('No role of {0} is assigned to {1}.', apiName, clientName),
      detail: l10n.t(
        "Roles appear in app-only tokens once the client's service principal holds an app role of the API (admin consent for an application permission). Roles applications can hold: {0}.",
        quoteList(available),
      ),
      values: available,
    });
    return;
  }
  const requested = client.requested.filter((r) => same(r.resourceAppId, api.appId) && r.type === 'Role');
  if (requested.length === 0) {
    out.push({
      code: 'role-not-requested',
      severity: 'error',
      title: l10n.t('{0} requests no application permission of {1}.', clientName, apiName),
      detail: l10n.t(
        "Its API permissions list none of {0}'s app roles, so none is assigned and the token has no roles. Add one of {1} under API permissions → Application permissions, then grant admin consent.",
        apiName,
        quoteList(available),
      ),
      values: available,
    });
    return;
  }
  const states = requested.map((r) => ({
    value: valueOf(api, 'Role', r.id),
    consent: consentOf(client, r.resourceAppId, r.id),
  }));
  const notGranted = states.filter((x) => x.consent?.granted === false).map((x) => x.value);
  const unknown = states.filter((x) => x.consent === undefined || x.consent.granted === undefined).map((x) => x.value);
  if (notGranted.length > 0) {
    out.push({
      code: 'role-not-consented',
      severity: 'error',
      title: l10n.t(
        '{0} requests {1} of {2}, but admin consent was not granted.',
        clientName,
        quoteList(notGranted),
        apiName,
      ),
      detail: l10n.t(
        "Requesting an application permission does not assign it: an administrator grants admin consent, which assigns the app role to the client's service principal. Only then do new tokens carry the role.",
      ),
      values: notGranted,
    });
  } else if (unknown.length > 0) {
    out.push({
      code: 'role-consent-unknown',
      severity: 'warning',
      title: l10n.t(
        '{0} requests {1} of {2}; whether admin consent was granted is not known here.',
        clientName,
        quoteList(unknown),
        apiName,
      ),
      detail: l10n.t(
        'Without admin consent the role is not assigned and tokens have no roles. Expand the client in the Tenants view to see the consent status of its API permissions.',
      ),
      values: unknown,
    });
  } else {
    const granted = states.map((x) => x.value);
    out.push({
      code: 'role-granted-not-in-token',
      severity: 'warning',
      title: l10n.t(
        '{0} of {1} is granted to {2}, yet the token has no roles.',
        quoteList(granted),
        apiName,
        clientName,
      ),
      detail: l10n.t(
        'The token was probably issued before the consent (tokens are cached until they expire): get a new token. A disabled app role is not issued either.',
      ),
      values: granted,
    });
  }
}

function explainDelegated(
  analysis: TokenAnalysis,
  links: TokenLinks,
  api: LinkedApp | undefined,
  client: LinkedApp | undefined,
  out: RegistrationNote[],
  l10n: L10n,
): void {
  const s = analysis.summary;
  if (api === undefined) return;
  const apiName = api.displayName;
  const clientName = client?.displayName ?? s.client.appId ?? l10n.t('the client');
  if (api.scopes.length === 0 && !isGraphAudience(s.audience)) {
    out.push({
      code: 'no-scopes-exposed',
      severity: s.scopes.length === 0 ? 'error' : 'warning',
      title: l10n.t('{0} exposes no scopes.', apiName),
      detail: l10n.t(
        'A client acting for a user asks for scopes of the API (Expose an API); with none defined, delegated tokens for {0} carry no permission the API defines. Add a scope such as access_as_user, then request it in {1}.',
        apiName,
        clientName,
      ),
    });
  }
  const undefinedScopes = links.scopes.filter((p) => !p.defined).map((p) => p.value);
  if (undefinedScopes.length > 0 && api.scopes.length > 0) {
    out.push({
      code: 'scope-not-exposed',
      severity: 'warning',
      title: l10n.t('{0} does not expose {1}.', apiName, quoteList(undefinedScopes)),
      detail: l10n.t(
        'The scope was renamed or removed since the token was issued, or it belongs to another API. The API should not accept it; request a scope it exposes.',
      ),
      values: undefinedScopes,
    });
  }
  if (client?.requested === undefined) return;
  const requested = client.requested.filter((r) => same(r.resourceAppId, api.appId) && r.type === 'Scope');
  const inToken = new Set(s.scopes);
  const missing = requested
    .map((r) => ({ value: valueOf(api, 'Scope', r.id), consent: consentOf(client, r.resourceAppId, r.id) }))
    .filter((x) => !inToken.has(x.value));
  const notConsented = missing.filter((x) => x.consent?.granted === false).map((x) => x.value);
  const notAsked = missing.filter((x) => x.consent?.granted !== false).map((x) => x.value);
  if (notConsented.length > 0) {
    out.push({
      code: 'scope-not-consented',
      severity: 'warning',
      title: l10n.t(
        '{0} requests {1} of {2}, but nobody consented to it.',
        clientName,
        quoteList(notConsented),
        apiName,
      ),
      detail: l10n.t(
        'A permission listed under API permissions is only a request. Until a user consents (or an administrator grants consent for the tenant), a sign-in that asks for it shows a consent prompt or fails (AADSTS65001), and tokens do not carry it.',
      ),
      values: notConsented,
    });
  }
  if (notAsked.length > 0) {
    out.push({
      code: 'scope-not-asked',
      severity: 'info',
      title: l10n.t(
        '{0} is registered for {1} of {2}, but this token does not carry it.',
        clientName,
        quoteList(notAsked),
        apiName,
      ),
      detail: l10n.t(
        'The sign-in asked for other scopes: scp holds what the scope parameter asked for and consent allows. Ask for the scope by name, or for {0}/.default to get every consented one.',
        api.identifierUris?.[0] ?? api.appId,
      ),
      values: notAsked,
    });
  }
}

/**
 * What the linked registrations say about the token's scp and roles. Empty when the token is not
 * linked to the tenant or nothing needs explaining.
 */
export function explainByRegistration(
  analysis: TokenAnalysis,
  links: TokenLinks | undefined,
  l10n: L10n = english,
): RegistrationNote[] {
  if (!links || (!links.audienceApp && !links.clientApp)) return [];
  const s = analysis.summary;
  if (s.kind === 'id') return [];
  const api = links.audienceApp;
  const client = links.clientApp;
  const out: RegistrationNote[] = [];

  if (isGraphAudience(s.audience) && client?.requested) {
    const others = [
      ...new Set(client.requested.filter((r) => !isGraphAudience(r.resourceAppId)).map((r) => r.resourceAppId)),
    ];
    if (others.length > 0) {
      out.push({
        code: 'graph-audience',
        severity: 'warning',
        title:
          others.length === 1
            ? l10n.t(
                'This token is for Microsoft Graph, while {0} also calls another API ({1}).',
                client.displayName,
                quoteList(others),
              )
            : l10n.t(
                'This token is for Microsoft Graph, while {0} also calls {1} other APIs ({2}).',
                client.displayName,
                others.length,
                quoteList(others),
              ),
        detail: l10n.t(
          'A token is issued for one API, named by aud. Scopes like User.Read or openid profile give a Graph token, which your API must reject (it cannot even verify its signature). Ask for a scope of your API, such as api://…/access_as_user or api://…/.default, in a separate token request.',
        ),
        values: others,
      });
    }
  }

  if (s.flow === 'app-only') explainAppOnly(analysis, api, client, out, l10n);
  else if (s.flow === 'delegated') explainDelegated(analysis, links, api, client, out, l10n);

  if (
    api &&
    (s.issuerForm === 'v1' || s.version === '1.0') &&
    api.accessTokenVersion !== undefined &&
    (api.accessTokenVersion === null || api.accessTokenVersion === 1) &&
    !isGraphAudience(s.audience)
  ) {
    out.push({
      code: 'v1-issuer',
      severity: 'warning',
      title: l10n.t(
        'v1 token: {0} asks for v1 access tokens (requestedAccessTokenVersion is {1}).',
        api.displayName,
        api.accessTokenVersion === null ? 'null' : '1',
      ),
      detail: l10n.t(
        "The API's registration, not the endpoint the client used, decides the token version: with null or 1, Entra issues v1 tokens (issuer https://sts.windows.net/{tenant}/, aud often the App ID URI) even through the v2.0 endpoint. An API that validates the v2 issuer rejects them: set api.requestedAccessTokenVersion to 2 in its manifest, or accept both issuers.",
      ),
    });
  }
  return out;
}
