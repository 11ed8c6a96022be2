// Applications and service principals of a scenario: Graph's defaults filled in, dates given as
// offsets ("+20d") resolved at load time.
import type * as MG from '@microsoft/microsoft-graph-types';
import { type Application, type SecretRecord, type ServicePrincipal } from './types.js';

export type Json = Record<string, unknown>;
export type ScenarioApp = Json & {
  id: string;
  appId: string;
  displayName: string;
  owners?: string[];
  servicePrincipal?: false | (Json & { id: string });
  $comment?: string;
};

const OFFSET = /^([+-])(\d+(?:\.\d+)?)([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** Resolves "+20d"-style offsets in every `...DateTime` property, recursively. */
export function resolveDates<T>(value: T, now = Date.now()): T {
  if (Array.isArray(value)) return value.map((v: unknown) => resolveDates(v, now)) as T;
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      const m = typeof v === 'string' && k.endsWith('DateTime') ? OFFSET.exec(v) : null;
      out[k] = m
        ? new Date(now + (m[1] === '-' ? -1 : 1) * Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS]).toISOString()
        : resolveDates(v, now);
    }
    return out as T;
  }
  return value;
}

/** Every property Graph returns for an application without `$select`, with its empty value. */
export function applicationDefaults(): Omit<Application, 'id' | 'appId' | 'displayName'> {
  return {
    deletedDateTime: null,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: new Date().toISOString(),
    description: null,
    groupMembershipClaims: null,
    identifierUris: [],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null,
    notes: null,
    publisherDomain: null,
    serviceManagementReference: null,
    signInAudience: 'AzureADMyOrg',
    tags: [],
    tokenEncryptionKeyId: null,
    samlMetadataUrl: null,
    defaultRedirectUri: null,
    certification: null,
    optionalClaims: null,
    servicePrincipalLockConfiguration: null,
    requestSignatureVerification: null,
    addIns: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: [] },
  } as Omit<Application, 'id' | 'appId' | 'displayName'>;
}

const defaults0 = applicationDefaults();
// Nested defaults hold only null/false/empty values; their arrays are replaced, never mutated, by callers.
const structuredCloneIfNeeded = (v: Json): Json => v;
const NESTED = ['api', 'info', 'parentalControlSettings', 'publicClient', 'web', 'spa', 'verifiedPublisher'] as const;

export function makeApplication(
  raw: Json & { id: string; appId: string; displayName: string },
  domain: string,
): Application {
  const defaults = applicationDefaults() as Json;
  const app = Object.assign(defaults, { publisherDomain: domain }, raw) as Application & Json;
  for (const key of NESTED) {
    const given = raw[key] as Json | undefined;
    if (given) app[key] = Object.assign({}, (defaults0 as Json)[key] as Json, structuredCloneIfNeeded(given)) as never;
  }
  for (const k of ['owners', 'servicePrincipal', '$comment', 'secretText']) delete app[k];
  app.passwordCredentials = (app.passwordCredentials ?? []).map((c) => {
    const copy = { ...c } as Json;
    delete copy.secretText;
    return copy as MG.PasswordCredential;
  });
  return app;
}

export function secretsOf(raw: ScenarioApp): SecretRecord[] {
  const creds =
    (raw.passwordCredentials as (Json & { keyId: string; endDateTime: string; secretText?: string })[] | undefined) ??
    [];
  return creds
    .filter((c) => typeof c.secretText === 'string')
    .map((c) => ({ appId: raw.appId, keyId: c.keyId, secretText: c.secretText as string, endDateTime: c.endDateTime }));
}

export function spDefaults(): Partial<ServicePrincipal> {
  return {
    deletedDateTime: null,
    accountEnabled: true,
    alternativeNames: [],
    appDescription: null,
    appOwnerOrganizationId: null,
    appRoleAssignmentRequired: false,
    applicationTemplateId: null,
    description: null,
    disabledByMicrosoftStatus: null,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: [],
    servicePrincipalNames: [],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMyOrg',
    tags: [],
    tokenEncryptionKeyId: null,
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    samlSingleSignOnSettings: null,
    addIns: [],
    appRoles: [],
    keyCredentials: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

/** The service principal Entra creates for an application registered in this tenant. */
export function servicePrincipalFor(
  app: Application,
  id: string,
  tenantId: string,
  extra: Json = {},
): ServicePrincipal {
  const { id: _ignored, ...rest } = extra;
  return Object.assign(
    spDefaults(),
    {
      id,
      appId: app.appId,
      appDisplayName: app.displayName,
      displayName: app.displayName,
      appOwnerOrganizationId: tenantId,
      createdDateTime: app.createdDateTime,
      signInAudience: app.signInAudience,
      servicePrincipalNames: [...(app.identifierUris ?? []), app.appId],
      replyUrls: [
        ...(app.web?.redirectUris ?? []),
        ...(app.spa?.redirectUris ?? []),
        ...(app.publicClient?.redirectUris ?? []),
      ],
      homepage: app.web?.homePageUrl ?? null,
      logoutUrl: app.web?.logoutUrl ?? null,
      appRoles: (app.appRoles ?? []).map((r) => ({ ...r, allowedMemberTypes: [...(r.allowedMemberTypes ?? [])] })),
      oauth2PermissionScopes: (app.api?.oauth2PermissionScopes ?? []).map((p) => ({ ...p })),
      tags: [...(app.tags ?? [])],
    },
    rest,
  ) as ServicePrincipal;
}
