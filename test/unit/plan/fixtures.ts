// A Graph-format application (as GET /applications/{id} returns it) for the plan tests.
import type { JsonObject } from '../../../src/core/plan';

export const GRAPH = '00000003-0000-0000-c000-000000000000';
export const SCOPE_READ = 'f1000000-0000-4000-8000-000000000001';
export const SCOPE_WRITE = 'f1000000-0000-4000-8000-000000000002';
export const ROLE_ADMIN = 'f1000000-0000-4000-8000-000000000010';
export const CLIENT = 'c1000000-0000-4000-8000-0000000000aa';

export function liveApp(): JsonObject {
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity',
    id: 'b1000000-0000-4000-8000-000000000001',
    deletedDateTime: null,
    appId: 'c1000000-0000-4000-8000-000000000001',
    createdDateTime: '2025-01-01T00:00:00Z',
    displayName: 'CRM API',
    description: null,
    identifierUris: ['api://crm.contoso.example'],
    publisherDomain: 'contoso.example',
    signInAudience: 'AzureADMyOrg',
    tags: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [
        {
          id: SCOPE_READ,
          value: 'Crm.Read',
          type: 'User',
          isEnabled: true,
          adminConsentDisplayName: 'Read CRM',
          adminConsentDescription: 'Read CRM data',
          userConsentDisplayName: 'Read CRM',
          userConsentDescription: 'Read your CRM data',
        },
        {
          id: SCOPE_WRITE,
          value: 'Crm.Write',
          type: 'Admin',
          isEnabled: true,
          adminConsentDisplayName: 'Write CRM',
          adminConsentDescription: 'Write CRM data',
          userConsentDisplayName: null,
          userConsentDescription: null,
        },
      ],
      preAuthorizedApplications: [{ appId: CLIENT, delegatedPermissionIds: [SCOPE_READ, SCOPE_WRITE] }],
    },
    appRoles: [
      {
        id: ROLE_ADMIN,
        value: 'Crm.Admin',
        displayName: 'CRM admin',
        description: 'Administers CRM',
        allowedMemberTypes: ['User'],
        isEnabled: true,
        origin: 'Application',
      },
    ],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [
      {
        keyId: 'k1000000-0000-4000-8000-000000000001',
        displayName: 'CN=crm',
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        key: 'TUlJQ2VydA==',
        startDateTime: '2025-01-01T00:00:00Z',
        endDateTime: '2030-01-01T00:00:00Z',
        customKeyIdentifier: 'AB',
      },
    ],
    passwordCredentials: [
      {
        keyId: 'p1000000-0000-4000-8000-000000000001',
        displayName: 'ci',
        hint: 'abc',
        startDateTime: '2025-01-01T00:00:00Z',
        endDateTime: '2030-01-01T00:00:00Z',
        customKeyIdentifier: null,
      },
    ],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [
      { resourceAppId: GRAPH, resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }] },
    ],
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: ['https://crm.contoso.example/signin-oidc'],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: [] },
  };
}

/** The manifest a user pulled (no OData annotation; certificates without key, as Graph lists them). */
export function pulled(): JsonObject {
  const app = structuredClone(liveApp());
  delete app['@odata.context'];
  app.keyCredentials = (app.keyCredentials as JsonObject[]).map((k) => ({ ...k, key: null }));
  return app;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;
