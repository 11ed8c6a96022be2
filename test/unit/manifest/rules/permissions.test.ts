import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ID, applyFix, assertAt, guid, run } from './helper';

const scope = (id: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  value,
  type: 'User',
  isEnabled: true,
  adminConsentDisplayName: 'Read things',
  adminConsentDescription: 'Reads things',
  ...extra,
});
const role = (id: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  value,
  allowedMemberTypes: ['Application'],
  displayName: 'Read things',
  description: 'Reads things',
  isEnabled: true,
  ...extra,
});
const graphApp = (scopes: unknown[], roles: unknown[] = [], audience = 'AzureADMyOrg') => ({
  appId: APP_ID,
  signInAudience: audience,
  api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: scopes },
  appRoles: roles,
});

test('permission-value-charset flags spaces and disallowed characters, exactly on the value', () => {
  const m = graphApp([scope(guid(1), 'Files Read'), scope(guid(2), 'Files.Read"x')]);
  const text = JSON.stringify(m, null, 2);
  const ps = run('permission-value-charset', text);
  assert.equal(ps.length, 2);
  assertAt(text, ps[0], ['api', 'oauth2PermissionScopes', 0, 'value']);
  assert.match(ps[0]!.message, /space/);
  assert.match(ps[1]!.message, /"\\""/);
  assert.equal(ps[0]!.severity, 'error');
  // Spaces only: the fix makes the Resource.Operation form; other characters get no guess.
  assert.equal(ps[0]!.fixes?.[0]?.title, 'Change to "Files.Read"');
  const fixed = applyFix(text, ps[0]!).value as ReturnType<typeof graphApp>;
  assert.equal((fixed.api.oauth2PermissionScopes[0] as { value: string }).value, 'Files.Read');
  assert.equal(ps[1]!.fixes, undefined);
  const spaced = JSON.stringify(graphApp([scope(guid(1), ' Files   Read  All ')]), null, 2);
  const sp = run('permission-value-charset', spaced);
  const respaced = applyFix(spaced, sp[0]!).value as ReturnType<typeof graphApp>;
  assert.equal((respaced.api.oauth2PermissionScopes[0] as { value: string }).value, 'Files.Read.All');
  assert.equal(
    run('permission-value-charset', graphApp([scope(guid(1), '   ')]))[0]!.fixes,
    undefined,
    'nothing to keep: no fix',
  );
});

test('permission-value-charset names each character once, in the order first seen, however often it repeats', () => {
  const value = `Files${'é😀 '.repeat(50_000)}\ud800x${'é'.repeat(50_000)}`;
  const [p] = run('permission-value-charset', graphApp([scope(guid(1), value)]));
  assert.ok(p, 'reported');
  const named = [...p.message.matchAll(/"(?:[^"\\]|\\.)+"|a space/g)].map((m) => m[0]);
  assert.deepEqual(named, ['"é"', '"😀"', 'a space', '"\\ud800"'], p.message);
});

test('permission-value-charset accepts every allowed symbol', () => {
  const ok = "a0:!#$%&'()*+,-./;<=>?@[]^_`{|}~Z";
  assert.deepEqual(run('permission-value-charset', graphApp([scope(guid(1), ok)], [role(guid(2), 'Tasks.Write')])), []);
});

test('permission-value-charset covers app roles and legacy oauth2Permissions', () => {
  const legacy = {
    appId: APP_ID,
    oauth2Permissions: [scope(guid(1), 'ok.value')],
    appRoles: [role(guid(2), 'Bad Role')],
    replyUrlsWithType: [],
  };
  const text = JSON.stringify(legacy, null, 2);
  const ps = run('permission-value-charset', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['appRoles', 0, 'value']);
  const legacyBad = { ...legacy, oauth2Permissions: [scope(guid(1), 'bad value')], appRoles: [] };
  const t2 = JSON.stringify(legacyBad, null, 2);
  assertAt(t2, run('permission-value-charset', t2)[0], ['oauth2Permissions', 0, 'value']);
});

test('permission-value-leading-dot', () => {
  const text = JSON.stringify(graphApp([scope(guid(1), '.Read')]), null, 2);
  const ps = run('permission-value-leading-dot', text);
  assertAt(text, ps[0], ['api', 'oauth2PermissionScopes', 0, 'value']);
  assert.deepEqual(run('permission-value-leading-dot', graphApp([scope(guid(1), 'Read.')])), []);
});

test('permission-value-length: 120 in general, 40 for personal-account scopes, roles stay at 120', () => {
  const v41 = 'A'.repeat(41);
  assert.deepEqual(run('permission-value-length', graphApp([scope(guid(1), v41)])), []);
  const personal = graphApp([scope(guid(1), v41)], [], 'AzureADandPersonalMicrosoftAccount');
  const text = JSON.stringify(personal, null, 2);
  const ps = run('permission-value-length', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['api', 'oauth2PermissionScopes', 0, 'value']);
  assert.match(ps[0]!.message, /41 characters; the limit is 40/);
  assert.equal(
    run('permission-value-length', graphApp([scope(guid(1), 'A'.repeat(40))], [], 'PersonalMicrosoftAccount')).length,
    0,
  );
  assert.equal(
    run('permission-value-length', graphApp([scope(guid(1), 'A'.repeat(120))], [role(guid(2), 'B'.repeat(121))]))
      .length,
    1,
  );
});

test('permission-value-naming hints at Resource.Operation[.Constraint]', () => {
  const text = JSON.stringify(
    graphApp([scope(guid(1), 'read_items'), scope(guid(2), 'Employees.Read.All'), scope(guid(3), 'access_as_user')]),
    null,
    2,
  );
  const ps = run('permission-value-naming', text);
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.severity, 'hint');
  assertAt(text, ps[0], ['api', 'oauth2PermissionScopes', 0, 'value']);
});

test('permission-value-duplicate across scopes and roles, but not for a shared definition', () => {
  const text = JSON.stringify(graphApp([scope(guid(1), 'Tasks.Read')], [role(guid(2), 'Tasks.Read')]), null, 2);
  const ps = run('permission-value-duplicate', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['appRoles', 0, 'value']);
  assert.match(ps[0]!.message, /DuplicateValue/);
  // same id, same fields: one definition exposed both ways
  const shared = graphApp([scope(guid(1), 'Tasks.Read')], [role(guid(1), 'Tasks.Read')]);
  assert.deepEqual(run('permission-value-duplicate', shared), []);
  assert.deepEqual(
    run('permission-value-duplicate', graphApp([scope(guid(1), 'Tasks.Read')], [role(guid(2), 'Tasks.Write')])),
    [],
  );
});

test('permission-id-invalid and permission-id-duplicate', () => {
  const text = JSON.stringify(
    graphApp([scope('not-a-guid', 'A.Read'), scope(guid(5), 'B.Read'), scope(guid(5).toUpperCase(), 'C.Read')]),
    null,
    2,
  );
  const bad = run('permission-id-invalid', text);
  assert.equal(bad.length, 1);
  assertAt(text, bad[0], ['api', 'oauth2PermissionScopes', 0, 'id']);
  const dup = run('permission-id-duplicate', text);
  assert.equal(dup.length, 1);
  assertAt(text, dup[0], ['api', 'oauth2PermissionScopes', 2, 'id']);
  // The message names the scope that has the id first; the fix gives this one a new GUID.
  assert.match(dup[0]!.message, /already used by the scope "B\.Read" \(\/api\/oauth2PermissionScopes\/1\)/);
  assert.equal(dup[0]!.fixes?.[0]?.title, 'Replace with a new GUID');
  const fixed = applyFix(text, dup[0]!).value as ReturnType<typeof graphApp>;
  const ids = fixed.api.oauth2PermissionScopes.map((s) => (s as { id: string }).id.toLowerCase());
  assert.equal(new Set(ids).size, 3, 'the three ids differ after the fix');
  assert.match(ids[2]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(run('permission-id-duplicate', JSON.stringify(fixed, null, 2)).length, 0);
  // a scope and a role may have the same id (checked by the shared-id rule instead)
  assert.deepEqual(run('permission-id-duplicate', graphApp([scope(guid(1), 'A.Read')], [role(guid(1), 'A.Read')])), []);
});

test('permission-id-shared-mismatch when a role and a scope share an id but differ', () => {
  const text = JSON.stringify(
    graphApp([scope(guid(1), 'A.Read')], [role(guid(1), 'A.Read', { displayName: 'Other' })]),
    null,
    2,
  );
  const ps = run('permission-id-shared-mismatch', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['appRoles', 0, 'id']);
  assert.match(ps[0]!.message, /adminConsentDisplayName\/displayName/);
  assert.deepEqual(
    run('permission-id-shared-mismatch', graphApp([scope(guid(1), 'A.Read')], [role(guid(1), 'A.Read')])),
    [],
  );
});

test('app-role-member-types: empty list and unknown member types', () => {
  const text = JSON.stringify(
    graphApp(
      [],
      [
        role(guid(1), 'A.Read', { allowedMemberTypes: [] }),
        role(guid(2), 'B.Read', { allowedMemberTypes: ['User', 'Group'] }),
      ],
    ),
    null,
    2,
  );
  const ps = run('app-role-member-types', text);
  assert.equal(ps.length, 2);
  assertAt(text, ps[0], ['appRoles', 0, 'allowedMemberTypes']);
  assertAt(text, ps[1], ['appRoles', 1, 'allowedMemberTypes', 1]);
  assert.deepEqual(
    run(
      'app-role-member-types',
      graphApp([], [role(guid(1), 'A.Read', { allowedMemberTypes: ['User', 'Application'] })]),
    ),
    [],
  );
});

test('app-roles-personal and scope-count-personal', () => {
  const text = JSON.stringify(graphApp([], [role(guid(1), 'A.Read')], 'PersonalMicrosoftAccount'), null, 2);
  const ps = run('app-roles-personal', text);
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.path, '/appRoles');
  assert.equal(text.slice(ps[0]!.offset, ps[0]!.offset + ps[0]!.length), '"appRoles"');
  assert.deepEqual(run('app-roles-personal', graphApp([], [role(guid(1), 'A.Read')], 'AzureADMultipleOrgs')), []);
  assert.deepEqual(run('app-roles-personal', graphApp([], [], 'PersonalMicrosoftAccount')), []);

  const many = Array.from({ length: 101 }, (_, i) => scope(guid(i + 1), `S${i}.Read`));
  const sc = run('scope-count-personal', graphApp(many, [], 'AzureADandPersonalMicrosoftAccount'));
  assert.equal(sc.length, 1);
  assert.equal(sc[0]!.path, '/api/oauth2PermissionScopes');
  assert.deepEqual(
    run('scope-count-personal', graphApp(many.slice(0, 100), [], 'AzureADandPersonalMicrosoftAccount')),
    [],
  );
  assert.deepEqual(run('scope-count-personal', graphApp(many, [], 'AzureADMyOrg')), []);
});

test('permission-count: more than 700 roles + scopes', () => {
  const scopes = Array.from({ length: 400 }, (_, i) => scope(guid(i + 1), `S${i}.Read`));
  const roles = Array.from({ length: 301 }, (_, i) => role(guid(i + 1000), `R${i}.Read`));
  const ps = run('permission-count', graphApp(scopes, roles));
  assert.equal(ps.length, 1);
  assert.match(ps[0]!.message, /701/);
  assert.deepEqual(run('permission-count', graphApp(scopes, roles.slice(0, 300))), []);
});

test('Teams placeholders in ids and values are never flagged', () => {
  const m = {
    appId: '${{AAD_APP_CLIENT_ID}}',
    signInAudience: 'AzureADMyOrg',
    oauth2Permissions: [
      scope('${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}', '${{SCOPE}} value'),
      scope('{{state.fx-resource-aad-app-for-teams.oauth2PermissionScopeId}}', 'Tasks.Read'),
    ],
    appRoles: [role('${{ROLE_ID}}', 'Tasks.Read')],
  };
  for (const id of [
    'permission-value-charset',
    'permission-id-invalid',
    'permission-id-duplicate',
    'permission-value-duplicate',
    'permission-id-shared-mismatch',
  ]) {
    assert.deepEqual(run(id, m), [], id);
  }
});

test('untrusted values are shortened in messages', () => {
  const long = 'x'.repeat(5000);
  const ps = run('permission-id-invalid', graphApp([scope(long, 'A.Read')]));
  assert.equal(ps.length, 1);
  assert.ok(ps[0]!.message.length < 200, `message length ${ps[0]!.message.length}`);
  assert.match(ps[0]!.message, /x…' is not a GUID/);
});
