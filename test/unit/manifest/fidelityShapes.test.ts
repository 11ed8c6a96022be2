// Shapes of application objects written by Microsoft tools and found in repositories, beyond the
// common ones: the Azure AD Graph API's own response fields, native apps of the pre-2019 object,
// and Teams Toolkit project templates (Mustache sections around JSON lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintManifest } from '../../../src/core/manifest/lint';
import { blankScaffoldSections } from '../../../src/core/entra/placeholders';

const NOW = { now: new Date('2026-01-01T00:00:00Z') };
const ids = (r: ReturnType<typeof lintManifest>) => r.problems.map((p) => p.ruleId);

test('fields the Azure AD Graph API returned (az ad app create before Azure CLI 2.37) are known, not spelling mistakes', () => {
  const r = lintManifest(
    JSON.stringify(
      {
        'odata.type': 'Microsoft.DirectoryServices.Application',
        objectType: 'Application',
        objectId: '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
        appId: '2f3e4d5c-6b7a-4988-a7b6-c5d4e3f2a1b0',
        displayName: 'Inventory sync',
        allowActAsForAllClients: null,
        appBranding: null,
        appCategory: null,
        appData: null,
        appMetadata: { version: 0, data: [] },
        appPermissions: null,
        applicationTemplateId: null,
        availableToOtherTenants: false,
        defaultIdentifierUri: null,
        encryptedMsiApplicationSecret: null,
        homepage: 'https://inventory.contoso.example/',
        identifierUris: [],
        oauth2Permissions: [],
        replyUrls: ['https://inventory.contoso.example/signin-oidc'],
        requiredResourceAccess: [],
        supportsConvergence: false,
      },
      null,
      2,
    ),
    NOW,
  );
  assert.equal(r.format, 'legacy');
  assert.deepEqual(
    r.problems.filter((p) => p.ruleId === 'schema-unknown-property').map((p) => p.message),
    [],
  );
  // A misspelt key is still one.
  const typo = lintManifest(JSON.stringify({ name: 'x', replyUrlsWithType: [], appCategorie: null }), NOW);
  assert.ok(ids(typo).includes('schema-unknown-property'), ids(typo).join());
});

test('the reply URLs of a pre-2019 native app (publicClient true) are public client URIs', () => {
  const app = (publicClient: boolean) =>
    lintManifest(
      JSON.stringify({
        objectType: 'Application',
        displayName: 'Field tablet',
        availableToOtherTenants: false,
        publicClient,
        replyUrls: ['msauth.com.contoso.fieldtablet://auth'],
        requiredResourceAccess: [],
      }),
      NOW,
    );
  // A custom scheme is what mobile and desktop apps register; on a web app it is an error.
  assert.deepEqual(
    ids(app(true)).filter((id) => id === 'redirect-uri-scheme'),
    [],
  );
  assert.ok(ids(app(false)).includes('redirect-uri-scheme'), ids(app(false)).join());
});

const PROJECT_TEMPLATE = `{
    "id": "\${{AAD_APP_OBJECT_ID}}",
    "appId": "\${{AAD_APP_CLIENT_ID}}",
    "displayName": "{{appName}}-aad",
    "signInAudience": "AzureADMyOrg",
    "api": {
        "requestedAccessTokenVersion": 2,
        "oauth2PermissionScopes": [
            {
                "adminConsentDescription": "Lets the app read orders as you.",
                "adminConsentDisplayName": "Read orders",
                "id": "\${{AAD_APP_ORDERS_SCOPE_ID}}",
                "isEnabled": true,
                "type": "User",
                "userConsentDescription": "Lets the app read your orders.",
                "userConsentDisplayName": "Read orders",
                "value": "Orders.Read"
            }
        ]
    },
    "identifierUris": [
{{#withGateway}}
        "api://\${{GATEWAY_DOMAIN}}/\${{AAD_APP_CLIENT_ID}}",
        "\${{GATEWAY_APP_ID_URI}}"
{{/withGateway}}
{{^withGateway}}
        "api://\${{AAD_APP_CLIENT_ID}}"
{{/withGateway}}
    ],
{{#withGateway}}
    "web": {
        "redirectUris": ["http://orders.contoso.example/callback"]
    },
{{/withGateway}}
    "requiredResourceAccess": []
}
`;

test('a Teams Toolkit project template is read as the project it makes: sections set, {{appName}} left to creation', () => {
  const r = lintManifest(PROJECT_TEMPLATE, NOW);
  assert.equal(r.format, 'teams-template');
  const found = ids(r);
  for (const id of [
    'json-syntax',
    'json-trailing-comma',
    'template-placeholder-styles',
    'scope-without-identifier-uri',
  ])
    assert.ok(!found.includes(id), `${id} in ${found.join()}`);
  // Rules still run inside a section, at the offsets of the original text.
  const scheme = r.problems.find((p) => p.ruleId === 'redirect-uri-scheme');
  assert.ok(scheme, found.join());
  assert.equal(PROJECT_TEMPLATE.slice(scheme.offset, scheme.offset + 7), '"http:/');
});

test('section blanking keeps every offset and gives up on tags that do not pair', () => {
  const text = '[\n{{#a}}\n1,\n{{/a}}\n{{^a}}\n2,\n{{/a}}\n3\n]';
  const out = blankScaffoldSections(text);
  assert.ok(out);
  assert.equal(out.text.length, text.length);
  assert.deepEqual(JSON.parse(out.text), [1, 3]);
  assert.deepEqual(out.names, ['a']);
  assert.equal(blankScaffoldSections('[\n{{#a}}\n1\n{{/b}}\n]'), undefined);
  assert.equal(blankScaffoldSections('[\n{{#a}}\n1\n]'), undefined);
  // A tag inside a string is text, not a section.
  assert.equal(blankScaffoldSections('{"d": "{{#a}}"}'), undefined);
  // An old TeamsFx placeholder still counts as the other style.
  const mixed = lintManifest(
    JSON.stringify({
      name: '{{config.manifest.appName.short}}',
      appId: '${{AAD_APP_CLIENT_ID}}',
      replyUrlsWithType: [],
    }),
    NOW,
  );
  assert.ok(ids(mixed).includes('template-placeholder-styles'), ids(mixed).join());
});

test('template-placeholder-styles counts a repeated string at every place it is written', () => {
  const older = '{{state.fx-resource-aad-app-for-teams.clientId}}';
  const template = (modern: number, olderCount: number) =>
    JSON.stringify({
      appId: '${{AAD_APP_CLIENT_ID}}',
      replyUrlsWithType: [],
      tags: [...Array<string>(modern).fill('${{TAG}} and ${{TAG}}'), ...Array<string>(olderCount).fill(older)],
    });
  // 1 + 2 * 3 modern placeholders against 4 older ones: the older style is the odd one.
  const styles = (text: string) =>
    lintManifest(text, NOW).problems.filter((p) => p.ruleId === 'template-placeholder-styles');
  const [few] = styles(template(3, 4));
  assert.ok(few);
  assert.match(few.message, /7 \$\{\{NAME\}\} \(Teams Toolkit 5\) and 4 \{\{name\}\}/);
  assert.equal(few.path, '/tags/3');
  // 1 + 2 * 1 modern against 4 older: the modern style is the odd one, first written at appId.
  const [other] = styles(template(1, 4));
  assert.match(other!.message, /3 \$\{\{NAME\}\} .* and 4 \{\{name\}\}/);
  assert.equal(other!.path, '/appId');
});

test('the files az ad app reads for --app-roles and --optional-claims are partial applications, checked by the rules', () => {
  // --app-roles @roles.json: az gives every role without an id a new GUID, so none is required.
  const roles = lintManifest(
    JSON.stringify([
      {
        allowedMemberTypes: ['User'],
        description: 'Reviewers sign off expense reports',
        displayName: 'Reviewer',
        isEnabled: true,
        value: 'Expenses.Review',
      },
      { allowedMemberTypes: ['Application', 'Robot'], displayName: 'Sync', isEnabled: true, value: 'Expenses.Sync' },
    ]),
    NOW,
  );
  assert.equal(roles.format, 'partial');
  assert.ok(!ids(roles).includes('schema-required'), ids(roles).join());
  assert.deepEqual(
    roles.problems.filter((p) => p.ruleId === 'schema-enum').map((p) => p.path),
    ['/appRoles/1/allowedMemberTypes/1'],
  );
  // --optional-claims @claims.json: the value of optionalClaims.
  const claims = lintManifest(
    JSON.stringify({ idToken: [{ name: 'email', essential: false }], accessToken: [{ name: 'upn_typo' }] }),
    NOW,
  );
  assert.equal(claims.format, 'partial');
  assert.ok(
    claims.problems.some((p) => p.path === '/optionalClaims/accessToken/0/name'),
    claims.problems.map((p) => `${p.ruleId}@${p.path}`).join(),
  );
  // An object with other keys is not such a file.
  assert.equal(lintManifest(JSON.stringify({ idToken: [], colour: 'red' }), NOW).format, 'not-manifest');
});

test('a partial object leaves what it does not set as it is: no finding assumes it unset', () => {
  const partial = (value: unknown) => {
    const r = lintManifest(JSON.stringify(value), NOW);
    assert.equal(r.format, 'partial', JSON.stringify(value));
    return ids(r);
  };
  // The token version is not in the body: neither v1 advice nor the v1 URI policy applies.
  const uris = partial({ identifierUris: ['api://expenses.contoso.example'], requiredResourceAccess: [] });
  assert.ok(!uris.includes('token-version-v1-custom-uri') && !uris.includes('identifier-uri-policy'), uris.join());
  // The body turns on implicit ID tokens; the registered redirect URIs stay.
  const implicit = partial({ web: { implicitGrantSettings: { enableIdTokenIssuance: true } } });
  assert.ok(!implicit.includes('implicit-id-token-no-web-redirect'), implicit.join());
  // The body asks for the groups claim; groupMembershipClaims stays as registered.
  const groups = partial({ optionalClaims: { idToken: [{ name: 'groups' }] } });
  assert.ok(!groups.includes('optional-claim-groups-membership'), groups.join());
  // What the body does set is still checked against itself.
  const both = partial({
    identifierUris: ['api://expenses.contoso.example'],
    api: { requestedAccessTokenVersion: null },
  });
  assert.ok(both.includes('token-version-v1-custom-uri'), both.join());
});

test('OData annotations in complex types (Graph documentation examples, SDK-serialized bodies) are not unknown properties', () => {
  const r = lintManifest(
    JSON.stringify({
      displayName: 'Timesheets',
      signInAudience: 'AzureADMyOrg',
      'logo@odata.mediaContentType': 'image/png',
      api: { '@odata.type': 'microsoft.graph.apiApplication', requestedAccessTokenVersion: 2 },
      web: {
        '@odata.type': 'microsoft.graph.webApplication',
        redirectUris: ['https://timesheets.contoso.example/signin-oidc'],
        implicitGrantSettings: { '@odata.type': 'microsoft.graph.implicitGrantSettings', enableIdTokenIssuance: false },
      },
      requiredResourceAccess: [
        {
          '@odata.type': 'microsoft.graph.requiredResourceAccess',
          resourceAppId: '00000003-0000-0000-c000-000000000000',
          resourceAccess: [
            {
              '@odata.type': 'microsoft.graph.resourceAccess',
              id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
              type: 'Scope',
            },
          ],
        },
      ],
    }),
    NOW,
  );
  assert.equal(r.format, 'graph');
  assert.deepEqual(
    r.problems.filter((p) => p.ruleId === 'schema-unknown-property').map((p) => p.path),
    [],
  );
  // A misspelt property next to an annotation is still reported.
  const typo = lintManifest(
    JSON.stringify({ displayName: 'x', web: { '@odata.type': 'microsoft.graph.webApplication', redirectUri: [] } }),
    NOW,
  );
  assert.deepEqual(
    typo.problems.filter((p) => p.ruleId === 'schema-unknown-property').map((p) => p.path),
    ['/web/redirectUri'],
  );
});

test('an update body that changes only signInAudience is partial: its value is checked, the token version is unknown', () => {
  const body = lintManifest(JSON.stringify({ signInAudience: 'AzureADandPersonalMicrosoftAccount' }), NOW);
  assert.equal(body.format, 'partial');
  assert.ok(!ids(body).includes('token-version-personal'), ids(body).join());
  const wrongCase = lintManifest(JSON.stringify({ signInAudience: 'AzureADAndPersonalMicrosoftAccount' }), NOW);
  assert.equal(wrongCase.format, 'partial');
  assert.ok(ids(wrongCase).includes('schema-enum'), ids(wrongCase).join());
  // Naming the app makes it a create body: whole, and the v1 default is reported.
  const create = lintManifest(
    JSON.stringify({ displayName: 'Recipes', signInAudience: 'AzureADandPersonalMicrosoftAccount' }),
    NOW,
  );
  assert.equal(create.format, 'graph');
  assert.ok(ids(create).includes('token-version-personal'), ids(create).join());
});
