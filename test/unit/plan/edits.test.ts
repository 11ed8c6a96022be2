import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createPlan, WRITABLE } from '../../../src/core/plan';
import {
  createBody,
  redirectUriEdit,
  removeCertificateEdit,
  requestPermissionEdit,
  roleEnabledEdit,
  scopeEnabledEdit,
} from '../../../src/core/plan/edits';
import { GRAPH, ROLE_ADMIN, SCOPE_READ, liveApp } from './fixtures';

it('a redirect URI added to one platform is one change, one PATCH of that platform only', () => {
  const live = liveApp();
  const plan = createPlan({
    live,
    desired: redirectUriEdit(live, 'spa', 'https://crm.contoso.example/spa', true),
    base: live,
    skipRules: true,
  });
  assert.equal(plan.changes.length, 1);
  assert.equal(plan.changes[0]!.op, 'add');
  assert.match(plan.changes[0]!.path, /^spa\.redirectUris/);
  assert.match(plan.changes[0]!.summary, /SPA redirect URI https:\/\/crm\.contoso\.example\/spa/);
  assert.equal(plan.requests.length, 1);
  assert.deepEqual(Object.keys(plan.requests[0]!.body ?? {}), ['spa']);
});

it('removing a redirect URI keeps the others; adding one twice changes nothing', () => {
  const live = liveApp();
  assert.deepEqual(redirectUriEdit(live, 'web', 'https://crm.contoso.example/signin-oidc', false), {
    web: { redirectUris: [] },
  });
  assert.deepEqual(redirectUriEdit(live, 'web', 'https://crm.contoso.example/signin-oidc', true), {
    web: { redirectUris: ['https://crm.contoso.example/signin-oidc'] },
  });
});

it('disabling a scope or an app role is one PATCH that only flips isEnabled', () => {
  const live = liveApp();
  const scope = createPlan({
    live,
    desired: scopeEnabledEdit(live, SCOPE_READ.toUpperCase(), false),
    base: live,
    skipRules: true,
  });
  assert.equal(scope.changes.length, 1);
  assert.match(scope.changes[0]!.summary, /disables scope Crm\.Read/);
  const role = createPlan({ live, desired: roleEnabledEdit(live, ROLE_ADMIN, false), base: live, skipRules: true });
  assert.equal(role.requests.length, 1);
  assert.deepEqual(Object.keys(role.requests[0]!.body ?? {}), ['appRoles']);
});

it('requesting a permission adds it under its resource (new resource or existing one), once', () => {
  const live = liveApp();
  const mailSend = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';
  const edit = requestPermissionEdit(live, GRAPH, mailSend, 'Role');
  assert.deepEqual(edit.requiredResourceAccess, [
    {
      resourceAppId: GRAPH,
      resourceAccess: [
        { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
        { id: mailSend, type: 'Role' },
      ],
    },
  ]);
  const again = requestPermissionEdit(
    { ...live, requiredResourceAccess: edit.requiredResourceAccess! },
    GRAPH,
    mailSend,
    'Role',
  );
  assert.deepEqual(again.requiredResourceAccess, edit.requiredResourceAccess);
  const other = requestPermissionEdit(live, 'c1000000-0000-4000-8000-000000000777', SCOPE_READ, 'Scope');
  assert.equal((other.requiredResourceAccess as unknown[]).length, 2);
  const plan = createPlan({ live, desired: edit, base: live });
  assert.match(plan.changes.map((c) => c.summary).join('\n'), /Mail\.Send \(application\)/);
});

it('removing a certificate PATCHes keyCredentials without it; create takes writable properties only', () => {
  const live = liveApp();
  assert.deepEqual(removeCertificateEdit(live, 'K1000000-0000-4000-8000-000000000001'), { keyCredentials: [] });
  const body = createBody(live, WRITABLE);
  for (const k of [
    'id',
    'appId',
    'createdDateTime',
    'publisherDomain',
    'passwordCredentials',
    'keyCredentials',
    '@odata.context',
  ])
    assert.equal(k in body, false, k);
  assert.equal(body.displayName, 'CRM API');
});
