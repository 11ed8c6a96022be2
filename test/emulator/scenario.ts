// Builds the emulated tenant: `sample` (scenarios/sample.json), any other scenarios/<name>.json or a
// path to such a file, or `large:N` (N generated applications, deterministic).
// Dates in scenario files may be offsets from load time ("+20d", "-5d", "-3h") and are resolved here.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadGraphCatalog, mergeById } from './graphCatalog.js';
import { buildLargeTenant } from './largeTenant.js';
import {
  makeApplication,
  resolveDates,
  secretsOf,
  servicePrincipalFor,
  spDefaults,
  type Json,
  type ScenarioApp,
} from './scenarioApps.js';
import {
  MICROSOFT_TENANT_ID,
  type Application,
  type AppRoleAssignment,
  type OAuth2PermissionGrant,
  type SecretRecord,
  type ServicePrincipal,
  type TenantStore,
  type User,
} from './types.js';
export { loadGraphCatalog } from './graphCatalog.js';
export { buildLargeTenant } from './largeTenant.js';
export { applicationDefaults, resolveDates, servicePrincipalFor } from './scenarioApps.js';

const here = __dirname;
export const scenariosDir = join(here, 'scenarios');
/** `../shared` beside the repository (domain data read at run time, never copied). */
export const sharedDir = resolve(here, '../../../shared');
export interface ScenarioFile {
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

export function readScenarioFile(path: string): ScenarioFile {
  return JSON.parse(readFileSync(path, 'utf8')) as ScenarioFile;
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
