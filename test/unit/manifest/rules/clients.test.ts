import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ID, assertAt, guid, makeCtx, run } from './helper';
import { findingsOn } from '../pathFindings';
import { parseDocument } from '../../../../src/core/manifest/json';
import { LazyNode } from '../../../../src/core/manifest/fastTree';
import { child } from '../../../../src/core/manifest/rules/util';
import { preauthorizedAppId, preauthorizedUnknownScope } from '../../../../src/core/manifest/rules/clients';

const SCOPE = guid(1);
const DISABLED = guid(2);
const CLIENT = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
const app = (pre: unknown, audience = 'AzureADMyOrg', extra: Record<string, unknown> = {}) => ({
  appId: APP_ID,
  signInAudience: audience,
  api: {
    requestedAccessTokenVersion: 2,
    oauth2PermissionScopes: [
      { id: SCOPE, value: 'access_as_user', type: 'User', isEnabled: true },
      { id: DISABLED, value: 'old_scope', type: 'User', isEnabled: false },
    ],
    preAuthorizedApplications: pre,
    ...extra,
  },
});

test('preauthorized-unknown-scope: unknown ids are errors, disabled scopes warnings', () => {
  const text = JSON.stringify(app([{ appId: CLIENT, delegatedPermissionIds: [SCOPE, guid(9), DISABLED] }]), null, 2);
  const ps = run('preauthorized-unknown-scope', text);
  assert.equal(ps.length, 2);
  assertAt(text, ps[0], ['api', 'preAuthorizedApplications', 0, 'delegatedPermissionIds', 1]);
  assert.equal(ps[0]!.severity, 'error');
  assertAt(text, ps[1], ['api', 'preAuthorizedApplications', 0, 'delegatedPermissionIds', 2]);
  assert.equal(ps[1]!.severity, 'warning');
  assert.deepEqual(
    run('preauthorized-unknown-scope', app([{ appId: CLIENT, delegatedPermissionIds: [SCOPE.toUpperCase()] }])),
    [],
  );
});

test('preauthorized-unknown-scope reads the legacy shape (permissionIds, oauth2Permissions)', () => {
  const legacy = {
    appId: APP_ID,
    replyUrlsWithType: [],
    oauth2Permissions: [{ id: SCOPE, value: 'access_as_user', isEnabled: true }],
    preAuthorizedApplications: [{ appId: CLIENT, permissionIds: [guid(3)] }],
  };
  const text = JSON.stringify(legacy, null, 2);
  const ps = run('preauthorized-unknown-scope', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['preAuthorizedApplications', 0, 'permissionIds', 0]);
});

/** A Teams template whose one scope has the id `scope`, pre-authorizing one client per id. */
function templateWithPreAuthorized(scope: string, ids: string[]): object {
  return {
    appId: '${{AAD_APP_CLIENT_ID}}',
    oauth2Permissions: [{ id: scope, value: 'access_as_user' }],
    preAuthorizedApplications: ids.map((id, i) => ({ appId: guid(5 + i), permissionIds: [id] })),
  };
}

test('preauthorized-unknown-scope: placeholder ids are checked only against the scope id placeholders', () => {
  const scope = '{{state.fx-resource-aad-app-for-teams.oauth2PermissionScopeId}}';
  const m = (ids: string[]) => templateWithPreAuthorized(scope, ids);
  // The same placeholder as the scope's id: silent.
  assert.deepEqual(run('preauthorized-unknown-scope', m([scope, scope])), []);
  // Another placeholder cannot render to the scope's id: a warning each.
  assert.deepEqual(
    run('preauthorized-unknown-scope', m([scope, '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}', '{{state.x}}'])).map(
      (p) => [p.path, p.severity],
    ),
    [
      ['/preAuthorizedApplications/1/permissionIds/0', 'warning'],
      ['/preAuthorizedApplications/2/permissionIds/0', 'warning'],
    ],
  );
});

test('preauthorized-unknown-scope: placeholder ids with spaces inside the braces, and long runs of spaces', () => {
  const scope = '${{ AAD_APP_ACCESS_AS_USER_PERMISSION_ID }}';
  const m = (ids: string[]) => templateWithPreAuthorized(scope, ids);
  // Spaces inside the braces render alike: the same placeholder, silent.
  assert.deepEqual(
    run(
      'preauthorized-unknown-scope',
      m(['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}', '${{\tAAD_APP_ACCESS_AS_USER_PERMISSION_ID\n}}']),
    ),
    [],
  );
  // A run of 1,000,000 spaces not followed by braces (read once, not from each of its characters:
  // the regular expression this replaces would not finish), and one before braces that close.
  const spaces = ' '.repeat(1_000_000);
  assert.deepEqual(
    run(
      'preauthorized-unknown-scope',
      m([`\${{OTHER}}${spaces}x`, `\${{ AAD_APP_ACCESS_AS_USER_PERMISSION_ID${spaces}}}`]),
    ).map((p) => [p.path, p.severity]),
    [['/preAuthorizedApplications/0/permissionIds/0', 'warning']],
  );
});

test('preauthorized-app-id: not a GUID, duplicated, the app itself', () => {
  const text = JSON.stringify(
    app([
      { appId: 'Teams', delegatedPermissionIds: [SCOPE] },
      { appId: CLIENT, delegatedPermissionIds: [SCOPE] },
      { appId: CLIENT.toUpperCase(), delegatedPermissionIds: [SCOPE] },
      { appId: APP_ID, delegatedPermissionIds: [SCOPE] },
    ]),
    null,
    2,
  );
  const ps = run('preauthorized-app-id', text);
  assert.deepEqual(
    ps.map((p) => [p.path, p.severity]),
    [
      ['/api/preAuthorizedApplications/0/appId', 'error'],
      ['/api/preAuthorizedApplications/2/appId', 'error'],
      ['/api/preAuthorizedApplications/3/appId', 'warning'],
    ],
  );
  assertAt(text, ps[1], ['api', 'preAuthorizedApplications', 2, 'appId']);
  assert.deepEqual(run('preauthorized-app-id', app([{ appId: CLIENT, delegatedPermissionIds: [SCOPE] }])), []);
});

test('preauthorized-limits-personal: 100 clients, 30 scopes per client', () => {
  const many = Array.from({ length: 101 }, (_, i) => ({ appId: guid(100 + i), delegatedPermissionIds: [SCOPE] }));
  const ps = run('preauthorized-limits-personal', app(many, 'AzureADandPersonalMicrosoftAccount'));
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.path, '/api/preAuthorizedApplications');
  assert.deepEqual(run('preauthorized-limits-personal', app(many, 'AzureADMyOrg')), []);
  const wide = [{ appId: CLIENT, delegatedPermissionIds: Array.from({ length: 31 }, (_, i) => guid(i + 200)) }];
  const w = run('preauthorized-limits-personal', app(wide, 'PersonalMicrosoftAccount'));
  assert.equal(w.length, 1);
  assert.equal(w[0]!.path, '/api/preAuthorizedApplications/0/delegatedPermissionIds');
});

test('known-client-invalid and known-client-self (graph and legacy)', () => {
  const text = JSON.stringify(
    app([], 'AzureADMyOrg', { knownClientApplications: ['nope', CLIENT, CLIENT, APP_ID] }),
    null,
    2,
  );
  const ps = run('known-client-invalid', text);
  assert.deepEqual(
    ps.map((p) => [p.path, p.severity]),
    [
      ['/api/knownClientApplications/0', 'error'],
      ['/api/knownClientApplications/2', 'warning'],
    ],
  );
  assertAt(text, ps[0], ['api', 'knownClientApplications', 0]);
  const self = run('known-client-self', text);
  assert.equal(self.length, 1);
  assert.equal(self[0]!.severity, 'info');
  assertAt(text, self[0], ['api', 'knownClientApplications', 3]);
  const legacy = { appId: APP_ID, replyUrlsWithType: [], knownClientApplications: [APP_ID] };
  assert.equal(run('known-client-self', legacy)[0]?.path, '/knownClientApplications/0');
  assert.deepEqual(
    run('known-client-invalid', app([], 'AzureADMyOrg', { knownClientApplications: [CLIENT, '${{CLIENT_ID}}'] })),
    [],
  );
});

test('preauthorized-unknown-scope: a repeated id gets its finding at every entry', () => {
  const ids = [guid(9), SCOPE, guid(9), DISABLED, guid(9), DISABLED];
  const text = JSON.stringify(app([{ appId: CLIENT, delegatedPermissionIds: ids }]), null, 2);
  assert.deepEqual(
    run('preauthorized-unknown-scope', text).map((p) => [p.path, p.severity]),
    [
      ['/api/preAuthorizedApplications/0/delegatedPermissionIds/0', 'error'],
      ['/api/preAuthorizedApplications/0/delegatedPermissionIds/2', 'error'],
      ['/api/preAuthorizedApplications/0/delegatedPermissionIds/3', 'warning'],
      ['/api/preAuthorizedApplications/0/delegatedPermissionIds/4', 'error'],
      ['/api/preAuthorizedApplications/0/delegatedPermissionIds/5', 'warning'],
    ],
  );
});

test('pre-authorized clients read from the plain value: jsonc-parser’s findings, and nodes only for what is reported', () => {
  const scope = (id: string, enabled = true): object => ({
    id,
    value: `S.${id.slice(0, 4)}`,
    isEnabled: enabled,
    type: 'Admin',
  });
  const entry = (i: number): object => {
    const ids = [guid(1), guid(2), i % 50 === 0 ? guid(9) : guid(1), i % 70 === 0 ? 7 : guid(2)];
    if (i % 90 === 0) return { appId: guid(100), permissionIds: ids, delegatedPermissionIds: null };
    if (i % 60 === 0) return { appId: i % 120 === 0 ? APP_ID : 'not-a-guid', delegatedPermissionIds: 'x' };
    return { appId: i % 40 === 0 ? guid(100) : guid(200 + i), delegatedPermissionIds: ids };
  };
  const manifest = (n: number, personal = false): string =>
    JSON.stringify({
      appId: APP_ID,
      signInAudience: personal ? 'AzureADandPersonalMicrosoftAccount' : 'AzureADMyOrg',
      identifierUris: [`api://${APP_ID}`],
      api: {
        oauth2PermissionScopes: [scope(guid(1)), scope(guid(2), false)],
        preAuthorizedApplications: [...Array.from({ length: n }, (_, i) => entry(i)), 'not an object', null],
      },
    });
  const rules = /^preauthorized-/;
  const on = (text: string, fastPaths: boolean): unknown[] =>
    findingsOn(text, { now: new Date('2026-01-01T00:00:00Z'), parse: { fastPaths } }).filter((f) =>
      rules.test((f as string[])[0]!),
    );
  for (const [label, text] of [
    ['few', manifest(130)],
    ['many', manifest(1100)],
    ['personal', manifest(130, true)],
    ['broken', manifest(400).replace(/\}$/, ' !}')],
  ]) {
    const fast = on(text!, true);
    assert.ok(fast.length > 5, `${label}: findings`);
    assert.deepEqual(fast, on(text!, false), label!);
  }
  // A list whose ids all pass: no entry node is made.
  const ok = JSON.stringify({
    signInAudience: 'AzureADMyOrg',
    identifierUris: [`api://${APP_ID}`],
    api: {
      oauth2PermissionScopes: [scope(guid(1))],
      preAuthorizedApplications: Array.from({ length: 300 }, (_, i) => ({
        appId: guid(300 + i),
        delegatedPermissionIds: [guid(1)],
      })),
    },
  });
  const doc = parseDocument(ok);
  const ctx = { ...makeCtx(ok), root: doc.root, value: doc.value };
  for (const rule of [preauthorizedUnknownScope, preauthorizedAppId]) assert.deepEqual(rule.check(ctx), []);
  const list = child(child(doc.root, 'api'), 'preAuthorizedApplications');
  assert.ok(list instanceof LazyNode, 'the lazy tree');
  const kids = (list as unknown as { kids?: unknown[] }).kids;
  assert.ok(!kids?.some((k) => k !== undefined), 'no entry node made');
});
