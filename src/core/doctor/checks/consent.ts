// Consent: whether the client's grants and app role assignments cover what it asks for.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import { type ConsentFacts, type ManifestPath, type RegistrationFinding } from '../registrationTypes';

type L10n = Localizer<l10n.L10nReplacement>;

type GrantState = 'tenant' | 'someUsers' | 'none' | undefined;

/** Whether the client's grants for a resource (by appId) cover a scope; undefined when the grants are unknown. */
export function grantState(consent: ConsentFacts, resourceAppId: string, value: string): GrantState {
  if (!consent.delegated) return undefined;
  const g = consent.delegated.get(resourceAppId.toLowerCase());
  if (g?.tenant.has(value)) return 'tenant';
  if (g?.someUsers.has(value)) return 'someUsers';
  return 'none';
}

export function consentFinding(
  state: GrantState,
  value: string,
  resourceName: string,
  path: ManifestPath,
  findings: RegistrationFinding[],
  passed: string[],
  l10n: L10n,
): void {
  if (state === 'tenant')
    passed.push(l10n.t('{0} of {1} is consented for all users of the tenant.', value, resourceName));
  else if (state === 'someUsers')
    findings.push({
      id: 'scope-consented-some-users',
      severity: 'warning',
      message: l10n.t(
        '{0} of {1} is consented by some users only (user consent), not for the tenant: other users are asked to consent, and get AADSTS65001 when they may not.',
        value,
        resourceName,
      ),
      fix: l10n.t(
        'Grant admin consent for the tenant (API permissions › Grant admin consent, or the admin consent URL), or let each user consent interactively.',
      ),
      path,
    });
  else if (state === 'none')
    findings.push({
      id: 'scope-not-consented',
      severity: 'error',
      message: l10n.t(
        'Nobody has consented to {0} of {1} for this app: its service principal has no delegated permission grant (oauth2PermissionGrant) that includes it.',
        value,
        resourceName,
      ),
      fix: l10n.t(
        'Grant admin consent for the tenant (API permissions › Grant admin consent, or the admin consent URL), or have the user sign in interactively and consent if user consent is allowed.',
      ),
      path,
    });
}

/** Consent facts from the client's grants and app role assignments (as Graph lists them). */
export function consentFacts(input: {
  /** Object id of the client's service principal; undefined when the app has none in the tenant. */
  readonly clientSpId: string | undefined;
  readonly grants:
    | readonly {
        readonly clientId: string;
        readonly consentType: string;
        readonly resourceId: string;
        readonly scope: string;
      }[]
    | undefined;
  readonly assignments:
    readonly { readonly principalId: string; readonly resourceId: string; readonly appRoleId: string }[] | undefined;
  /** Resource service principal object id → its appId. */
  readonly resourceAppIds: ReadonlyMap<string, string>;
}): ConsentFacts {
  if (!input.clientSpId) return { servicePrincipal: false, delegated: new Map(), application: new Map() };
  const sp = input.clientSpId.toLowerCase();
  const appIdOf = (spId: string): string | undefined => input.resourceAppIds.get(spId.toLowerCase())?.toLowerCase();
  let delegated: Map<string, { tenant: Set<string>; someUsers: Set<string> }> | undefined;
  if (input.grants) {
    delegated = new Map();
    for (const g of input.grants) {
      const appId = g.clientId.toLowerCase() === sp ? appIdOf(g.resourceId) : undefined;
      if (!appId) continue;
      let entry = delegated.get(appId);
      if (!entry) delegated.set(appId, (entry = { tenant: new Set(), someUsers: new Set() }));
      const target =
        g.consentType === 'AllPrincipals' ? entry.tenant : g.consentType === 'Principal' ? entry.someUsers : undefined;
      for (const v of g.scope.split(/\s+/)) if (v && target) target.add(v);
    }
  }
  let application: Map<string, Set<string>> | undefined;
  if (input.assignments) {
    application = new Map();
    for (const a of input.assignments) {
      const appId = a.principalId.toLowerCase() === sp ? appIdOf(a.resourceId) : undefined;
      if (!appId) continue;
      let set = application.get(appId);
      if (!set) application.set(appId, (set = new Set()));
      set.add(a.appRoleId.toLowerCase());
    }
  }
  return { servicePrincipal: true, delegated, application };
}
