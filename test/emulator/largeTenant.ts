// `large:N`: a generated tenant of N applications (deterministic), for paging and audit load.
import { join } from 'node:path';
import { addAuditConditions } from './auditConditions.js';
import { buildTenant, readScenarioFile, scenariosDir, type ScenarioFile } from './scenario.js';
import { makeApplication, servicePrincipalFor, type Json } from './scenarioApps.js';
import { GRAPH_APP_ID, type TenantStore } from './types.js';

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
