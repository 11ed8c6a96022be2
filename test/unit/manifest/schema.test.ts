import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { applyEdits } from 'jsonc-parser';
import {
  getLanguageService,
  TextDocument,
  type Diagnostic,
  type JSONDocument,
  type LanguageService,
} from 'vscode-json-languageservice';
import { fromPointer } from '../../../src/core/manifest/json';
import { lintManifest } from '../../../src/core/manifest/lint';
import { isFriendlyNamePointer } from '../../../src/core/manifest/schemaErrors';
import { closest, schemaAtPath, schemas, validatorFor } from '../../../src/core/manifest/schema';
import type { Problem, Rule } from '../../../src/core/manifest/types';
import { at } from './rules/helper';

const noRules: readonly Rule[] = [];
const root = resolve(__dirname, '../../..');

const range = (p: Problem | undefined) => ({ offset: p!.offset, length: p!.length });
const schemaOnly = (text: string) => lintManifest(text, { rules: noRules }).problems;

test('both schema files are valid draft-07 schemas and every property has a description', () => {
  const meta = new Ajv({ strict: false });
  for (const name of ['graph', 'legacy'] as const) {
    const file = JSON.parse(readFileSync(resolve(root, `schemas/application.${name}.schema.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(file.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.ok(meta.validateSchema(file), JSON.stringify(meta.errors));
    const missing: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as {
        properties?: Record<string, { description?: string }>;
        items?: unknown;
        definitions?: Record<string, unknown>;
      };
      for (const [k, v] of Object.entries(n.properties ?? {})) {
        if (!v.description) missing.push(`${where}.${k}`);
        walk(v, `${where}.${k}`);
      }
      if (n.items) walk(n.items, `${where}[]`);
      for (const [k, v] of Object.entries(n.definitions ?? {})) walk(v, `#${k}`);
    };
    walk(file, name);
    assert.deepEqual(missing, []);
  }
});

test('the schemas know the enums of the facts sheet', () => {
  const e = (flavor: 'graph' | 'legacy', path: (string | number)[]) =>
    schemaAtPath(flavor, path)?.enum?.filter((v) => v !== null);
  assert.deepEqual(e('graph', ['signInAudience']), [
    'AzureADMyOrg',
    'AzureADMultipleOrgs',
    'AzureADandPersonalMicrosoftAccount',
    'PersonalMicrosoftAccount',
  ]);
  assert.deepEqual(e('graph', ['api', 'oauth2PermissionScopes', 0, 'type']), ['User', 'Admin']);
  assert.deepEqual(e('graph', ['appRoles', 0, 'allowedMemberTypes', 0]), ['User', 'Application']);
  assert.deepEqual(e('graph', ['requiredResourceAccess', 0, 'resourceAccess', 0, 'type']), ['Scope', 'Role']);
  assert.deepEqual(e('graph', ['groupMembershipClaims']), [
    'None',
    'SecurityGroup',
    'ApplicationGroup',
    'DirectoryRole',
    'All',
  ]);
  assert.deepEqual(e('graph', ['nativeAuthenticationApisEnabled']), ['none', 'all', 'unknownFutureValue']);
  assert.deepEqual(e('legacy', ['replyUrlsWithType', 0, 'type']), ['Web', 'Spa', 'InstalledClient']);
  assert.deepEqual(e('graph', ['api', 'requestedAccessTokenVersion']), [1, 2]);
});

test('validators are compiled once and reused', () => {
  assert.equal(validatorFor('graph'), validatorFor('graph'));
  assert.notEqual(validatorFor('graph'), validatorFor('legacy'));
});

test('enum case errors point at the value and offer the right case', () => {
  const text =
    '{\n  "signInAudience": "azureadmyorg",\n  "name": "x",\n  "replyUrlsWithType": [{ "url": "https://a.example/cb", "type": "spa" }]\n}';
  const problems = lintManifest(text, { rules: noRules }).problems.filter((p) => p.ruleId === 'schema-enum');
  assert.deepEqual(problems.map(range), [at(text, '"azureadmyorg"'), at(text, '"spa"')]);
  assert.equal(problems[1]!.path, '/replyUrlsWithType/0/type');
  assert.match(problems[1]!.message, /wrong case.*"Spa"/);
  let fixed = text;
  for (const p of [...problems].reverse()) fixed = applyEdits(fixed, [...p.fixes![0]!.edits]);
  assert.equal(JSON.parse(fixed).signInAudience, 'AzureADMyOrg');
  assert.equal(JSON.parse(fixed).replyUrlsWithType[0].type, 'Spa');
  assert.deepEqual(
    schemaOnly(fixed).filter((p) => p.ruleId.startsWith('schema-')),
    [],
  );
});

test('an enum value that is not a case error lists the allowed values, with a near-miss suggestion', () => {
  const text =
    '{"signInAudience":"AzureADMultipleOrg","requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[{"id":"e1fe6dd8-ba31-4d61-89e7-88639da4683d","type":"Delegated"}]}]}';
  const [a, b] = schemaOnly(text).filter((p) => p.ruleId === 'schema-enum');
  assert.deepEqual(range(a), at(text, '"AzureADMultipleOrg"'));
  assert.match(a!.message, /Did you mean "AzureADMultipleOrgs"\?/);
  assert.equal(a!.fixes![0]!.edits[0]!.content, '"AzureADMultipleOrgs"');
  assert.deepEqual(range(b), at(text, '"Delegated"'));
  assert.match(b!.message, /Allowed: "Scope", "Role"/);
  assert.equal(b!.fixes, undefined);
});

test('unknown properties: warning on the key, with "did you mean" and a rename fix when close', () => {
  const text =
    '{\n  "displayName": "a",\n  "signInAudiance": "AzureADMyOrg",\n  "web": { "redirectUri": [] },\n  "requiredResourceAccess": [],\n  "frobnicate": 1\n}';
  const unknown = schemaOnly(text).filter((p) => p.ruleId === 'schema-unknown-property');
  assert.deepEqual(unknown.map(range), [
    at(text, '"signInAudiance"'),
    at(text, '"redirectUri"'),
    at(text, '"frobnicate"'),
  ]);
  assert.ok(unknown.every((p) => p.severity === 'warning'));
  assert.match(unknown[0]!.message, /Did you mean "signInAudience"\?/);
  assert.match(unknown[1]!.message, /in web\. Did you mean "redirectUris"\?/);
  assert.equal(unknown[2]!.fixes, undefined);
  const renamed = applyEdits(text, [...unknown[0]!.fixes![0]!.edits]);
  assert.equal(JSON.parse(renamed).signInAudience, 'AzureADMyOrg');
  assert.equal(closest('isfallbackpublicclient', ['isFallbackPublicClient']), 'isFallbackPublicClient');
  assert.equal(closest('zzz', ['api', 'web']), undefined);
});

test('read-only properties from the admin center and OData annotations are allowed', () => {
  const text = JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity',
    id: '03ef14b0-ca33-4840-8f4f-d6e91916010e',
    appId: '631a96bc-a705-4eda-9f99-fdaf9f54f6a2',
    createdDateTime: '2019-09-17T19:10:35.2742618Z',
    publisherDomain: 'contoso.com',
    deletedDateTime: null,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    signInAudience: 'AzureADMyOrg',
    certification: { isPublisherAttested: true, certificationExpirationDateTime: '2022-05-11T23:26:20Z' },
    info: { logoUrl: null },
    requiredResourceAccess: [],
  });
  assert.deepEqual(schemaOnly(text), []);
});

test('format errors: GUIDs, URIs and date-times on the value; a new-GUID fix only for definition ids', () => {
  const text = JSON.stringify(
    {
      signInAudience: 'AzureADMyOrg',
      appRoles: [
        { id: 'role-1', allowedMemberTypes: ['User'], value: 'R', displayName: 'R', description: 'R', isEnabled: true },
      ],
      requiredResourceAccess: [
        { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'User.Read', type: 'Scope' }] },
      ],
      web: { redirectUris: ['https://a.example/with space'] },
      keyCredentials: [{ endDateTime: 'next year' }],
    },
    null,
    2,
  );
  const formats = schemaOnly(text).filter((p) => p.ruleId === 'schema-format');
  assert.deepEqual(formats.map(range), [
    at(text, '"role-1"'),
    at(text, '"User.Read"'),
    at(text, '"https://a.example/with space"'),
    at(text, '"next year"'),
  ]);
  const fix = formats[0]!.fixes![0]!;
  assert.equal(fix.title, 'Replace with a new GUID');
  assert.match(
    JSON.parse(fix.edits[0]!.content) as string,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(formats[1]!.fixes, undefined, 'a permission id must come from the resource, not be invented');
});

test("missing required properties: on the parent key, or the object's first character in arrays", () => {
  const text =
    '{\n  "signInAudience": "AzureADMyOrg",\n  "requiredResourceAccess": [\n    { "resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [ { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d" } ] }\n  ]\n}';
  const [p] = schemaOnly(text).filter((x) => x.ruleId === 'schema-required');
  assert.deepEqual(range(p), { offset: text.indexOf('{ "id"'), length: 1 });
  assert.equal(p!.path, '/requiredResourceAccess/0/resourceAccess/0');
  assert.match(p!.message, /missing the required property "type"/);
});

test('uniqueItems: a repeated member type is reported on the repeat', () => {
  const text =
    '{"signInAudience":"AzureADMyOrg","appRoles":[{"id":"3c4f0b4e-6f63-4c1c-9d1b-5d6c9b0f7a11","allowedMemberTypes":["User","User"]}],"requiredResourceAccess":[]}';
  const [p] = schemaOnly(text).filter((x) => x.ruleId === 'schema-unique-items');
  assert.deepEqual(range(p), at(text, '"User"', 1));
});

test('Teams templates: placeholders stand for any string, GUID or URI; friendly names are legal', () => {
  const text = JSON.stringify(
    {
      id: '${{AAD_APP_OBJECT_ID}}',
      appId: '${{AAD_APP_CLIENT_ID}}',
      name: 'app-aad',
      accessTokenAcceptedVersion: 2,
      signInAudience: 'AzureADMyOrg',
      oauth2AllowImplicitFlow: '${{IMPLICIT}}',
      requiredResourceAccess: [
        { resourceAppId: 'Microsoft Graph', resourceAccess: [{ id: 'User.Read', type: 'Scope' }] },
      ],
      oauth2Permissions: [
        { id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}', type: 'User', value: 'access_as_user', isEnabled: true },
      ],
      replyUrlsWithType: [
        { url: 'https://${{TAB_DOMAIN}}/auth-end.html?clientId=${{AAD_APP_CLIENT_ID}}', type: 'Web' },
      ],
      identifierUris: ['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}'],
    },
    null,
    2,
  );
  const r = lintManifest(text, { rules: noRules });
  assert.equal(r.format, 'teams-template');
  assert.deepEqual(r.problems, []);
  // Real mistakes are still found in templates.
  const broken = text.replace('"type": "Web"', '"type": "web"').replace('"isEnabled": true', '"isEnabled": "yes"');
  assert.deepEqual(
    schemaOnly(broken).map((p) => p.ruleId),
    ['schema-type', 'schema-enum'],
  );
});

test('legacy keys: the rule reports them in Graph files; in Graph-flavoured templates the schema warns', () => {
  const graphFile = '{"displayName":"a","signInAudience":"AzureADMyOrg","web":{},"oauth2AllowImplicitFlow":true}';
  assert.deepEqual(schemaOnly(graphFile), []);
  const template =
    '{"displayName":"${{NAME}}","signInAudience":"AzureADMyOrg","web":{},"oauth2AllowImplicitFlow":true}';
  const [p] = schemaOnly(template);
  assert.equal(p!.ruleId, 'schema-unknown-property');
  assert.deepEqual(range(p), at(template, '"oauth2AllowImplicitFlow"'));
  assert.match(p!.message, /web\.implicitGrantSettings\.enableAccessTokenIssuance/);
  assert.ok(p!.fixes!.some((f) => f.title === 'Convert to Microsoft Graph format'));
});

test('whole-document conversion from the legacy format follows facts §2', () => {
  const legacy = JSON.stringify(
    {
      id: 'e0a4b3f8-1c1d-4bd4-a40f-27c1a3a1c0a1',
      name: 'My app',
      accessTokenAcceptedVersion: 2,
      allowPublicClient: false,
      availableToOtherTenants: false,
      informationalUrls: { termsOfService: 'https://a.example/tos', support: null, privacy: null, marketing: null },
      logoutUrl: 'https://a.example/logout',
      oauth2AllowImplicitFlow: false,
      oauth2AllowIdTokenImplicitFlow: true,
      oauth2AllowUrlPathMatching: false,
      orgRestrictions: [],
      oauth2Permissions: [
        {
          id: '5b1b9c0e-4bde-4d5a-9c6e-6b2c2a4f9b11',
          value: 'access_as_user',
          type: 'User',
          isEnabled: true,
          lang: null,
          origin: 'Application',
        },
      ],
      preAuthorizedApplications: [
        { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', permissionIds: ['5b1b9c0e-4bde-4d5a-9c6e-6b2c2a4f9b11'] },
      ],
      replyUrlsWithType: [
        { url: 'https://a.example/signin', type: 'Web' },
        { url: 'https://a.example/spa', type: 'Spa' },
        { url: 'http://localhost', type: 'InstalledClient' },
      ],
      passwordCredentials: [
        {
          keyId: 'a1b2c3d4-0000-4000-8000-000000000001',
          endDate: '2030-01-01T00:00:00Z',
          value: 'secret-value-here',
          displayName: 'ci',
        },
      ],
      requiredResourceAccess: [],
      signInUrl: 'https://a.example/',
    },
    null,
    4,
  );
  const r = lintManifest(legacy);
  assert.equal(r.format, 'legacy');
  const legacyFormat = r.problems.find((p) => p.fixes?.some((f) => f.title === 'Convert to Microsoft Graph format'));
  assert.ok(legacyFormat, 'a finding offers the conversion');
  const fix = legacyFormat.fixes!.find((f) => f.title === 'Convert to Microsoft Graph format')!;
  const converted = applyEdits(legacy, [...fix.edits]);
  const value = JSON.parse(converted) as unknown;
  assert.deepEqual(value, {
    id: 'e0a4b3f8-1c1d-4bd4-a40f-27c1a3a1c0a1',
    displayName: 'My app',
    api: {
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [
        { id: '5b1b9c0e-4bde-4d5a-9c6e-6b2c2a4f9b11', value: 'access_as_user', type: 'User', isEnabled: true },
      ],
      preAuthorizedApplications: [
        {
          appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
          delegatedPermissionIds: ['5b1b9c0e-4bde-4d5a-9c6e-6b2c2a4f9b11'],
        },
      ],
    },
    isFallbackPublicClient: false,
    signInAudience: 'AzureADMyOrg',
    info: {
      termsOfServiceUrl: 'https://a.example/tos',
      supportUrl: null,
      privacyStatementUrl: null,
      marketingUrl: null,
    },
    web: {
      logoutUrl: 'https://a.example/logout',
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true },
      redirectUris: ['https://a.example/signin'],
      homePageUrl: 'https://a.example/',
    },
    spa: { redirectUris: ['https://a.example/spa'] },
    publicClient: { redirectUris: ['http://localhost'] },
    passwordCredentials: [
      { keyId: 'a1b2c3d4-0000-4000-8000-000000000001', endDateTime: '2030-01-01T00:00:00Z', displayName: 'ci' },
    ],
    requiredResourceAccess: [],
  });
  assert.ok(converted.startsWith('{\n    "id"'), 'keeps the indentation');
  const again = lintManifest(converted, { rules: noRules });
  assert.equal(again.format, 'graph');
  assert.deepEqual(again.problems, []);
});

test('the Graph schema file is what the engine validates with', () => {
  const file = JSON.parse(readFileSync(resolve(root, 'schemas/application.graph.schema.json'), 'utf8')) as unknown;
  assert.deepEqual(schemas.graph, file);
});

test('the editor schemas are generated from the application schemas (npm run schemas:editor)', async () => {
  const { editorSchemaFiles } = await import('../../../scripts/lib/editor-schema.mjs');
  for (const [name, text] of Object.entries(editorSchemaFiles(root))) {
    assert.equal(
      readFileSync(resolve(root, 'schemas/editor', name), 'utf8'),
      text,
      `schemas/editor/${name} is up to date`,
    );
  }
  for (const name of [
    'application.schema.json',
    'editor/application.graph.schema.json',
    'editor/application.legacy.schema.json',
  ]) {
    const schema = JSON.parse(readFileSync(resolve(root, `schemas/${name}`), 'utf8')) as Record<string, unknown>;
    assert.equal(schema.$id, undefined, `${name}: no $id, so relative $refs resolve next to the file in the editor`);
  }
});

/** VS Code's own JSON support (vscode-json-languageservice) with the schema package.json contributes. */
function vscodeJson(): {
  run(text: string): Promise<{ doc: TextDocument; json: JSONDocument; diagnostics: Diagnostic[] }>;
  service: LanguageService;
} {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
    contributes: { jsonValidation: { fileMatch: string[]; url: string }[] };
  };
  const nls = JSON.parse(readFileSync(resolve(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const contribution = pkg.contributes.jsonValidation[0]!;
  // The url is a package.nls string (each display language has its schema): VS Code puts it in as here.
  const url = /^%(.+)%$/.exec(contribution.url) ? nls[contribution.url.slice(1, -1)]! : contribution.url;
  const schemaUri = pathToFileURL(resolve(root, url)).href;
  const service = getLanguageService({
    schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf8'),
    workspaceContext: { resolveRelativePath: (relative, base) => new URL(relative, base).href },
  });
  service.configure({
    validate: true,
    allowComments: false,
    schemas: [{ uri: schemaUri, fileMatch: contribution.fileMatch }],
  });
  let version = 0;
  return {
    service,
    async run(text) {
      const doc = TextDocument.create('file:///work/app.manifest.json', 'json', ++version, text);
      const json = service.parseJSONDocument(doc);
      return { doc, json, diagnostics: await service.doValidation(doc, json, { schemaValidation: 'error' }) };
    },
  };
}

test("VS Code's JSON support with the contributed schema: descriptions and suggestions, no findings of its own", async () => {
  const { run, service } = vscodeJson();
  // Every mistake here is the engine's to report (once, with a fix): VS Code's JSON support stays quiet.
  const graph = JSON.stringify(
    {
      displayName: 'Contoso Orders',
      signInAudience: 'azureadmyorg',
      isFallbackPublicClent: false,
      api: {
        requestedAccessTokenVersion: '2',
        oauth2PermissionScopes: [{ id: 'not-a-guid', value: 'Orders.Read', type: 'user', isEnabled: true }],
      },
      web: { redirectUris: ['not a uri'] },
      requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: '' }] }],
      appRoles: [{ allowedMemberTypes: ['User', 'User'], id: '${{ROLE_ID}}', value: 'Admin', isEnabled: 'yes' }],
    },
    null,
    2,
  );
  const g = await run(graph);
  assert.deepEqual(
    g.diagnostics.map((d) => d.message),
    [],
    'no duplicate of the engine findings',
  );
  assert.ok(
    lintManifest(graph).problems.filter((p) => p.ruleId.startsWith('schema-')).length >= 6,
    'the engine does report them',
  );
  // Hovers carry the Graph schema's descriptions.
  const hover = await service.doHover(g.doc, g.doc.positionAt(graph.indexOf('"signInAudience"') + 2), g.json);
  const hoverText = JSON.stringify(hover?.contents ?? '');
  assert.match(hoverText, /account/i, `signInAudience hover: ${hoverText}`);
  // Completions: the property names not yet used at the top level, allowed values for an enum.
  const props = await service.doComplete(g.doc, g.doc.positionAt(graph.indexOf('"displayName"')), g.json);
  const names = props?.items.map((i) => i.label) ?? [];
  for (const name of ['identifierUris', 'spa', 'optionalClaims'])
    assert.ok(names.includes(name), `offers ${name}: ${names.join(', ')}`);
  const values = await service.doComplete(g.doc, g.doc.positionAt(graph.indexOf('"azureadmyorg"') + 1), g.json);
  const labels = values?.items.map((i) => i.label) ?? [];
  assert.ok(
    labels.some((l) => l.includes('AzureADMyOrg')),
    `offers AzureADMyOrg: ${labels.join(', ')}`,
  );

  // A legacy manifest gets the legacy descriptions and values, and no findings either.
  const legacy = JSON.stringify(
    { name: 'a', replyUrlsWithType: [{ url: 'https://a.contoso.com/cb', type: 'spa' }], oauth2AllowImplicitFlow: 'no' },
    null,
    2,
  );
  const l = await run(legacy);
  assert.deepEqual(
    l.diagnostics.map((d) => d.message),
    [],
  );
  const legacyValues = await service.doComplete(l.doc, l.doc.positionAt(legacy.indexOf('"spa"') + 1), l.json);
  const legacyLabels = legacyValues?.items.map((i) => i.label) ?? [];
  assert.ok(
    legacyLabels.some((x) => x.includes('InstalledClient')),
    `offers the legacy reply URL types: ${legacyLabels.join(', ')}`,
  );

  // JSON that is not an app manifest (a web app manifest matching *.manifest.json) gets no app suggestions.
  const webApp = JSON.stringify({ name: 'Orders PWA', short_name: 'Orders', start_url: '/' }, null, 2);
  const w = await run(webApp);
  const webNames =
    (await service.doComplete(w.doc, w.doc.positionAt(webApp.indexOf('"name"')), w.json))?.items.map((i) => i.label) ??
    [];
  assert.ok(!webNames.includes('signInAudience'), `no app properties offered: ${webNames.join(', ')}`);
});

test('template permission names: the pointer check answers as the check of its unescaped segments', () => {
  // The reference: the check on the pointer's segments, as the engine made it before.
  const isFriendlyNamePosition = (segments: readonly string[]): boolean =>
    segments[0] === 'requiredResourceAccess' &&
    (segments[2] === 'resourceAppId' || (segments[2] === 'resourceAccess' && segments[4] === 'id'));
  const tokens = [
    '',
    'requiredResourceAccess',
    'resourceAppId',
    'resourceAccess',
    'id',
    '0',
    '17',
    'a~1b',
    '~0id',
    'idx',
    'resourceAppIdx',
  ];
  let checked = 0;
  let named = 0;
  const walk = (path: string[]): void => {
    if (path.length > 0) {
      const pointer = '/' + path.join('/');
      const expected = isFriendlyNamePosition(fromPointer(pointer));
      assert.equal(isFriendlyNamePointer(pointer), expected, pointer);
      checked++;
      if (expected) named++;
    }
    if (path.length < 5) for (const t of tokens) walk([...path, t]);
  };
  walk([]);
  assert.equal(isFriendlyNamePointer(''), isFriendlyNamePosition([]));
  assert.ok(checked > 100_000 && named > 100, `${checked} pointers, ${named} permission names`);
});
