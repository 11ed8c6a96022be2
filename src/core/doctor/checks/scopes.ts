// The scope check: requested scopes against what the resource exposes, what the app lists in
// requiredResourceAccess, and `.default` use.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { GRAPH_RESOURCE_URIS } from '../../entra/clouds';
import { MICROSOFT_GRAPH_APP_ID } from '../../entra/ids';
import type { SignInRequest } from '../extract';
import { arr, obj, str, strings, type CheckInput, type Json, type ManifestPath } from '../registrationTypes';
import { consentFinding, grantState } from './consent';
import { withoutTrailingSlashes } from '../../text/trailing';

export const graphAppId = MICROSOFT_GRAPH_APP_ID;
const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

export interface ParsedScope {
  readonly raw: string;
  /** Resource key: App ID URI or app id as written (no trailing slash), Microsoft Graph's app id for bare names. */
  readonly resource: string;
  readonly value: string;
  readonly oidc: boolean;
}

export function parseScope(raw: string): ParsedScope {
  if (oidcScopes.has(raw.toLowerCase())) return { raw, resource: '', value: raw, oidc: true };
  const slash = raw.lastIndexOf('/');
  if (slash <= 0) return { raw, resource: graphAppId, value: raw, oidc: false };
  let resource = withoutTrailingSlashes(raw.slice(0, slash));
  if (GRAPH_RESOURCE_URIS.includes(resource.toLowerCase())) resource = graphAppId;
  return { raw, resource, value: raw.slice(slash + 1), oidc: false };
}

/** Distinct resources the request's scopes name (to resolve before {@link checkRegistration}). */
export function scopeResources(req: SignInRequest): string[] {
  return [
    ...new Set(
      req.scopes
        .map(parseScope)
        .filter((s) => !s.oidc)
        .map((s) => s.resource),
    ),
  ];
}

function ownResource(app: Json, resource: string): boolean {
  const key = resource.toLowerCase();
  const appId = (str(app.appId) ?? '').toLowerCase();
  if (!appId) return false;
  if (key === appId || key === `api://${appId}`) return true;
  return strings(app.identifierUris).some((u) => withoutTrailingSlashes(u).toLowerCase() === key);
}

export function checkScopes({ req, app, ctx, findings, passed, l10n }: CheckInput<l10n.L10nReplacement>): void {
  const parsed = req.scopes.map(parseScope).filter((s) => !s.oidc);
  if (!parsed.length) return;
  const rra = arr(app.requiredResourceAccess).map(obj);
  const byResource = new Map<string, ParsedScope[]>();
  for (const s of parsed) byResource.set(s.resource, [...(byResource.get(s.resource) ?? []), s]);
  if (byResource.size > 1 && req.flow !== 'adminConsent') {
    findings.push({
      id: 'scopes-several-resources',
      severity: 'warning',
      message: l10n.t(
        'The scopes name {0} resources ({1}); a token is for one resource, so a request for several fails (or gets a token for the first one only).',
        byResource.size,
        [...byResource.keys()].join(', '),
      ),
      fix: l10n.t(
        'Request one resource’s scopes per token request; get tokens for other APIs later with the refresh token (consent can still be asked for all at once).',
      ),
      path: ['requiredResourceAccess'],
    });
  }
  for (const [resource, list] of byResource) {
    const hasDefault = list.some((s) => s.value === '.default');
    if (hasDefault && list.length > 1) {
      findings.push({
        id: 'scope-default-mixed',
        severity: 'error',
        message: l10n.t(
          '{0}/.default is requested together with individual scopes of the same resource ({1}).',
          resource,
          list
            .filter((s) => s.value !== '.default')
            .map((s) => s.value)
            .join(', '),
        ),
        fix: l10n.t(
          'Request either {resource}/.default alone (all permissions listed in the registration) or individual scopes, not both.',
        ),
        path: ['requiredResourceAccess'],
      });
    }
    if (req.flow === 'clientCredentials' && !hasDefault) {
      findings.push({
        id: 'scope-app-only-needs-default',
        severity: 'error',
        message: l10n.t(
          'An app-only (client credentials) request must ask for {0}/.default, not for individual scopes ({1}).',
          resource,
          list.map((s) => s.value).join(', '),
        ),
        fix: l10n.t('Request {0}/.default and grant the app the application permissions (roles) it needs.', resource),
        path: ['requiredResourceAccess'],
      });
    }
    if (ownResource(app, resource)) {
      const exposed = arr(obj(app.api).oauth2PermissionScopes).map(obj);
      for (const s of list.filter((x) => x.value !== '.default')) {
        const hit = exposed.find((e) => e.value === s.value);
        if (!hit) {
          findings.push({
            id: 'scope-not-exposed',
            severity: 'error',
            message: exposed.length
              ? l10n.t(
                  "This app's own API does not expose the scope {0} (it exposes {1}).",
                  s.value,
                  exposed
                    .map((e) => str(e.value))
                    .filter(Boolean)
                    .join(', '),
                )
              : l10n.t("This app's own API does not expose the scope {0} (it exposes no scopes).", s.value),
            fix: l10n.t(
              'Add {0} under Expose an API (api.oauth2PermissionScopes), or fix its spelling in the request.',
              s.value,
            ),
            path: ['api', 'oauth2PermissionScopes'],
          });
        } else if (hit.isEnabled === false) {
          findings.push({
            id: 'scope-disabled',
            severity: 'error',
            message: l10n.t('The scope {0} exists but is disabled.', s.value),
            fix: l10n.t('Enable it (isEnabled: true) or stop requesting it.'),
            path: ['api', 'oauth2PermissionScopes', exposed.indexOf(hit), 'isEnabled'],
          });
        } else passed.push(l10n.t("The app's own API exposes {0}.", s.value));
      }
      continue;
    }
    const resolved = ctx.resources?.get(resource);
    if (resolved === null) {
      findings.push({
        id: 'resource-not-found',
        severity: 'error',
        message: l10n.t('No app registration or service principal in the tenant has the identifier {0}.', resource),
        fix: l10n.t(
          'Check the App ID URI in the scope against the API’s identifierUris (spelling, trailing slash, scheme), and make sure the API is registered or consented in this tenant.',
        ),
        path: ['requiredResourceAccess'],
      });
      continue;
    }
    if (resolved === undefined) continue;
    const rraIndex = rra.findIndex((r) => str(r.resourceAppId)?.toLowerCase() === resolved.appId.toLowerCase());
    const requestedIds = new Set(
      rraIndex >= 0
        ? arr(rra[rraIndex]!.resourceAccess)
            .map(obj)
            .filter((a) => a.type === 'Scope')
            .map((a) => String(a.id).toLowerCase())
        : [],
    );
    if (hasDefault && rraIndex < 0) {
      findings.push({
        id: 'default-resource-not-listed',
        severity: 'error',
        message: l10n.t(
          '{0}/.default asks for the permissions the app lists for {1}, but requiredResourceAccess lists none for it.',
          resource,
          resolved.displayName,
        ),
        fix: l10n.t(
          'Add {0} ({1}) with the permissions the app needs to requiredResourceAccess (API permissions), then grant consent.',
          resolved.displayName,
          resolved.appId,
        ),
        path: ['requiredResourceAccess'],
      });
    }
    const consent = ctx.consent?.servicePrincipal === false ? undefined : ctx.consent;
    const resourcePath: ManifestPath = ['requiredResourceAccess', ...(rraIndex >= 0 ? [rraIndex] : [])];
    for (const s of list.filter((x) => x.value !== '.default')) {
      const scope = resolved.scopes.find((p) => p.value === s.value);
      if (!scope) {
        const role = resolved.roles.some((r) => r.value === s.value);
        findings.push({
          id: 'scope-not-exposed',
          severity: 'error',
          message: role
            ? l10n.t(
                '{0} is an application permission (app role) of {1}, not a delegated scope.',
                s.value,
                resolved.displayName,
              )
            : l10n.t('{0} does not expose a scope named {1}.', resolved.displayName, s.value),
          fix: role
            ? l10n.t(
                'Delegated requests cannot get app roles; request {0}/.default in a client credentials flow, or request one of its scopes.',
                resource,
              )
            : l10n.t(
                'Fix the scope name (exposed: {0}).',
                resolved.scopes
                  .slice(0, 12)
                  .map((p) => p.value)
                  .join(', ') || l10n.t('none'),
              ),
          path: resourcePath,
        });
        continue;
      }
      const granted = consent ? grantState(consent, resolved.appId, s.value) : undefined;
      if (scope.id && !requestedIds.has(scope.id.toLowerCase())) {
        const grantNote =
          granted === 'tenant'
            ? ` ${l10n.t('A grant for all users covers it already (consented dynamically).')}`
            : granted === 'someUsers'
              ? ` ${l10n.t('Some users have consented to it; nobody has for the whole tenant.')}`
              : granted === 'none'
                ? ` ${l10n.t('No grant covers it either.')}`
                : '';
        findings.push({
          id: 'scope-not-requested',
          severity: 'warning',
          message: `${l10n.t(
            "{0} of {1} is not listed in the app's API permissions (requiredResourceAccess), so admin consent for the app does not cover it.",
            s.value,
            resolved.displayName,
          )}${grantNote}`,
          fix: l10n.t(
            'Add {0} ({1}, type Scope) for {2} ({3}) to requiredResourceAccess and grant consent again (or use the admin consent URL).',
            s.value,
            scope.id,
            resolved.displayName,
            resolved.appId,
          ),
          path: ['requiredResourceAccess', ...(rraIndex >= 0 ? [rraIndex, 'resourceAccess'] : [])],
          edit: {
            kind: 'requestScope',
            label: l10n.t('Add {0} of {1} to the API permissions', s.value, resolved.displayName),
            resourceAppId: resolved.appId,
            scopeId: scope.id,
          },
        });
        continue;
      }
      passed.push(
        l10n.t("{0} is exposed by {1} and listed in the app's API permissions.", s.value, resolved.displayName),
      );
      if (granted !== undefined)
        consentFinding(granted, s.value, resolved.displayName, resourcePath, findings, passed, l10n);
    }
    // `.default` stands for every permission the app lists for the resource: each needs its grant.
    if (consent && hasDefault && rraIndex >= 0) {
      const access = arr(rra[rraIndex]!.resourceAccess).map(obj);
      if (req.flow === 'clientCredentials') {
        const assigned = consent.application?.get(resolved.appId.toLowerCase());
        if (consent.application) {
          for (const a of access.filter((x) => x.type === 'Role')) {
            const id = String(a.id).toLowerCase();
            const value = resolved.roles.find((r) => r.id?.toLowerCase() === id)?.value ?? id;
            if (assigned?.has(id))
              passed.push(l10n.t('The application permission {0} of {1} is granted.', value, resolved.displayName));
            else
              findings.push({
                id: 'role-not-granted',
                severity: 'error',
                message: l10n.t(
                  "The application permission {0} of {1} is listed but not granted (no app role assignment to this app's service principal), so app-only tokens carry no role for it.",
                  value,
                  resolved.displayName,
                ),
                fix: l10n.t(
                  'Grant admin consent for the app (API permissions › Grant admin consent, or the admin consent URL).',
                ),
                path: resourcePath,
              });
          }
        }
      } else {
        for (const a of access.filter((x) => x.type === 'Scope')) {
          const id = String(a.id).toLowerCase();
          const value = resolved.scopes.find((p) => p.id?.toLowerCase() === id)?.value;
          if (!value) continue;
          consentFinding(
            grantState(consent, resolved.appId, value),
            value,
            resolved.displayName,
            resourcePath,
            findings,
            passed,
            l10n,
          );
        }
      }
    }
  }
  if (ctx.consent?.servicePrincipal === false && req.flow !== 'adminConsent')
    findings.push({
      id: 'consent-no-service-principal',
      severity: 'error',
      message: l10n.t(
        'The app has no service principal (enterprise application) in this tenant: nobody here has consented to it yet, so no permission is granted.',
      ),
      fix: l10n.t(
        'Have an administrator grant consent (the admin consent URL creates the service principal and the grants), or sign in once as a user who may consent.',
      ),
      path: ['requiredResourceAccess'],
    });
}
