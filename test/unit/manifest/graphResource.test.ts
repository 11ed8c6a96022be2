// The reconciliation of the Microsoft Graph schema with the Graph v1.0 `application` resource and
// its complex types, property by property, plus what the admin center's manifest editor writes
// and the beta-only properties (known, with their own hint). Each row: path, where it comes from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintManifest } from '../../../src/core/manifest/lint';
import { schemaAtPath } from '../../../src/core/manifest/schema';
import type { Rule } from '../../../src/core/manifest/types';

type Origin = 'v1.0' | 'admin-center' | 'beta';

/** Every property of application (v1.0) and of its complex types, as paths. */
const RESOURCE: readonly (readonly [string, Origin])[] = [
  // application
  ['id', 'v1.0'],
  ['appId', 'v1.0'],
  ['uniqueName', 'v1.0'],
  ['displayName', 'v1.0'],
  ['description', 'v1.0'],
  ['notes', 'v1.0'],
  ['signInAudience', 'v1.0'],
  ['identifierUris', 'v1.0'],
  ['api', 'v1.0'],
  ['web', 'v1.0'],
  ['spa', 'v1.0'],
  ['publicClient', 'v1.0'],
  ['appRoles', 'v1.0'],
  ['requiredResourceAccess', 'v1.0'],
  ['keyCredentials', 'v1.0'],
  ['passwordCredentials', 'v1.0'],
  ['optionalClaims', 'v1.0'],
  ['groupMembershipClaims', 'v1.0'],
  ['info', 'v1.0'],
  ['parentalControlSettings', 'v1.0'],
  ['isFallbackPublicClient', 'v1.0'],
  ['isDeviceOnlyAuthSupported', 'v1.0'],
  ['oauth2RequirePostResponse', 'v1.0'],
  ['tags', 'v1.0'],
  ['tokenEncryptionKeyId', 'v1.0'],
  ['addIns', 'v1.0'],
  ['samlMetadataUrl', 'v1.0'],
  ['serviceManagementReference', 'v1.0'],
  ['servicePrincipalLockConfiguration', 'v1.0'],
  ['requestSignatureVerification', 'v1.0'],
  ['nativeAuthenticationApisEnabled', 'v1.0'],
  ['managerApplications', 'v1.0'],
  ['verifiedPublisher', 'v1.0'],
  ['certification', 'v1.0'],
  ['publisherDomain', 'v1.0'],
  ['applicationTemplateId', 'v1.0'],
  ['createdByAppId', 'v1.0'],
  ['createdDateTime', 'v1.0'],
  ['deletedDateTime', 'v1.0'],
  ['disabledByMicrosoftStatus', 'v1.0'],
  // apiApplication
  ['api.acceptMappedClaims', 'v1.0'],
  ['api.knownClientApplications', 'v1.0'],
  ['api.oauth2PermissionScopes', 'v1.0'],
  ['api.preAuthorizedApplications', 'v1.0'],
  ['api.requestedAccessTokenVersion', 'v1.0'],
  // permissionScope
  ...[
    'adminConsentDescription',
    'adminConsentDisplayName',
    'id',
    'isEnabled',
    'type',
    'userConsentDescription',
    'userConsentDisplayName',
    'value',
  ].map((p) => [`api.oauth2PermissionScopes.0.${p}`, 'v1.0'] as const),
  // preAuthorizedApplication
  ['api.preAuthorizedApplications.0.appId', 'v1.0'],
  ['api.preAuthorizedApplications.0.delegatedPermissionIds', 'v1.0'],
  // webApplication, implicitGrantSettings
  ['web.homePageUrl', 'v1.0'],
  ['web.logoutUrl', 'v1.0'],
  ['web.redirectUris', 'v1.0'],
  ['web.implicitGrantSettings', 'v1.0'],
  ['web.implicitGrantSettings.enableAccessTokenIssuance', 'v1.0'],
  ['web.implicitGrantSettings.enableIdTokenIssuance', 'v1.0'],
  // spaApplication, publicClientApplication
  ['spa.redirectUris', 'v1.0'],
  ['publicClient.redirectUris', 'v1.0'],
  // appRole
  ...['allowedMemberTypes', 'description', 'displayName', 'id', 'isEnabled', 'origin', 'value'].map(
    (p) => [`appRoles.0.${p}`, 'v1.0'] as const,
  ),
  // requiredResourceAccess, resourceAccess
  ['requiredResourceAccess.0.resourceAppId', 'v1.0'],
  ['requiredResourceAccess.0.resourceAccess', 'v1.0'],
  ['requiredResourceAccess.0.resourceAccess.0.id', 'v1.0'],
  ['requiredResourceAccess.0.resourceAccess.0.type', 'v1.0'],
  // keyCredential
  ...['customKeyIdentifier', 'displayName', 'endDateTime', 'key', 'keyId', 'startDateTime', 'type', 'usage'].map(
    (p) => [`keyCredentials.0.${p}`, 'v1.0'] as const,
  ),
  // passwordCredential
  ...['customKeyIdentifier', 'displayName', 'endDateTime', 'hint', 'keyId', 'secretText', 'startDateTime'].map(
    (p) => [`passwordCredentials.0.${p}`, 'v1.0'] as const,
  ),
  // optionalClaims, optionalClaim
  ['optionalClaims.idToken', 'v1.0'],
  ['optionalClaims.accessToken', 'v1.0'],
  ['optionalClaims.saml2Token', 'v1.0'],
  ...['name', 'source', 'essential', 'additionalProperties'].map(
    (p) => [`optionalClaims.saml2Token.0.${p}`, 'v1.0'] as const,
  ),
  // informationalUrl
  ...['logoUrl', 'marketingUrl', 'privacyStatementUrl', 'supportUrl', 'termsOfServiceUrl'].map(
    (p) => [`info.${p}`, 'v1.0'] as const,
  ),
  // parentalControlSettings
  ['parentalControlSettings.countriesBlockedForMinors', 'v1.0'],
  ['parentalControlSettings.legalAgeGroupRule', 'v1.0'],
  // addIn, keyValue
  ['addIns.0.id', 'v1.0'],
  ['addIns.0.type', 'v1.0'],
  ['addIns.0.properties', 'v1.0'],
  ['addIns.0.properties.0.key', 'v1.0'],
  ['addIns.0.properties.0.value', 'v1.0'],
  // servicePrincipalLockConfiguration
  ...[
    'isEnabled',
    'allProperties',
    'credentialsWithUsageVerify',
    'credentialsWithUsageSign',
    'tokenEncryptionKeyId',
  ].map((p) => [`servicePrincipalLockConfiguration.${p}`, 'v1.0'] as const),
  // requestSignatureVerification
  ['requestSignatureVerification.isSignedRequestRequired', 'v1.0'],
  ['requestSignatureVerification.allowedWeakAlgorithms', 'v1.0'],
  // verifiedPublisher
  ['verifiedPublisher.displayName', 'v1.0'],
  ['verifiedPublisher.verifiedPublisherId', 'v1.0'],
  ['verifiedPublisher.addedDateTime', 'v1.0'],
  // certification
  ...[
    'certificationDetailsUrl',
    'certificationExpirationDateTime',
    'isCertifiedByMicrosoft',
    'isPublisherAttested',
    'lastCertificationDateTime',
  ].map((p) => [`certification.${p}`, 'v1.0'] as const),
  // What the admin center's manifest editor writes beyond the v1.0 pages.
  ['servicePrincipalLockConfiguration.identifierUris', 'admin-center'],
  // Beta only.
  ['isDisabled', 'beta'],
  ['authenticationBehaviors', 'beta'],
  ['windows', 'beta'],
  ['defaultRedirectUri', 'beta'],
  ['signInAudienceRestrictions', 'beta'],
  ['onPremisesPublishing', 'beta'],
  ['trustedCertificateSubjects', 'beta'],
  ...['blockAzureADGraphAccess', 'removeUnverifiedEmailClaim', 'requireClientServicePrincipal'].map(
    (p) => [`authenticationBehaviors.${p}`, 'beta'] as const,
  ),
  ['windows.packageSid', 'beta'],
  ['windows.redirectUris', 'beta'],
];

test('every property of the Graph v1.0 application resource and its complex types is known to the Graph schema', () => {
  const unknown = RESOURCE.filter(([path]) => schemaAtPath('graph', path.split('.')) === undefined).map(([p]) => p);
  assert.deepEqual(unknown, []);
});

test('beta-only top-level properties are marked beta in the schema; v1.0 ones are not', () => {
  for (const [path, origin] of RESOURCE) {
    if (path.includes('.')) continue;
    assert.equal(schemaAtPath('graph', [path])?.['x-graphVersion'] === 'beta', origin === 'beta', path);
  }
});

const noRules: readonly Rule[] = [];
const schemaOnly = (value: unknown) => lintManifest(JSON.stringify(value, null, 2), { rules: noRules });

test('an admin-center download with isDisabled null and servicePrincipalLockConfiguration.identifierUris has no schema findings', () => {
  const r = schemaOnly({
    id: '1b4f816e-5eaf-48b9-8613-7923830595ad',
    appId: '6f1b2b57-8a15-4d35-9b39-3cbe2a1f5e0b',
    displayName: 'app',
    signInAudience: 'AzureADMyOrg',
    isDisabled: null,
    nativeAuthenticationApisEnabled: null,
    serviceManagementReference: null,
    samlMetadataUrl: null,
    uniqueName: null,
    servicePrincipalLockConfiguration: {
      isEnabled: true,
      allProperties: true,
      credentialsWithUsageVerify: true,
      credentialsWithUsageSign: true,
      identifierUris: false,
      tokenEncryptionKeyId: true,
    },
    requestSignatureVerification: null,
    certification: null,
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    optionalClaims: { idToken: [], accessToken: [], saml2Token: [] },
    api: {
      knownClientApplications: [],
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
      requestedAccessTokenVersion: null,
    },
  });
  assert.equal(r.format, 'graph');
  assert.deepEqual(
    r.problems.map((p) => p.ruleId),
    [],
  );
});

test('a beta-only property with a value gets the beta hint, never "check the spelling"', () => {
  const r = schemaOnly({
    displayName: 'app',
    signInAudience: 'AzureADMyOrg',
    windows: { redirectUris: ['ms-appx-web://microsoft.aad.brokerplugin/x'], packageSid: 'S-1-15-2-1' },
    authenticationBehaviors: { removeUnverifiedEmailClaim: true },
  });
  const ids = r.problems.map((p) => `${p.ruleId}:${p.severity}`);
  assert.deepEqual(ids, ['schema-beta-property:hint', 'schema-beta-property:hint']);
  assert.match(r.problems[0]!.message, /beta; Graph v1\.0 ignores it/);
  assert.ok(r.problems.every((p) => !/spelling/.test(p.message)));
});

test('documented values: keyCredentials usage Verify/Sign/Encrypt, the homePageUrl of a non-gallery SAML app, null collections', () => {
  const key = (usage: string) => ({
    keyId: '5a0e0f8c-3c4b-4d7e-9e2a-0b1c2d3e4f50',
    type: 'AsymmetricX509Cert',
    usage,
    customKeyIdentifier: null,
    displayName: 'CN=x',
    key: null,
    startDateTime: '2025-01-01T00:00:00Z',
    endDateTime: '2026-01-01T00:00:00Z',
  });
  const r = schemaOnly({
    displayName: 'saml',
    signInAudience: 'AzureADMyOrg',
    keyCredentials: [key('Verify'), key('Sign'), key('Encrypt')],
    web: {
      homePageUrl:
        'https://account.activedirectory.windowsazure.com:444/applications/default.aspx?metadata=customappsso|ISV9.1|primary|z',
      redirectUris: [],
      logoutUrl: null,
      implicitGrantSettings: null,
    },
    identifierUris: null,
    appRoles: null,
    tags: null,
    addIns: null,
  });
  assert.deepEqual(
    r.problems.map((p) => p.message),
    [],
  );
  const legacy = schemaOnly({
    name: 'old',
    replyUrlsWithType: null,
    oauth2Permissions: null,
    knownClientApplications: null,
    requiredResourceAccess: null,
    keyCredentials: null,
    passwordCredentials: null,
    signInAudience: 'AzureADMyOrg',
  });
  assert.equal(legacy.format, 'legacy');
  assert.deepEqual(
    legacy.problems.filter((p) => p.ruleId.startsWith('schema-')).map((p) => p.message),
    [],
  );
  assert.deepEqual(
    schemaOnly({ displayName: 'x', signInAudience: 'AzureADMyOrg', keyCredentials: [key('Decrypt')] }).problems.map(
      (p) => p.ruleId,
    ),
    ['schema-enum'],
  );
});

test('the beta hint is given for beta properties with a value, among any number of other keys', () => {
  const many: Record<string, unknown> = { displayName: 'app', signInAudience: 'AzureADMyOrg' };
  for (let i = 0; i < 50; i++) many[`x${i}`] = i;
  const hints = (value: Record<string, unknown>) =>
    schemaOnly(value)
      .problems.filter((p) => p.ruleId === 'schema-beta-property')
      .map((p) => p.path);
  assert.deepEqual(hints({ ...many, windows: null, authenticationBehaviors: null }), []);
  assert.deepEqual(hints({ ...many, windows: null, authenticationBehaviors: {} }), ['/authenticationBehaviors']);
});
