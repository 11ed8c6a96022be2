// Tenant audit rules, one snapshot per situation: each rule reports what it should and nothing else.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
  auditApp,
  createContext,
  runAudit,
  AuditCancelled,
  MANIFEST_RULES_SKIPPED,
} from '../../../src/core/audit/engine';
import { HIGH_PRIVILEGE_APP_ROLES, HIGH_PRIVILEGE_SCOPES } from '../../../src/core/audit/highPrivilege';
import { auditRules } from '../../../src/core/audit/rules';
import { english } from '../../../src/core/text/localizer';
import type {
  AuditApp,
  AuditAssignment,
  AuditGrant,
  AuditServicePrincipal,
  AuditSnapshot,
} from '../../../src/core/audit/types';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const GRAPH = '00000003-0000-0000-c000-000000000000';
const GRAPH_SP = 'sp-graph';
const iso = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

function app(json: Record<string, unknown>, hasOwners: boolean | undefined = true): AuditApp {
  const id = String(json.id ?? 'obj-1');
  const appId = String(json.appId ?? 'app-1');
  return {
    id,
    appId,
    displayName: String(json.displayName ?? 'App One'),
    json: { id, appId, displayName: 'App One', signInAudience: 'AzureADMyOrg', ...json },
    hasOwners,
  };
}

function snapshot(
  apps: AuditApp[],
  extra: {
    sps?: AuditServicePrincipal[];
    grants?: AuditGrant[];
    assignments?: AuditAssignment[];
    readFor?: string[];
  } = {},
): AuditSnapshot {
  const sps = extra.sps ?? [
    { id: GRAPH_SP, appId: GRAPH, displayName: 'Microsoft Graph', appRoleAssignmentRequired: false },
    ...apps.map((a) => ({
      id: `sp-${a.appId}`,
      appId: a.appId,
      displayName: a.displayName,
      appRoleAssignmentRequired: false,
    })),
  ];
  return {
    tenantId: 't',
    applications: apps,
    servicePrincipals: sps,
    grants: extra.grants ?? [],
    assignments: extra.assignments ?? [],
    assignmentsReadFor: extra.readFor ?? [GRAPH_SP],
  };
}

function run(ruleId: string, a: AuditApp, snap = snapshot([a])) {
  return auditApp(a, createContext(snap, { now: NOW }), { rules: [ruleId], manifestRules: false });
}

describe('audit rules', () => {
  it('every tenant rule has an id of its own, risk, action, docs', () => {
    const ids = auditRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of auditRules) {
      assert.match(r.id, /^audit-[a-z-]+$/);
      const texts = r.texts(english);
      assert.ok(texts.title.length > 20 && texts.risk.length > 20 && texts.action.length > 20, r.id);
      assert.match(r.docs, /^https:\/\/learn\.microsoft\.com\//);
    }
  });

  it('credentials: expired, expiring within N days, lifetime over the policy', () => {
    const a = app({
      passwordCredentials: [
        { keyId: 'k1', displayName: 'old', startDateTime: iso(-100), endDateTime: iso(-1) },
        { keyId: 'k2', displayName: 'soon', startDateTime: iso(-100), endDateTime: iso(10) },
        { keyId: 'k3', displayName: 'long', startDateTime: iso(-10), endDateTime: iso(700) },
      ],
      keyCredentials: [{ keyId: 'c1', displayName: 'cert', startDateTime: iso(-10), endDateTime: iso(300) }],
    });
    assert.deepEqual(
      run('audit-credential-expired', a).map((f) => f.path),
      ['/passwordCredentials/0/endDateTime'],
    );
    assert.deepEqual(
      run('audit-credential-expiring', a).map((f) => f.path),
      ['/passwordCredentials/1/endDateTime'],
    );
    const ctx = createContext(snapshot([a]), { now: NOW, expiringDays: 5 });
    assert.equal(
      auditApp(a, ctx, { rules: ['audit-credential-expiring'], manifestRules: false }).length,
      0,
      'expiringDays option',
    );
    assert.deepEqual(
      run('audit-credential-lifetime', a).map((f) => f.path),
      ['/passwordCredentials/2/endDateTime'],
    );
    const strict = createContext(snapshot([a]), { now: NOW, maxCertificateLifetimeDays: 100 });
    assert.deepEqual(
      auditApp(a, strict, { rules: ['audit-credential-lifetime'], manifestRules: false }).map((f) => f.path),
      ['/passwordCredentials/2/endDateTime', '/keyCredentials/0/endDateTime'],
    );
  });

  it('secrets on daemons (application permissions granted or requested), not on other apps', () => {
    const secret = { passwordCredentials: [{ keyId: 'k', displayName: 's', endDateTime: iso(30) }] };
    const daemon = app({
      ...secret,
      requiredResourceAccess: [
        { resourceAppId: GRAPH, resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }] },
      ],
    });
    assert.deepEqual(
      run('audit-secret-not-certificate', daemon).map((f) => f.path),
      ['/passwordCredentials/0'],
    );
    const web = app({
      ...secret,
      requiredResourceAccess: [
        { resourceAppId: GRAPH, resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }] },
      ],
    });
    assert.equal(run('audit-secret-not-certificate', web).length, 0);
    const granted = app({ ...secret });
    const snap = snapshot([granted], {
      assignments: [
        { id: 'x', appRoleId: 'r', principalId: 'sp-app-1', principalType: 'ServicePrincipal', resourceId: GRAPH_SP },
      ],
    });
    assert.equal(run('audit-secret-not-certificate', granted, snap).length, 1);
  });

  it('owners: only when known to be none', () => {
    assert.equal(run('audit-no-owners', app({}, false)).length, 1);
    assert.equal(run('audit-no-owners', app({}, true)).length, 0);
    assert.equal(run('audit-no-owners', app({}, undefined)).length, 0, 'unknown owners are not guessed');
  });

  it('high-privilege application permissions granted on Microsoft Graph, pointing at the request', () => {
    const a = app({
      requiredResourceAccess: [
        { resourceAppId: GRAPH, resourceAccess: [{ id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', type: 'Role' }] },
      ],
    });
    const assignments = [
      {
        id: '1',
        appRoleId: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
        principalId: 'sp-app-1',
        principalType: 'ServicePrincipal',
        resourceId: GRAPH_SP,
      },
      {
        id: '2',
        appRoleId: '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
        principalId: 'sp-app-1',
        principalType: 'ServicePrincipal',
        resourceId: GRAPH_SP,
      },
      {
        id: '3',
        appRoleId: 'df021288-bdef-4463-88db-98f22de89214',
        principalId: 'sp-app-1',
        principalType: 'ServicePrincipal',
        resourceId: GRAPH_SP,
      },
    ];
    const found = run('audit-high-privilege-granted', a, snapshot([a], { assignments }));
    assert.deepEqual(
      found.map((f) => f.path),
      ['/requiredResourceAccess/0/resourceAccess/0', '/requiredResourceAccess'],
    );
    assert.match(found[0]!.message, /Application\.ReadWrite\.All/);
    assert.match(found[1]!.message, /Directory\.ReadWrite\.All/);
    assert.equal(run('audit-high-privilege-granted', a).length, 0, 'requested only: not this rule');
  });

  it('delegated grants for all principals of high-privilege scopes', () => {
    const a = app({});
    const grants = [
      {
        id: 'g1',
        clientId: 'sp-app-1',
        consentType: 'AllPrincipals',
        principalId: undefined,
        resourceId: GRAPH_SP,
        scope: 'User.Read Mail.Send  files.readwrite.all',
      },
      {
        id: 'g2',
        clientId: 'sp-app-1',
        consentType: 'Principal',
        principalId: 'u',
        resourceId: GRAPH_SP,
        scope: 'Directory.ReadWrite.All',
      },
    ];
    const found = run('audit-high-privilege-consent-all', a, snapshot([a], { grants }));
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /^Mail\.Send, files\.readwrite\.all are consented for all users/);
  });

  it('requested but never granted: roles only where assignments were read, scopes by name', () => {
    const api = app({
      id: 'obj-api',
      appId: 'app-api',
      displayName: 'API',
      api: { oauth2PermissionScopes: [{ id: 's1', value: 'Orders.Read' }] },
      appRoles: [{ id: 'r1', value: 'Orders.All', allowedMemberTypes: ['Application'] }],
    });
    const client = app({
      requiredResourceAccess: [
        {
          resourceAppId: 'app-api',
          resourceAccess: [
            { id: 's1', type: 'Scope' },
            { id: 'r1', type: 'Role' },
          ],
        },
        { resourceAppId: GRAPH, resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }] },
      ],
    });
    const snap = snapshot([client, api]);
    const found = run('audit-permission-not-granted', client, snap);
    assert.deepEqual(
      found.map((f) => f.path),
      ['/requiredResourceAccess/0/resourceAccess/0', '/requiredResourceAccess/1/resourceAccess/0'],
    );
    assert.match(found[0]!.message, /Orders\.Read on API/);
    const granted = snapshot([client, api], {
      grants: [
        {
          id: 'g',
          clientId: 'sp-app-1',
          consentType: 'Principal',
          principalId: 'u',
          resourceId: 'sp-app-api',
          scope: 'orders.read',
        },
      ],
      assignments: [
        {
          id: 'a',
          appRoleId: 'r1',
          principalId: 'sp-app-1',
          principalType: 'ServicePrincipal',
          resourceId: 'sp-app-api',
        },
      ],
      readFor: [GRAPH_SP, 'sp-app-api'],
    });
    assert.deepEqual(
      run('audit-permission-not-granted', client, granted).map((f) => f.path),
      ['/requiredResourceAccess/1/resourceAccess/0'],
    );
  });

  it('multi-tenant apps without a verified publisher', () => {
    assert.equal(
      run(
        'audit-multitenant-unverified',
        app({ signInAudience: 'AzureADMultipleOrgs', verifiedPublisher: { verifiedPublisherId: null } }),
      ).length,
      1,
    );
    assert.equal(
      run(
        'audit-multitenant-unverified',
        app({ signInAudience: 'AzureADMultipleOrgs', verifiedPublisher: { verifiedPublisherId: '123' } }),
      ).length,
      0,
    );
    assert.equal(run('audit-multitenant-unverified', app({ signInAudience: 'AzureADMyOrg' })).length, 0);
  });

  it('redirect URIs on tunnel hosts and azurewebsites.net', () => {
    const a = app({
      web: {
        redirectUris: [
          'https://abc.ngrok-free.app/cb',
          'https://x.loca.lt',
          'https://contoso.com/cb',
          'https://notngrok-free.app.example/cb',
        ],
      },
      spa: { redirectUris: ['https://site.azurewebsites.net/', 'https://user@demo.trycloudflare.com:443/x'] },
      publicClient: { redirectUris: ['ms-app://x', 'not a uri'] },
    });
    assert.deepEqual(
      run('audit-redirect-uri-tunnel', a).map((f) => f.path),
      ['/web/redirectUris/0', '/web/redirectUris/1', '/spa/redirectUris/1'],
    );
    assert.deepEqual(
      run('audit-redirect-uri-azurewebsites', a).map((f) => f.path),
      ['/spa/redirectUris/0'],
    );
  });

  it('user app roles without assignment required on the service principal', () => {
    const a = app({ appRoles: [{ id: 'r', value: 'Admin', allowedMemberTypes: ['User'], isEnabled: true }] });
    assert.equal(run('audit-assignment-not-required', a).length, 1);
    const required = snapshot([a], {
      sps: [{ id: 'sp-app-1', appId: 'app-1', displayName: 'x', appRoleAssignmentRequired: true }],
    });
    assert.equal(run('audit-assignment-not-required', a, required).length, 0);
    assert.equal(
      run('audit-assignment-not-required', app({ appRoles: [{ id: 'r', allowedMemberTypes: ['Application'] }] }))
        .length,
      0,
    );
  });

  it("texts and findings go through the caller's localizer, with keys of the committed bundle", () => {
    const bundle = JSON.parse(readFileSync(resolve(__dirname, '../../../l10n/bundle.l10n.json'), 'utf8')) as Record<
      string,
      string
    >;
    const keys = new Set<string>();
    const marking = {
      t: (message: string, ...args: (string | number | boolean)[]) => {
        keys.add(message);
        return `⟦${english.t(message, ...args)}⟧`;
      },
    };
    for (const r of auditRules) {
      const texts = r.texts(marking);
      for (const v of [texts.title, texts.risk, texts.action]) assert.match(v, /^⟦[^⟦]+⟧$/, r.id);
    }
    const a = app(
      {
        signInAudience: 'AzureADMultipleOrgs',
        passwordCredentials: [
          { keyId: 'k1', displayName: 'old', startDateTime: iso(-400), endDateTime: iso(-1) },
          { keyId: 'k2', displayName: 'soon', startDateTime: iso(-400), endDateTime: iso(10) },
        ],
        keyCredentials: [{ keyId: 'k3', startDateTime: iso(-10), endDateTime: iso(900) }],
        web: { redirectUris: ['https://abc.ngrok-free.app/cb', 'https://site.azurewebsites.net/'] },
        appRoles: [{ id: 'r', value: 'Admin', allowedMemberTypes: ['User'], isEnabled: true }],
        requiredResourceAccess: [
          { resourceAppId: GRAPH, resourceAccess: [{ id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', type: 'Role' }] },
        ],
      },
      false,
    );
    const snap = snapshot([a], {
      assignments: [
        {
          id: 'as-1',
          appRoleId: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
          principalId: 'sp-app-1',
          principalType: 'ServicePrincipal',
          resourceId: GRAPH_SP,
        },
      ],
      grants: [
        {
          id: 'g-1',
          clientId: 'sp-app-1',
          consentType: 'AllPrincipals',
          principalId: undefined,
          resourceId: GRAPH_SP,
          scope: 'Mail.Send User.ReadWrite.All',
        },
      ],
    });
    const findings = auditApp(a, createContext(snap, { now: NOW, l10n: marking }), { manifestRules: false });
    const plain = auditApp(a, createContext(snap, { now: NOW }), { manifestRules: false });
    const rules = new Set(findings.map((f) => f.ruleId));
    assert.ok(rules.size >= 10, [...rules].join(' '));
    for (const f of findings) assert.match(f.message, /^⟦.+⟧$/, f.ruleId);
    // The English texts are the same with and without the markers.
    assert.deepEqual(
      findings.map((f) => f.message.replace(/[⟦⟧]/g, '')),
      plain.map((f) => f.message),
    );
    for (const k of keys) assert.ok(k in bundle, `not in l10n/bundle.l10n.json: ${k}`);
  });

  it('manifest rules run on live apps; file-only and replaced rules do not', async () => {
    const a = app({
      web: { redirectUris: ['https://*.contoso.com/cb'], implicitGrantSettings: { enableAccessTokenIssuance: true } },
      passwordCredentials: [{ keyId: 'k', endDateTime: iso(-3), startDateTime: iso(-30) }],
    });
    const findings = await runAudit(snapshot([a]), { now: NOW });
    const ids = new Set(findings.map((f) => f.ruleId));
    assert.ok(ids.has('redirect-uri-wildcard'), [...ids].join());
    assert.ok(ids.has('implicit-access-token'));
    assert.ok(ids.has('audit-credential-expired'));
    for (const id of ids) assert.ok(!MANIFEST_RULES_SKIPPED.has(id), id);
    assert.ok(findings.every((f) => f.appId === 'app-1' && f.objectId === 'obj-1' && f.displayName === 'App One'));
  });

  it('reports progress and stops when cancelled', async () => {
    const apps = Array.from({ length: 600 }, (_, i) => app({ id: `o${i}`, appId: `a${i}` }));
    const progress: number[] = [];
    await runAudit(snapshot(apps), { now: NOW, manifestRules: false, onProgress: (done) => progress.push(done) });
    assert.deepEqual(progress, [0, 250, 500, 600]);
    const controller = new AbortController();
    await assert.rejects(
      runAudit(snapshot(apps), {
        now: NOW,
        manifestRules: false,
        signal: controller.signal,
        onProgress: (done) => done === 250 && controller.abort(),
      }),
      AuditCancelled,
    );
  });
});

describe('high-privilege lists', () => {
  const dir = resolve(__dirname, '../../../../shared/data/microsoft-info');
  it('name real Microsoft Graph permissions (microsoft-info)', (t) => {
    if (!existsSync(join(dir, 'GraphAppRoles.json'))) return t.skip('../shared/data/microsoft-info is absent');
    const roles = JSON.parse(readFileSync(join(dir, 'GraphAppRoles.json'), 'utf8')) as { Id: string; Value: string }[];
    const scopes = JSON.parse(readFileSync(join(dir, 'GraphDelegateRoles.json'), 'utf8')) as { Value: string }[];
    for (const [id, { value }] of HIGH_PRIVILEGE_APP_ROLES)
      assert.equal(roles.find((r) => r.Id === id)?.Value, value, id);
    const values = new Set(scopes.map((s) => s.Value.toLowerCase()));
    for (const s of HIGH_PRIVILEGE_SCOPES) assert.ok(values.has(s), s);
  });
});
