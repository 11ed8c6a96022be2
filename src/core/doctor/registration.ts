/**
 * Checks a failed sign-in request against the app registration it names (the application object
 * as Microsoft Graph returns it): redirect URI per platform, requested scopes against what the
 * resource exposes and what the app lists in requiredResourceAccess, `.default` use, supported
 * account types against the tenant in the URL, and public client flows. Each mismatch is a finding
 * with the fix and the manifest property path where it is made. Pure: resources named by the
 * scopes are resolved by the caller (see {@link scopeResources}).
 */
import { checkAudience, checkPublicClient } from './checks/audience';
import { checkRedirect } from './checks/redirect';
import { checkScopes } from './checks/scopes';
import type { SignInRequest } from './extract';
import { english } from '../text/localizer';
import {
  type RegistrationCheck,
  type RegistrationContext,
  type RegistrationFinding,
  obj,
  str,
} from './registrationTypes';
export { consentFacts } from './checks/consent';
export type { Platform } from './checks/redirect';
export { graphAppId, parseScope, scopeResources } from './checks/scopes';
export type { ParsedScope } from './checks/scopes';
export type {
  ConsentFacts,
  GrantedScopes,
  ManifestPath,
  RegistrationCheck,
  RegistrationContext,
  RegistrationEdit,
  RegistrationFinding,
} from './registrationTypes';

/** Checks the request against the app registration. */
export function checkRegistration(
  req: SignInRequest,
  application: Readonly<Record<string, unknown>>,
  ctx: RegistrationContext = {},
): RegistrationCheck {
  const app = obj(application);
  const findings: RegistrationFinding[] = [];
  const passed: string[] = [];
  const l10n = ctx.l10n ?? english;
  for (const check of [checkRedirect, checkScopes, checkAudience, checkPublicClient])
    check({ req, app, ctx, findings, passed, l10n });
  const order = { error: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return { appId: str(app.appId) ?? '', displayName: str(app.displayName) ?? str(app.appId) ?? '', findings, passed };
}
