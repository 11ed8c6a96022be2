// The scope check: requested scopes against what the resource exposes, what the app lists in
// requiredResourceAccess, and `.default` use.
import { MICROSOFT_GRAPH_APP_ID } from '../../entra/ids';
import type { SignInRequest } from '../extract';
import { arr, obj, str, strings, type CheckInput, type Json, type ManifestPath } from '../registrationTypes';
import { consentFinding, grantState } from './consent';

export const graphAppId = MICROSOFT_GRAPH_APP_ID;
const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);
const graphHosts = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
  'https://canary.graph.microsoft.com',
];

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
  let resource = raw.slice(0, slash).replace(/\/+$/, '');
  if (graphHosts.includes(resource.toLowerCase())) resource = graphAppId;
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
  return strings(app.identifierUris).some((u) => u.replace(/\/+$/, '').toLowerCase() === key);
}

export function checkScopes({ req, app, ctx, findings, passed }: CheckInput): void {
  const parsed = req.scopes.map(parseScope).filter((s) => !s.oidc);
  if (!parsed.length) return;
  const rra = arr(app.requiredResourceAccess).map(obj);
  const byResource = new Map<string, ParsedScope[]>();
  for (const s of parsed) byResource.set(s.resource, [...(byResource.get(s.resource) ?? []), s]);
  if (byResource.size > 1 && req.flow !== 'adminConsent') {
    findings.push({
      id: 'scopes-several-resources',
      severity: 'warning',
      message: `The scopes name ${byResource.size} resources (${[...byResource.keys()].join(', ')}); a token is for one resource, so a request for several fails (or gets a token for the first one only).`,
      fix: 'Request one resource\u2019s scopes per token request; get tokens for other APIs later with the refresh token (consent can still be asked for all at once).',
      path: ['requiredResourceAccess'],
    });
  }
  for (const [resource, list] of byResource) {
    const hasDefault = list.some((s) => s.value === '.default');
    if (hasDefault && list.length > 1) {
      findings.push({
        id: 'scope-default-mixed',
        severity: 'error',
        message: `${resource}/.default is requested together with individual scopes of the same resource (${list
          .filter((s) => s.value !== '.default')
          .map((s) => s.value)
          .join(', ')}).`,
        fix: 'Request either {resource}/.default alone (all permissions listed in the registration) or individual scopes, not both.',
        path: ['requiredResourceAccess'],
      });
    }
    if (req.flow === 'clientCredentials' && !hasDefault) {
      findings.push({
        id: 'scope-app-only-needs-default',
        severity: 'error',
        message: `An app-only (client credentials) request must ask for ${resource}/.default, not for individual scopes (${list.map((s) => s.value).join(', ')}).`,
        fix: `Request ${resource}/.default and grant the app the application permissions (roles) it needs.`,
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
            message: `This app's own API does not expose the scope ${s.value}${
              exposed.length
                ? ` (it exposes ${exposed
                    .map((e) => str(e.value))
                    .filter(Boolean)
                    .join(', ')})`
                : ' (it exposes no scopes)'
            }.`,
            fix: `Add ${s.value} under Expose an API (api.oauth2PermissionScopes), or fix its spelling in the request.`,
            path: ['api', 'oauth2PermissionScopes'],
          });
        } else if (hit.isEnabled === false) {
          findings.push({
            id: 'scope-disabled',
            severity: 'error',
            message: `The scope ${s.value} exists but is disabled.`,
            fix: 'Enable it (isEnabled: true) or stop requesting it.',
            path: ['api', 'oauth2PermissionScopes', exposed.indexOf(hit), 'isEnabled'],
          });
        } else passed.push(`The app's own API exposes ${s.value}.`);
      }
      continue;
    }
    const resolved = ctx.resources?.get(resource);
    if (resolved === null) {
      findings.push({
        id: 'resource-not-found',
        severity: 'error',
        message: `No app registration or service principal in the tenant has the identifier ${resource}.`,
        fix: 'Check the App ID URI in the scope against the API\u2019s identifierUris (spelling, trailing slash, scheme), and make sure the API is registered or consented in this tenant.',
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
        message: `${resource}/.default asks for the permissions the app lists for ${resolved.displayName}, but requiredResourceAccess lists none for it.`,
        fix: `Add ${resolved.displayName} (${resolved.appId}) with the permissions the app needs to requiredResourceAccess (API permissions), then grant consent.`,
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
            ? `${s.value} is an application permission (app role) of ${resolved.displayName}, not a delegated scope.`
            : `${resolved.displayName} does not expose a scope named ${s.value}.`,
          fix: role
            ? `Delegated requests cannot get app roles; request ${resource}/.default in a client credentials flow, or request one of its scopes.`
            : `Fix the scope name (exposed: ${
                resolved.scopes
                  .slice(0, 12)
                  .map((p) => p.value)
                  .join(', ') || 'none'
              }).`,
          path: resourcePath,
        });
        continue;
      }
      const granted = consent ? grantState(consent, resolved.appId, s.value) : undefined;
      if (scope.id && !requestedIds.has(scope.id.toLowerCase())) {
        const grantNote =
          granted === 'tenant'
            ? ' A grant for all users covers it already (consented dynamically).'
            : granted === 'someUsers'
              ? ' Some users have consented to it; nobody has for the whole tenant.'
              : granted === 'none'
                ? ' No grant covers it either.'
                : '';
        findings.push({
          id: 'scope-not-requested',
          severity: 'warning',
          message: `${s.value} of ${resolved.displayName} is not listed in the app's API permissions (requiredResourceAccess), so admin consent for the app does not cover it.${grantNote}`,
          fix: `Add ${s.value} (${scope.id}, type Scope) for ${resolved.displayName} (${resolved.appId}) to requiredResourceAccess and grant consent again (or use the admin consent URL).`,
          path: ['requiredResourceAccess', ...(rraIndex >= 0 ? [rraIndex, 'resourceAccess'] : [])],
          edit: {
            kind: 'requestScope',
            label: `Add ${s.value} of ${resolved.displayName} to the API permissions`,
            resourceAppId: resolved.appId,
            scopeId: scope.id,
          },
        });
        continue;
      }
      passed.push(`${s.value} is exposed by ${resolved.displayName} and listed in the app's API permissions.`);
      if (granted !== undefined) consentFinding(granted, s.value, resolved.displayName, resourcePath, findings, passed);
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
              passed.push(`The application permission ${value} of ${resolved.displayName} is granted.`);
            else
              findings.push({
                id: 'role-not-granted',
                severity: 'error',
                message: `The application permission ${value} of ${resolved.displayName} is listed but not granted (no app role assignment to this app's service principal), so app-only tokens carry no role for it.`,
                fix: 'Grant admin consent for the app (API permissions \u203a Grant admin consent, or the admin consent URL).',
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
          );
        }
      }
    }
  }
  if (ctx.consent?.servicePrincipal === false && req.flow !== 'adminConsent')
    findings.push({
      id: 'consent-no-service-principal',
      severity: 'error',
      message:
        'The app has no service principal (enterprise application) in this tenant: nobody here has consented to it yet, so no permission is granted.',
      fix: 'Have an administrator grant consent (the admin consent URL creates the service principal and the grants), or sign in once as a user who may consent.',
      path: ['requiredResourceAccess'],
    });
}
