/**
 * The v2 admin consent URL of an app: `{authority}/{tenant}/v2/adminconsent?client_id=…&scope=…`
 * (plus `redirect_uri`, `state`). An administrator who opens it consents for their whole tenant
 * to the permissions the scope names (`{resource}/.default`: those listed in the registration).
 */
import type * as l10n from '@vscode/l10n';
import { getCloud } from '../entra/clouds';
import { isGuid, MICROSOFT_GRAPH_APP_ID } from '../entra/ids';
import { english, type Localizer } from '../text/localizer';
import { withoutTrailingSlashes } from '../text/trailing';

export interface AdminConsentInput {
  /** Sign-in authority host of the cloud, e.g. `https://login.microsoftonline.com` (no tenant). */
  readonly authorityHost: string;
  /** Tenant id or domain, or `organizations` (any work or school tenant's administrator). */
  readonly tenant: string;
  readonly clientId: string;
  /** Space-separated scopes; at least one, e.g. `https://graph.microsoft.com/.default`. */
  readonly scope: string;
  /** Must be registered for the app; where the administrator lands afterwards. */
  readonly redirectUri?: string;
  readonly state?: string;
}

/** Builds the URL; throws with what to change (in the caller's language) when an input is not usable. */
export function adminConsentUrl(input: AdminConsentInput, l10n: Localizer<l10n.L10nReplacement> = english): string {
  let host: URL;
  try {
    host = new URL(input.authorityHost);
  } catch {
    throw new Error(
      l10n.t(
        'The authority host "{0}" is not a URL; give one like https://login.microsoftonline.com.',
        input.authorityHost,
      ),
    );
  }
  if (host.protocol !== 'https:')
    throw new Error(l10n.t('The authority host "{0}" must use https.', input.authorityHost));
  if (!isGuid(input.clientId.trim()))
    throw new Error(
      l10n.t(
        'The client id "{0}" is not a GUID; copy the Application (client) ID of the registration.',
        input.clientId,
      ),
    );
  const tenant = input.tenant.trim();
  if (!tenant || /[/?#\s]/.test(tenant))
    throw new Error(l10n.t('The tenant "{0}" is not a tenant id, domain or "organizations".', input.tenant));
  if (tenant.toLowerCase() === 'common' || tenant.toLowerCase() === 'consumers')
    throw new Error(
      l10n.t(
        'Admin consent needs a work or school tenant: use the tenant id, its domain or "organizations", not "{0}".',
        tenant,
      ),
    );
  const scope = input.scope.trim().split(/\s+/).filter(Boolean).join(' ');
  if (!scope)
    throw new Error(
      l10n.t(
        'The v2 admin consent endpoint needs at least one scope, for example https://graph.microsoft.com/.default.',
      ),
    );
  const base = `${host.origin}${withoutTrailingSlashes(host.pathname)}`;
  const query = new URLSearchParams({ client_id: input.clientId.trim().toLowerCase(), scope });
  if (input.redirectUri) query.set('redirect_uri', input.redirectUri);
  if (input.state) query.set('state', input.state);
  return `${base}/${encodeURIComponent(tenant)}/v2/adminconsent?${query.toString().replace(/\+/g, '%20')}`;
}

/** Which tenant segment to use: the home tenant for single-tenant apps, `organizations` for multi-tenant ones. */
export function adminConsentTenant(signInAudience: string | undefined, homeTenantId: string): string {
  return signInAudience === 'AzureADMultipleOrgs' || signInAudience === 'AzureADandPersonalMicrosoftAccount'
    ? 'organizations'
    : homeTenantId;
}

/**
 * The scope for an app's admin consent: `{resource}/.default` of each resource it lists in
 * requiredResourceAccess (Microsoft Graph as `{graph base}/.default`), else Microsoft Graph's.
 */
export function adminConsentScope(
  application: Readonly<Record<string, unknown>>,
  graphBaseUrl = getCloud('AzureCloud').graphBaseUrl,
): string {
  const graph = MICROSOFT_GRAPH_APP_ID;
  const list = Array.isArray(application.requiredResourceAccess) ? application.requiredResourceAccess : [];
  const ids = list
    .map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>).resourceAppId : undefined))
    .filter((x): x is string => typeof x === 'string' && isGuid(x));
  const scopes = [
    ...new Set(
      ids.map((id) => (id.toLowerCase() === graph ? `${graphBaseUrl}/.default` : `${id.toLowerCase()}/.default`)),
    ),
  ];
  return scopes.length ? scopes.join(' ') : `${graphBaseUrl}/.default`;
}
