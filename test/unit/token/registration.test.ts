import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import { GRAPH_APP_ID } from '../../../src/core/token/catalog';
import { type LinkedApp, linkToken, type TokenLinks } from '../../../src/core/token/linker';
import { explainByRegistration, type RegistrationNote } from '../../../src/core/token/registration';
import { linkedFromApplication, linkedFromDetail } from '../../../src/core/tenant/linker';
import { renderLinkedFragments } from '../../../src/vscode/token/html';
import { API, CLIENT, NOW, nowS, TENANT, unsigned, v2Delegated } from './helpers';

const analysisOf = (p: Record<string, unknown>) => {
  const d = decodeToken(unsigned({ alg: 'RS256', kid: 'k' }, p));
  assert.ok(d.ok);
  return analyzeToken(d.token, { now: NOW });
};

const SCOPE_READ = 's0000000-0000-0000-0000-000000000001';
const SCOPE_WRITE = 's0000000-0000-0000-0000-000000000002';
const ROLE_ALL = 'r0000000-0000-0000-0000-000000000001';
const ROLE_USER = 'r0000000-0000-0000-0000-000000000002';

function api(extra: Partial<LinkedApp> = {}): LinkedApp {
  return {
    appId: API,
    displayName: 'CRM API',
    identifierUris: ['api://crm'],
    scopes: [
      { value: 'Crm.Read', id: SCOPE_READ },
      { value: 'Crm.Write', id: SCOPE_WRITE },
    ],
    roles: [
      { value: 'Accounts.Read.All', id: ROLE_ALL, allowedMemberTypes: ['User', 'Application'] },
      { value: 'Accounts.Read.Team', id: ROLE_USER, allowedMemberTypes: ['User'] },
    ],
    accessTokenVersion: 2,
    ...extra,
  };
}

function client(extra: Partial<LinkedApp> = {}): LinkedApp {
  return { appId: CLIENT, displayName: 'CRM Daemon', scopes: [], roles: [], requested: [], ...extra };
}

const appOnlyPayload = (extra: Record<string, unknown> = {}): Record<string, unknown> => {
  const p: Record<string, unknown> = {
    ...v2Delegated({ idtyp: 'app', oid: 'sp-object-id', sub: 'sp-object-id', ...extra }),
  };
  delete p.scp;
  delete p.name;
  delete p.preferred_username;
  return p;
};

async function notes(
  payload: Record<string, unknown>,
  apps: { api?: LinkedApp; client?: LinkedApp },
): Promise<{ notes: RegistrationNote[]; links: TokenLinks }> {
  const analysis = analysisOf(payload);
  const byKey = new Map<string, LinkedApp>();
  if (apps.api)
    for (const k of [apps.api.appId, ...(apps.api.identifierUris ?? [])]) byKey.set(k.toLowerCase(), apps.api);
  if (apps.client) byKey.set(apps.client.appId.toLowerCase(), apps.client);
  const links = await linkToken(analysis, { resolveApp: async (k) => byKey.get(k.toLowerCase()) });
  return { notes: explainByRegistration(analysis, links), links };
}

const codes = (n: readonly RegistrationNote[]): string[] => n.map((x) => x.code);

test('registration: nothing to explain when the token is not linked to the tenant', () => {
  const analysis = analysisOf(v2Delegated());
  assert.deepEqual(explainByRegistration(analysis, undefined), []);
  assert.deepEqual(explainByRegistration(analysis, { scopes: [], roles: [] }), []);
});

test('registration: an app-only token has no scp by design; roles from a granted application permission need no more', async () => {
  const granted = client({
    requested: [{ resourceAppId: API, id: ROLE_ALL, type: 'Role' }],
    consent: [{ resourceAppId: API, permissionId: ROLE_ALL, kind: 'Role', value: 'Accounts.Read.All', granted: true }],
  });
  const r = await notes(appOnlyPayload({ roles: ['Accounts.Read.All'] }), { api: api(), client: granted });
  assert.deepEqual(codes(r.notes), ['client-credentials-no-scp']);
  assert.equal(r.notes[0]!.severity, 'info');
  assert.match(r.notes[0]!.detail, /roles/);
});

test('registration: app-only without roles, the client requests no application permission of the API', async () => {
  const r = await notes(appOnlyPayload(), {
    api: api(),
    client: client({ requested: [{ resourceAppId: GRAPH_APP_ID, id: 'x', type: 'Role' }] }),
  });
  assert.deepEqual(codes(r.notes), ['client-credentials-no-scp', 'role-not-requested']);
  const n = r.notes[1]!;
  assert.equal(n.severity, 'error');
  // Only roles applications can hold are offered.
  assert.deepEqual(n.values, ['Accounts.Read.All']);
  assert.match(n.title, /CRM Daemon requests no application permission of CRM API/);
});

test('registration: app-only without roles, the role is requested but admin consent was not granted', async () => {
  const c = client({
    requested: [{ resourceAppId: API, id: ROLE_ALL, type: 'Role' }],
    consent: [{ resourceAppId: API, permissionId: ROLE_ALL, kind: 'Role', value: 'Accounts.Read.All', granted: false }],
  });
  const r = await notes(appOnlyPayload(), { api: api(), client: c });
  assert.deepEqual(codes(r.notes), ['client-credentials-no-scp', 'role-not-consented']);
  assert.deepEqual(r.notes[1]!.values, ['Accounts.Read.All']);
});

test('registration: app-only without roles, consent unknown or granted after the token was issued', async () => {
  const requested = [{ resourceAppId: API, id: ROLE_ALL, type: 'Role' }];
  const unknown = await notes(appOnlyPayload(), { api: api(), client: client({ requested }) });
  assert.deepEqual(codes(unknown.notes), ['client-credentials-no-scp', 'role-consent-unknown']);
  const granted = await notes(appOnlyPayload(), {
    api: api(),
    client: client({
      requested,
      consent: [{ resourceAppId: API, permissionId: ROLE_ALL, kind: 'Role', granted: true }],
    }),
  });
  assert.deepEqual(codes(granted.notes), ['client-credentials-no-scp', 'role-granted-not-in-token']);
  // The client is not an app registration of the tenant: the role is named as missing, consent unknown.
  const unlinkedClient = await notes(appOnlyPayload(), { api: api() });
  assert.deepEqual(codes(unlinkedClient.notes), ['client-credentials-no-scp', 'role-consent-unknown']);
});

test('registration: app-only for an API that defines no role for applications', async () => {
  const r = await notes(appOnlyPayload(), {
    api: api({ roles: [{ value: 'Accounts.Read.Team', id: ROLE_USER, allowedMemberTypes: ['User'] }] }),
    client: client(),
  });
  assert.deepEqual(codes(r.notes), ['client-credentials-no-scp', 'no-application-roles']);
});

test('registration: delegated, a scope the API does not expose and registered scopes missing from the token', async () => {
  const c = client({
    displayName: 'CRM Web',
    requested: [
      { resourceAppId: API, id: SCOPE_READ, type: 'Scope' },
      { resourceAppId: API, id: SCOPE_WRITE, type: 'Scope' },
    ],
    consent: [
      { resourceAppId: API, permissionId: SCOPE_READ, kind: 'Scope', value: 'Crm.Read', granted: true },
      { resourceAppId: API, permissionId: SCOPE_WRITE, kind: 'Scope', value: 'Crm.Write', granted: false },
    ],
  });
  const r = await notes(v2Delegated({ scp: 'Crm.Old' }), { api: api(), client: c });
  assert.deepEqual(codes(r.notes), ['scope-not-exposed', 'scope-not-consented', 'scope-not-asked']);
  assert.deepEqual(r.notes[0]!.values, ['Crm.Old']);
  assert.deepEqual(r.notes[1]!.values, ['Crm.Write']);
  assert.match(r.notes[1]!.detail, /AADSTS65001/);
  assert.deepEqual(r.notes[2]!.values, ['Crm.Read']);
  assert.match(r.notes[2]!.detail, /api:\/\/crm\/\.default/);
  // Everything registered is in the token: nothing to say.
  const fine = await notes(v2Delegated({ scp: 'Crm.Read Crm.Write' }), { api: api(), client: c });
  assert.deepEqual(codes(fine.notes), []);
});

test('registration: delegated token for an API that exposes no scopes', async () => {
  const r = await notes(v2Delegated({ scp: 'user_impersonation' }), { api: api({ scopes: [] }) });
  assert.deepEqual(codes(r.notes), ['no-scopes-exposed']);
  assert.equal(r.notes[0]!.severity, 'warning');
});

test('registration: a Microsoft Graph token while the client also calls its own API', async () => {
  const graph: LinkedApp = {
    appId: GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    scopes: [{ value: 'User.Read', id: 'g1' }],
    roles: [],
  };
  const c = client({
    displayName: 'CRM Web',
    requested: [
      { resourceAppId: GRAPH_APP_ID, id: 'g1', type: 'Scope' },
      { resourceAppId: API, id: SCOPE_READ, type: 'Scope' },
    ],
  });
  const r = await notes(v2Delegated({ aud: GRAPH_APP_ID, scp: 'User.Read' }), { api: graph, client: c });
  assert.deepEqual(codes(r.notes), ['graph-audience']);
  assert.deepEqual(r.notes[0]!.values, [API]);
  // A client that only calls Graph gets no such note.
  const graphOnly = await notes(v2Delegated({ aud: GRAPH_APP_ID, scp: 'User.Read' }), {
    api: graph,
    client: client({ requested: [{ resourceAppId: GRAPH_APP_ID, id: 'g1', type: 'Scope' }] }),
  });
  assert.deepEqual(codes(graphOnly.notes), []);
});

test('registration: a v1 token because the API asks for v1 access tokens', async () => {
  const v1 = v2Delegated({
    aud: 'api://crm',
    iss: `https://sts.windows.net/${TENANT}/`,
    ver: '1.0',
    appid: CLIENT,
    azp: undefined,
    scp: 'Crm.Read',
  });
  const nullVersion = await notes(v1, { api: api({ accessTokenVersion: null }) });
  assert.deepEqual(codes(nullVersion.notes), ['v1-issuer']);
  assert.match(nullVersion.notes[0]!.title, /requestedAccessTokenVersion is null/);
  const one = await notes(v1, { api: api({ accessTokenVersion: 1 }) });
  assert.match(one.notes[0]!.title, /is 1\)/);
  // Version unknown (resolved from a service principal) or 2: no claim about the registration.
  assert.deepEqual(codes((await notes(v1, { api: api({ accessTokenVersion: undefined }) })).notes), []);
  assert.deepEqual(
    codes((await notes(v2Delegated({ scp: 'Crm.Read' }), { api: api({ accessTokenVersion: null }) })).notes),
    [],
  );
});

test('registration: links carry the requested permissions, token version and consent from Graph JSON and loaded details', () => {
  const fromGraph = linkedFromApplication({
    appId: CLIENT,
    displayName: 'Daemon',
    api: { requestedAccessTokenVersion: null, oauth2PermissionScopes: [] },
    appRoles: [{ value: 'Jobs.Run', id: 'j', allowedMemberTypes: ['Application'] }],
    requiredResourceAccess: [{ resourceAppId: API, resourceAccess: [{ id: ROLE_ALL, type: 'Role' }, { id: 7 }] }],
  })!;
  assert.equal(fromGraph.accessTokenVersion, null);
  assert.deepEqual(fromGraph.requested, [{ resourceAppId: API, id: ROLE_ALL, type: 'Role' }]);
  assert.deepEqual(fromGraph.roles[0]!.allowedMemberTypes, ['Application']);
  assert.equal(
    linkedFromApplication({ appId: CLIENT })?.accessTokenVersion,
    undefined,
    'no api object: version unknown',
  );

  const detail = linkedFromDetail(
    {
      id: 'o',
      appId: CLIENT,
      displayName: 'Daemon',
      signInAudience: undefined,
      publisherDomain: undefined,
      createdDateTime: undefined,
      requestedAccessTokenVersion: 2,
      identifierUris: [],
      webRedirectUris: [],
      spaRedirectUris: [],
      publicClientRedirectUris: [],
      implicitIdTokens: false,
      implicitAccessTokens: false,
      isFallbackPublicClient: false,
      credentials: [],
      scopes: [],
      appRoles: [],
      preAuthorizedApplications: [],
      requiredResourceAccess: [{ resourceAppId: API, resourceAccess: [{ id: ROLE_ALL, type: 'Role' }] }],
      owners: undefined,
    },
    [
      {
        resourceAppId: API,
        resourceName: 'CRM API',
        permissionId: ROLE_ALL,
        kind: 'Role',
        value: 'Accounts.Read.All',
        state: 'notGranted',
        statusText: 'Not granted',
        adminConsentRequired: true,
      },
    ],
  );
  assert.equal(detail.accessTokenVersion, 2);
  assert.deepEqual(detail.consent, [
    { resourceAppId: API, permissionId: ROLE_ALL, kind: 'Role', value: 'Accounts.Read.All', granted: false },
  ]);
});

test('registration: the panel renders the notes escaped in the linked fragments', async () => {
  const evil = client({ displayName: '<img src=x onerror=alert(1)>', requested: [] });
  const analysis = analysisOf(appOnlyPayload({ exp: nowS + 3000 }));
  const links = await linkToken(analysis, {
    resolveApp: async (k) => (k === API ? api() : k === CLIENT ? evil : undefined),
  });
  const html = renderLinkedFragments({ analysis, links }).effective;
  assert.match(html, /Token and registration/);
  assert.match(html, /data-code="role-not-requested"/);
  assert.ok(!html.includes('<img'), 'the app name is escaped');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  // Not linked: no section.
  assert.equal(renderLinkedFragments({ analysis }).effective, '');
});
