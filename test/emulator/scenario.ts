// Builds the emulated tenant: `sample` (scenarios/sample.json), any other scenarios/<name>.json or a
// path to such a file, or `large:N` (N generated applications, deterministic).
// Dates in scenario files may be offsets from load time ("+20d", "-5d", "-3h") and are resolved here.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as MG from '@microsoft/microsoft-graph-types';
import {
  GRAPH_APP_ID,
  MICROSOFT_TENANT_ID,
  type Application,
  type AppRoleAssignment,
  type OAuth2PermissionGrant,
  type SecretRecord,
  type ServicePrincipal,
  type TenantStore,
  type User,
} from './types.js';
import { addAuditConditions } from './auditConditions.js';

const here = __dirname;
export const scenariosDir = join(here, 'scenarios');
/** `../shared` beside the repository (domain data read at run time, never copied). */
export const sharedDir = resolve(here, '../../../shared');

type Json = Record<string, unknown>;
interface ScenarioFile {
  tenant: { id: string; domain: string; displayName: string; countryLetterCode?: string };
  testClient: { appId: string; secret: string };
  signedInUser: string;
  publicClient: string;
  users: (Json & { id: string; password?: string })[];
  applications: ScenarioApp[];
  deletedApplications?: ScenarioApp[];
  firstPartyServicePrincipals?: (Json & {
    id: string;
    appId: string;
    displayName: string;
    permissionCatalog?: string;
  })[];
  appRoleAssignments?: (Json & { id: string; principalId: string; resourceId: string; appRoleId: string })[];
  oauth2PermissionGrants?: (Json & { id: string; clientId: string; resourceId: string; scope: string })[];
}
type ScenarioApp = Json & {
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

function makeApplication(raw: Json & { id: string; appId: string; displayName: string }, domain: string): Application {
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

function secretsOf(raw: ScenarioApp): SecretRecord[] {
  const creds =
    (raw.passwordCredentials as (Json & { keyId: string; endDateTime: string; secretText?: string })[] | undefined) ??
    [];
  return creds
    .filter((c) => typeof c.secretText === 'string')
    .map((c) => ({ appId: raw.appId, keyId: c.keyId, secretText: c.secretText as string, endDateTime: c.endDateTime }));
}

function spDefaults(): Partial<ServicePrincipal> {
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

interface CatalogRole {
  Id: string;
  Value: string;
  DisplayName: string;
  Description: string;
  AllowedMemberTypes: string[];
  IsEnabled: boolean;
}
interface CatalogScope {
  Id: string;
  Value: string;
  Type: string;
  IsEnabled: boolean;
  AdminConsentDisplayName: string;
  AdminConsentDescription: string;
  UserConsentDisplayName: string | null;
  UserConsentDescription: string | null;
}

/** Loads the full Microsoft Graph permission list from ../shared/data/microsoft-info when it exists. */
export function loadGraphCatalog(
  dir = join(sharedDir, 'data/microsoft-info'),
): { appRoles: MG.AppRole[]; scopes: MG.PermissionScope[] } | undefined {
  const rolesFile = join(dir, 'GraphAppRoles.json');
  const scopesFile = join(dir, 'GraphDelegateRoles.json');
  if (!existsSync(rolesFile) || !existsSync(scopesFile)) return undefined;
  const roles = JSON.parse(readFileSync(rolesFile, 'utf8')) as CatalogRole[];
  const scopes = JSON.parse(readFileSync(scopesFile, 'utf8')) as CatalogScope[];
  return {
    appRoles: roles.map((r) => ({
      id: r.Id,
      value: r.Value,
      displayName: r.DisplayName,
      description: r.Description,
      allowedMemberTypes: r.AllowedMemberTypes,
      isEnabled: r.IsEnabled,
      origin: 'Application',
    })),
    scopes: scopes.map((s) => ({
      id: s.Id,
      value: s.Value,
      type: s.Type,
      isEnabled: s.IsEnabled,
      adminConsentDisplayName: s.AdminConsentDisplayName,
      adminConsentDescription: s.AdminConsentDescription,
      userConsentDisplayName: s.UserConsentDisplayName,
      userConsentDescription: s.UserConsentDescription,
    })),
  };
}

function mergeById<T extends { id?: string | null }>(base: T[], extra: T[]): T[] {
  const seen = new Set(base.map((x) => x.id));
  return [...base, ...extra.filter((x) => !seen.has(x.id))];
}

/** Turns a parsed scenario file into the tenant store. */
export function buildTenant(file: ScenarioFile, now = Date.now()): TenantStore {
  const f = resolveDates(file, now);
  const { tenant } = f;
  const comments = new Map<string, string>();
  const note = (o: Json & { id: string }) => {
    if (typeof o.$comment === 'string') comments.set(o.id, o.$comment);
  };
  const userPasswords = new Map<string, string>();
  const users: User[] = f.users.map((u) => {
    if (typeof u.password === 'string') userPasswords.set(u.id, u.password);
    note(u);
    const { $comment: _c, password: _p, ...rest } = u;
    return {
      '@odata.type': '#microsoft.graph.user',
      businessPhones: [],
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'en-US',
      ...rest,
    } as unknown as User;
  });
  const owners = new Map<string, string[]>();
  const secrets: SecretRecord[] = [];
  const applications: Application[] = [];
  const servicePrincipals: ServicePrincipal[] = [];
  for (const raw of f.applications) {
    note(raw);
    const app = makeApplication(raw, tenant.domain);
    applications.push(app);
    owners.set(app.id, raw.owners ?? []);
    secrets.push(...secretsOf(raw));
    if (raw.servicePrincipal !== false && raw.servicePrincipal)
      servicePrincipals.push(servicePrincipalFor(app, raw.servicePrincipal.id, tenant.id, raw.servicePrincipal));
  }
  const deletedApplications = (f.deletedApplications ?? []).map((raw) => {
    note(raw);
    owners.set(raw.id, raw.owners ?? []);
    return makeApplication(raw, tenant.domain);
  });
  const catalog = loadGraphCatalog();
  for (const raw of f.firstPartyServicePrincipals ?? []) {
    note(raw);
    const { $comment: _c, permissionCatalog, ...rest } = raw;
    const sp = {
      ...spDefaults(),
      appDisplayName: raw.displayName,
      appOwnerOrganizationId: MICROSOFT_TENANT_ID,
      signInAudience: 'AzureADMultipleOrgs',
      ...rest,
    } as ServicePrincipal;
    if (permissionCatalog === 'microsoft-info' && catalog) {
      sp.appRoles = mergeById(sp.appRoles ?? [], catalog.appRoles);
      sp.oauth2PermissionScopes = mergeById(sp.oauth2PermissionScopes ?? [], catalog.scopes);
    }
    servicePrincipals.push(sp);
  }
  const spById = new Map(servicePrincipals.map((s) => [s.id, s]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const appRoleAssignments: AppRoleAssignment[] = (f.appRoleAssignments ?? []).map((a) => {
    note(a);
    const principal = spById.get(a.principalId) ?? userById.get(a.principalId);
    const resource = spById.get(a.resourceId);
    if (!principal || !resource) throw new Error(`scenario: appRoleAssignment ${a.id} refers to unknown objects`);
    const { $comment: _c, ...rest } = a;
    return {
      deletedDateTime: null,
      createdDateTime: new Date(now).toISOString(),
      principalType: spById.has(a.principalId) ? 'ServicePrincipal' : 'User',
      principalDisplayName: principal.displayName,
      resourceDisplayName: resource.displayName,
      ...rest,
    } as AppRoleAssignment;
  });
  const oauth2PermissionGrants: OAuth2PermissionGrant[] = (f.oauth2PermissionGrants ?? []).map((g) => {
    note(g);
    const { $comment: _c, ...rest } = g;
    return { principalId: null, ...rest } as OAuth2PermissionGrant;
  });
  return {
    tenantId: tenant.id,
    domain: tenant.domain,
    displayName: tenant.displayName,
    organization: {
      id: tenant.id,
      deletedDateTime: null,
      displayName: tenant.displayName,
      countryLetterCode: tenant.countryLetterCode ?? 'US',
      preferredLanguage: 'en',
      tenantType: 'AAD',
      createdDateTime: new Date(now - 1000 * 86_400_000).toISOString(),
      businessPhones: [],
      technicalNotificationMails: [],
      securityComplianceNotificationMails: [],
      securityComplianceNotificationPhones: [],
      marketingNotificationEmails: [],
      privacyProfile: null,
      assignedPlans: [],
      provisionedPlans: [],
      onPremisesSyncEnabled: null,
      verifiedDomains: [
        {
          capabilities: 'Email, OfficeCommunicationsOnline',
          isDefault: true,
          isInitial: true,
          name: tenant.domain,
          type: 'Managed',
        },
      ],
    },
    users,
    applications,
    deletedApplications,
    servicePrincipals,
    appRoleAssignments,
    oauth2PermissionGrants,
    owners,
    secrets,
    userPasswords,
    testClient: f.testClient,
    signedInUserId: f.signedInUser,
    publicClientAppId: f.publicClient,
    comments,
  };
}

function readScenarioFile(path: string): ScenarioFile {
  return JSON.parse(readFileSync(path, 'utf8')) as ScenarioFile;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Deterministic GUID-shaped id: `kind` (1 hex digit) and a counter. */
const guid = (kind: number, n: number) => `${pad(n, 8)}-${kind.toString(16)}000-4000-8000-${pad(n, 12)}`;

const WORDS = [
  'Orders',
  'Billing',
  'Catalog',
  'Payroll',
  'Inventory',
  'Portal',
  'Reports',
  'Gateway',
  'Search',
  'Notifications',
  'Identity',
  'Analytics',
];
const HOSTS = ['contoso.example', 'fabrikam.example', 'northwind.example', 'localhost:3000', 'tailspin.example'];

/**
 * `large:N`: exactly N applications (the sample's test, admin and public clients plus N-3 generated
 * ones named "App 00001 …", sortable), each with its service principal, plus the sample's users and
 * first-party service principals. Same output for the same N.
 */
export function buildLargeTenant(count: number, now = Date.now()): TenantStore {
  const sample = readScenarioFile(join(scenariosDir, 'sample.json'));
  const keep = new Set([sample.testClient.appId, sample.publicClient, 'c1000000-0000-4000-8000-000000000010']);
  const infra = sample.applications.filter((a) => keep.has(a.appId));
  const infraSpIds = new Set(infra.map((a) => (a.servicePrincipal ? a.servicePrincipal.id : '')));
  const base: ScenarioFile = {
    ...sample,
    applications: infra.slice(0, Math.max(0, Math.min(infra.length, count))),
    deletedApplications: [],
    appRoleAssignments: (sample.appRoleAssignments ?? []).filter((a) => infraSpIds.has(a.principalId)),
    oauth2PermissionGrants: (sample.oauth2PermissionGrants ?? []).filter(
      (g) => infraSpIds.has(g.clientId) && !g.resourceId.startsWith('d1'),
    ),
  };
  const tenant = buildTenant(base, now);
  const width = Math.max(5, String(count).length);
  const day = 86_400_000;
  for (let i = 1; tenant.applications.length < count; i++) {
    const word = WORDS[i % WORDS.length] as string;
    const host = HOSTS[i % HOSTS.length] as string;
    const appId = guid(0xc, i);
    const isApi = i % 4 === 0;
    const hasRoles = i % 5 === 0;
    const raw: Json & { id: string; appId: string; displayName: string } = {
      id: guid(0xb, i),
      appId,
      displayName: `App ${pad(i, width)} ${word}`,
      createdDateTime: new Date(now - (i % 900) * day).toISOString(),
      signInAudience: i % 9 === 0 ? 'AzureADMultipleOrgs' : 'AzureADMyOrg',
      identifierUris: isApi ? [`api://${appId}`] : [],
      tags: i % 6 === 0 ? ['generated', word.toLowerCase()] : [],
      web: i % 3 === 0 ? { redirectUris: [`https://${host}/app${i}/signin-oidc`] } : undefined,
      spa:
        i % 3 === 1 ? { redirectUris: [`https://${host}/app${i}`, `http://localhost:${3000 + (i % 100)}`] } : undefined,
      publicClient: i % 3 === 2 ? { redirectUris: [`msal${appId}://auth`] } : undefined,
      api: isApi
        ? {
            requestedAccessTokenVersion: i % 8 === 0 ? 2 : null,
            oauth2PermissionScopes: [
              {
                id: guid(0xf, i * 2),
                value: `${word}.Read`,
                type: 'User',
                isEnabled: true,
                adminConsentDisplayName: `Read ${word}`,
                adminConsentDescription: `Read ${word}`,
                userConsentDisplayName: `Read ${word}`,
                userConsentDescription: `Read ${word}`,
              },
              {
                id: guid(0xf, i * 2 + 1),
                value: `${word}.ReadWrite.All`,
                type: 'Admin',
                isEnabled: true,
                adminConsentDisplayName: `Manage ${word}`,
                adminConsentDescription: `Manage ${word}`,
                userConsentDisplayName: null,
                userConsentDescription: null,
              },
            ],
          }
        : undefined,
      appRoles: hasRoles
        ? [
            {
              id: guid(0xe, i),
              value: `${word}.Admin`,
              displayName: `${word} administrator`,
              description: `${word} administrator`,
              allowedMemberTypes: ['User', 'Application'],
              isEnabled: true,
              origin: 'Application',
            },
          ]
        : [],
      requiredResourceAccess: [
        {
          resourceAppId: GRAPH_APP_ID,
          resourceAccess: [
            { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
            ...(i % 7 === 0 ? [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }] : []),
          ],
        },
        ...(i > 4 && i % 4 === 1
          ? [{ resourceAppId: guid(0xc, i - 1), resourceAccess: [{ id: guid(0xf, (i - 1) * 2), type: 'Scope' }] }]
          : []),
      ],
      passwordCredentials:
        i % 2 === 0
          ? [
              {
                keyId: guid(0xa, i),
                displayName: 'generated',
                hint: 'Gen',
                customKeyIdentifier: null,
                startDateTime: new Date(now - 400 * day).toISOString(),
                endDateTime: new Date(now + (i % 11 === 0 ? -10 : i % 13 === 0 ? 15 : 300) * day).toISOString(),
              },
            ]
          : [],
    };
    for (const k of ['web', 'spa', 'publicClient', 'api']) if (raw[k] === undefined) delete raw[k];
    const app = makeApplication(raw, tenant.domain);
    tenant.applications.push(app);
    tenant.owners.set(app.id, i % 10 === 0 ? [tenant.signedInUserId] : []);
    tenant.servicePrincipals.push(servicePrincipalFor(app, guid(0xd, i), tenant.tenantId));
    addAuditConditions(tenant, i, app, guid(0xd, i), now);
  }
  return tenant;
}

/** Loads a scenario by name (`sample`, `large:10000`, another file in scenarios/, or a JSON path). */
export function loadScenario(name: string, now = Date.now()): TenantStore {
  const large = /^large:(\d+)$/.exec(name);
  if (large) return buildLargeTenant(Number(large[1]), now);
  const candidates = [join(scenariosDir, `${name}.json`), resolve(name)];
  const path = candidates.find((p) => existsSync(p) && p.endsWith('.json'));
  if (!path) throw new Error(`unknown scenario '${name}' (try sample or large:N)`);
  return buildTenant(readScenarioFile(path), now);
}
