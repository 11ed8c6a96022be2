import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPlan, diffApplication, type JsonObject } from '../../../src/core/plan';
import { CLIENT, GRAPH, SCOPE_READ, SCOPE_WRITE, liveApp, pulled, type Any } from './fixtures';

const edit = (fn: (m: Any) => void): JsonObject => {
  const m = pulled();
  fn(m);
  return m;
};

describe('plan: changes in plain words', () => {
  it('an unchanged pulled manifest plans nothing (certificates without key count as unchanged)', () => {
    const plan = createPlan({ live: liveApp(), desired: pulled() });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.requests, []);
    assert.deepEqual(plan.conflicts, []);
    assert.deepEqual(plan.blocked, []);
  });

  it('adding a SPA redirect URI is one change and one PATCH with the whole spa property', () => {
    const plan = createPlan({
      live: liveApp(),
      desired: edit((m) => m.spa.redirectUris.push('https://crm.contoso.example/app')),
    });
    assert.equal(plan.changes.length, 1);
    const [c] = plan.changes as Any[];
    assert.equal(c.path, 'spa.redirectUris');
    assert.equal(c.op, 'add');
    assert.equal(c.after, 'https://crm.contoso.example/app');
    assert.equal(c.summary, 'adds SPA redirect URI https://crm.contoso.example/app');
    assert.deepEqual(
      plan.requests.map((r) => [r.method, r.url]),
      [['PATCH', '/applications/b1000000-0000-4000-8000-000000000001']],
    );
    assert.deepEqual(plan.requests[0]!.body, { spa: { redirectUris: ['https://crm.contoso.example/app'] } });
  });

  it('names permissions from the catalogue: requests Microsoft Graph Mail.Send (application)', () => {
    const plan = createPlan({
      live: liveApp(),
      desired: edit((m) =>
        m.requiredResourceAccess[0].resourceAccess.push({ id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', type: 'Role' }),
      ),
    });
    assert.deepEqual(
      plan.changes.map((c) => [c.path, c.op, c.summary]),
      [
        [
          `requiredResourceAccess[resourceAppId=${GRAPH}].resourceAccess[id=b633e1c5-b582-4048-a93e-9f11b44c7e96]`,
          'add',
          'requests Microsoft Graph Mail.Send (application)',
        ],
      ],
    );
    assert.deepEqual(Object.keys(plan.requests[0]!.body!), ['requiredResourceAccess']);
  });

  it('a removed resource lists each permission no longer requested', () => {
    const plan = createPlan({ live: liveApp(), desired: edit((m) => (m.requiredResourceAccess = [])) });
    assert.deepEqual(
      plan.changes.map((c) => c.summary),
      ['no longer requests Microsoft Graph User.Read (delegated)'],
    );
  });

  it('scalar and boolean properties', () => {
    const plan = createPlan({
      live: liveApp(),
      desired: edit((m) => {
        m.displayName = 'CRM API v2';
        m.web.implicitGrantSettings.enableIdTokenIssuance = true;
        m.description = 'The CRM';
      }),
    });
    assert.deepEqual(
      plan.changes.map((c) => [c.path, c.summary]),
      [
        ['displayName', 'renames the app to CRM API v2 (was CRM API)'],
        ['description', 'sets description to The CRM'],
        ['web.implicitGrantSettings.enableIdTokenIssuance', 'turns on web.implicitGrantSettings.enableIdTokenIssuance'],
      ],
    );
    assert.equal(plan.requests.length, 1);
    assert.deepEqual(Object.keys(plan.requests[0]!.body!).sort(), ['description', 'displayName', 'web']);
    // Complex properties go whole, built from the tenant's value plus the edit.
    assert.deepEqual((plan.requests[0]!.body as Any).web.redirectUris, ['https://crm.contoso.example/signin-oidc']);
  });

  it('properties left out of the manifest keep the tenant value', () => {
    const m = edit((x) => (x.displayName = 'Renamed'));
    delete m.web;
    delete m.api;
    const plan = createPlan({ live: liveApp(), desired: m });
    assert.deepEqual(
      plan.changes.map((c) => c.path),
      ['displayName'],
    );
  });
});

describe('plan: disable first and ordering', () => {
  it('disabling an enabled scope is one request', () => {
    const plan = createPlan({
      live: liveApp(),
      desired: edit((m) => (m.api.oauth2PermissionScopes[1].isEnabled = false)),
    });
    assert.deepEqual(
      plan.changes.map((c) => [c.path, c.op, c.summary]),
      [['api.oauth2PermissionScopes[value=Crm.Write]', 'replace', 'disables scope Crm.Write']],
    );
    assert.equal(plan.requests.length, 1);
  });

  it('removing an enabled scope: first PATCH disables it (and drops its pre-authorization), the second removes it', () => {
    const plan = createPlan({
      live: liveApp(),
      desired: edit((m) => {
        m.api.oauth2PermissionScopes.splice(1, 1);
        m.api.preAuthorizedApplications[0].delegatedPermissionIds = [SCOPE_READ];
      }),
    });
    assert.deepEqual(
      plan.changes.map((c) => c.summary),
      ['removes scope Crm.Write', `changes pre-authorization of client ${CLIENT}`],
    );
    assert.equal(plan.requests.length, 2);
    const [first, second] = plan.requests as Any[];
    assert.match(first.purpose, /disable first: scope Crm\.Write/);
    assert.deepEqual(
      first.body.api.oauth2PermissionScopes.map((s: Any) => [s.value, s.isEnabled]),
      [
        ['Crm.Read', true],
        ['Crm.Write', false],
      ],
    );
    assert.deepEqual(first.body.api.preAuthorizedApplications, [
      { appId: CLIENT, delegatedPermissionIds: [SCOPE_READ] },
    ]);
    assert.deepEqual(
      second.body.api.oauth2PermissionScopes.map((s: Any) => s.value),
      ['Crm.Read'],
    );
    assert.deepEqual(Object.keys(first.body), ['api']);
  });

  it('changing an enabled app role value takes two requests; an already disabled one takes one', () => {
    const plan = createPlan({ live: liveApp(), desired: edit((m) => (m.appRoles[0].value = 'Crm.Administrator')) });
    assert.equal(plan.requests.length, 2);
    assert.equal((plan.requests[0]!.body as Any).appRoles[0].isEnabled, false);
    assert.equal((plan.requests[0]!.body as Any).appRoles[0].value, 'Crm.Admin');
    assert.equal((plan.requests[1]!.body as Any).appRoles[0].value, 'Crm.Administrator');
    assert.equal(plan.changes[0]!.summary, 'changes app role Crm.Admin (value)');
    const live = liveApp() as Any;
    live.appRoles[0].isEnabled = false;
    const again = createPlan({
      live,
      desired: edit((m) => {
        m.appRoles[0].value = 'Crm.Administrator';
        m.appRoles[0].isEnabled = false;
      }),
    });
    assert.equal(again.requests.length, 1);
  });

  it('a new scope is written before the pre-authorization that uses it', () => {
    const id = 'f1000000-0000-4000-8000-000000000003';
    const plan = createPlan({
      live: liveApp(),
      desired: edit((m) => {
        m.api.oauth2PermissionScopes.push({
          id,
          value: 'Crm.Export',
          type: 'Admin',
          isEnabled: true,
          adminConsentDisplayName: 'Export',
          adminConsentDescription: 'Export CRM data',
          userConsentDisplayName: null,
          userConsentDescription: null,
        });
        m.api.preAuthorizedApplications[0].delegatedPermissionIds.push(id);
      }),
    });
    assert.deepEqual(
      plan.changes.map((c) => c.summary),
      ['adds scope Crm.Export', `changes pre-authorization of client ${CLIENT}`],
    );
    assert.equal(plan.requests.length, 2);
    const [first, second] = plan.requests as Any[];
    assert.equal(first.body.api.oauth2PermissionScopes.length, 3);
    assert.deepEqual(first.body.api.preAuthorizedApplications[0].delegatedPermissionIds, [SCOPE_READ, SCOPE_WRITE]);
    assert.deepEqual(second.body.api.preAuthorizedApplications[0].delegatedPermissionIds, [
      SCOPE_READ,
      SCOPE_WRITE,
      id,
    ]);
  });
});

describe('plan: read-only properties', () => {
  it('ignores server-set properties and client secrets with a note', () => {
    const plan = createPlan({
      live: liveApp(),
      desired: edit((m) => {
        m.appId = 'c9999999-0000-4000-8000-000000000001';
        m.publisherDomain = 'other.example';
        m.passwordCredentials = [];
        m.info.logoUrl = 'https://cdn.example/logo.png';
        m.frobnicate = true;
      }),
    });
    assert.deepEqual(
      plan.changes.map((c) => c.path),
      [],
    );
    assert.deepEqual(plan.requests, []);
    const notes = Object.fromEntries(plan.ignored.map((i) => [i.path, i.note]));
    assert.match(notes.appId!, /not written: the application \(client\) id is set by Entra/);
    assert.match(notes.publisherDomain!, /set by Entra/);
    assert.match(notes.passwordCredentials!, /secret add/);
    assert.match(notes['info.logoUrl']!, /logo/);
    assert.match(notes.frobnicate!, /not a property/);
  });

  it('info changes leave logoUrl out of the PATCH body', () => {
    const live = liveApp() as Any;
    live.info.logoUrl = 'https://cdn.example/logo.png';
    const plan = createPlan({
      live,
      desired: edit((m) => {
        m.info.logoUrl = 'https://cdn.example/logo.png';
        m.info.supportUrl = 'https://contoso.example/support';
      }),
    });
    assert.equal(plan.requests.length, 1);
    assert.equal('logoUrl' in (plan.requests[0]!.body as Any).info, false);
    assert.equal((plan.requests[0]!.body as Any).info.supportUrl, 'https://contoso.example/support');
  });
});

describe('plan: three-way merge with the base', () => {
  it('a property changed in the tenant and in the edit is a conflict with three versions; nothing is sent', () => {
    const base = pulled();
    const live = liveApp() as Any;
    live.displayName = 'CRM API (tenant)';
    const plan = createPlan({ live, base, desired: edit((m) => (m.displayName = 'CRM API (mine)')) });
    assert.deepEqual(
      plan.conflicts.map((c) => [c.path, c.base, c.tenant, c.mine]),
      [['displayName', 'CRM API', 'CRM API (tenant)', 'CRM API (mine)']],
    );
    assert.deepEqual(plan.requests, []);
  });

  it('changes in the tenant since the base are kept, not reverted, and collections are built from the tenant value', () => {
    const base = pulled();
    const live = liveApp() as Any;
    live.description = 'set in the admin center';
    live.web.redirectUris.push('https://tenant-added.example/cb');
    const plan = createPlan({ live, base, desired: edit((m) => m.web.redirectUris.push('https://mine.example/cb')) });
    assert.deepEqual(plan.conflicts, []);
    assert.deepEqual(
      plan.changes.map((c) => c.summary),
      ['adds Web redirect URI https://mine.example/cb'],
    );
    assert.deepEqual((plan.requests[0]!.body as Any).web.redirectUris, [
      'https://crm.contoso.example/signin-oidc',
      'https://tenant-added.example/cb',
      'https://mine.example/cb',
    ]);
  });

  it('the same scope edited on both sides conflicts; different scopes merge', () => {
    const base = pulled();
    const live = liveApp() as Any;
    live.api.oauth2PermissionScopes[0].adminConsentDescription = 'tenant text';
    const clash = createPlan({
      live,
      base,
      desired: edit((m) => (m.api.oauth2PermissionScopes[0].adminConsentDescription = 'my text')),
    });
    assert.deepEqual(
      clash.conflicts.map((c) => c.path),
      ['api.oauth2PermissionScopes[value=Crm.Read].adminConsentDescription'],
    );
    const merged = createPlan({
      live,
      base,
      desired: edit((m) => (m.api.oauth2PermissionScopes[1].isEnabled = false)),
    });
    assert.deepEqual(merged.conflicts, []);
    assert.deepEqual(
      merged.changes.map((c) => c.summary),
      ['disables scope Crm.Write'],
    );
  });

  it('an item removed in the edit but changed in the tenant is a conflict', () => {
    const base = pulled();
    const live = liveApp() as Any;
    live.appRoles[0].description = 'changed in the tenant';
    const plan = createPlan({ live, base, desired: edit((m) => (m.appRoles = [])) });
    assert.equal(plan.conflicts.length, 1);
    assert.equal(plan.conflicts[0]!.path, 'appRoles[value=Crm.Admin]');
    assert.equal(plan.conflicts[0]!.mine, undefined);
  });

  it('diffApplication gives the same changes', () => {
    const changes = diffApplication(
      pulled(),
      liveApp(),
      edit((m) => m.tags.push('crm')),
    );
    assert.deepEqual(
      changes.map((c) => [c.path, c.op, c.after, c.summary]),
      [['tags', 'add', 'crm', 'adds tag crm']],
    );
    assert.deepEqual(
      diffApplication(
        undefined,
        liveApp(),
        edit((m) => (m.appRoles[0].isEnabled = false)),
      ).map((c) => c.summary),
      ['disables app role Crm.Admin'],
    );
  });
});

describe('plan: manifest text, legacy format, rules', () => {
  it('changes carry the offset of the property in the manifest text', () => {
    const text = JSON.stringify(
      edit((m) => {
        m.api.oauth2PermissionScopes[1].isEnabled = false;
        m.spa.redirectUris.push('https://x.example/app');
      }),
      null,
      2,
    );
    const plan = createPlan({ live: liveApp(), desired: text });
    for (const c of plan.changes) assert.ok(c.range, `${c.path} has a range`);
    const scope = plan.changes.find((c) => c.path.startsWith('api.'))!;
    const slice = text.slice(scope.range!.offset, scope.range!.offset + scope.range!.length);
    assert.match(slice, /^\{\s*"id": "f1000000-0000-4000-8000-000000000002"/);
    const spa = plan.changes.find((c) => c.path === 'spa.redirectUris')!;
    assert.match(text.slice(spa.range!.offset, spa.range!.offset + spa.range!.length), /^"redirectUris": \[/);
    // The plan is plain JSON.
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(plan))), JSON.stringify(plan));
  });

  it('a legacy manifest is converted before the comparison', () => {
    const legacy = {
      id: 'b1000000-0000-4000-8000-000000000001',
      appId: 'c1000000-0000-4000-8000-000000000001',
      name: 'CRM API',
      replyUrlsWithType: [
        { url: 'https://crm.contoso.example/signin-oidc', type: 'Web' },
        { url: 'https://legacy.example/cb', type: 'Web' },
      ],
      signInAudience: 'AzureADMyOrg',
    };
    const plan = createPlan({ live: liveApp(), desired: JSON.stringify(legacy) });
    assert.deepEqual(
      plan.changes.map((c) => c.summary),
      ['adds Web redirect URI https://legacy.example/cb'],
    );
  });

  it('rule errors on the result block the apply; errors the tenant already has do not', () => {
    const plan = createPlan({
      live: liveApp(),
      desired: edit((m) => m.web.redirectUris.push('http://insecure.contoso.example/cb')),
    });
    assert.ok(plan.blocked.length > 0);
    assert.ok(
      plan.blocked.every((b) => b.ruleId.startsWith('redirect-uri')),
      JSON.stringify(plan.blocked),
    );
    const live = liveApp() as Any;
    live.web.redirectUris.push('http://insecure.contoso.example/cb');
    const other = createPlan({
      live,
      desired: edit((m) => {
        m.web.redirectUris.push('http://insecure.contoso.example/cb');
        m.displayName = 'CRM';
      }),
    });
    assert.deepEqual(other.blocked, []);
  });

  it('a text that is not a JSON object is refused', () => {
    assert.throws(() => createPlan({ live: liveApp(), desired: '[1, 2]' }), /not a JSON object/);
  });
});

describe('plan: keyCredentials', () => {
  it('removing a certificate sends the remaining ones with their keys from the tenant', () => {
    const live = liveApp() as Any;
    live.keyCredentials.push({
      keyId: 'k1000000-0000-4000-8000-000000000002',
      displayName: 'CN=old',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: 'T0xE',
      startDateTime: '2024-01-01T00:00:00Z',
      endDateTime: '2025-01-01T00:00:00Z',
      customKeyIdentifier: 'CD',
    });
    const desired = edit(() => {});
    const plan = createPlan({ live, desired });
    assert.equal(plan.changes.length, 1);
    assert.equal(plan.changes[0]!.summary, 'removes certificate CN=old (k1000000-0000-4000-8000-000000000002)');
    assert.deepEqual(
      (plan.requests[0]!.body as Any).keyCredentials.map((k: Any) => k.key),
      ['TUlJQ2VydA=='],
    );
  });
});
