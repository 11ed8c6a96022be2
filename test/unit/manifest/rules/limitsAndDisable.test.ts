import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ID, applyFix, assertAt, guid, run } from './helper';

test('manifest-entry-count: more than 1,200 entries across collections', () => {
  const uris = Array.from({ length: 250 }, (_, i) => `https://c.com/${i}`);
  const tags = Array.from({ length: 201 }, (_, i) => `t${i}`);
  const m = {
    web: { redirectUris: uris },
    spa: { redirectUris: uris },
    publicClient: { redirectUris: uris },
    identifierUris: uris.map((_, i) => `api://x${i}`),
    tags,
  };
  const ps = run('manifest-entry-count', m);
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.offset, 0);
  assert.equal(ps[0]!.length, 1);
  // Counts are written with thousands separators, as the limit in the same sentence is.
  assert.match(ps[0]!.message, /^The size of the manifest has exceeded its limit: 1,201 entries .* Remove 1\.$/);
  assert.deepEqual(run('manifest-entry-count', { ...m, tags: tags.slice(0, 200) }), [], 'exactly 1,200 is allowed');
});

test('limit messages write counts of a thousand or more with separators', () => {
  const uris = Array.from({ length: 1100 }, (_, i) => `https://c.com/${i}`);
  const [uriCount] = run('redirect-uri-count', { web: { redirectUris: uris } });
  assert.match(uriCount!.message, /^1,100 redirect URIs across platforms; the limit is 256\. Remove 844 /);
  const scopes = Array.from({ length: 1100 }, (_, i) => ({ id: guid(i), value: `s${i}`, type: 'User' }));
  const [scopeCount] = run('scope-count-personal', {
    signInAudience: 'AzureADandPersonalMicrosoftAccount',
    api: { oauth2PermissionScopes: scopes },
  });
  assert.match(scopeCount!.message, /^1,100 scopes defined; .* Remove 1,000\.$/);
});

test('tag-invalid: length, whitespace, duplicates', () => {
  const text = JSON.stringify({ tags: ['ok', '', 'has space', 'ok', 'x'.repeat(257), '${{TAG}}'] }, null, 2);
  const ps = run('tag-invalid', text);
  assert.deepEqual(
    ps.map((p) => p.path),
    ['/tags/1', '/tags/2', '/tags/3', '/tags/4'],
  );
  assertAt(text, ps[1], ['tags', 2]);
});

test('description-length and display-name-length', () => {
  const text = JSON.stringify({ description: 'd'.repeat(1025), displayName: 'n'.repeat(121) }, null, 2);
  assertAt(text, run('description-length', text)[0], ['description']);
  assert.deepEqual(run('description-length', { description: 'd'.repeat(1024) }), []);
  const dn = run('display-name-length', text);
  assert.equal(dn[0]?.severity, 'warning');
  assertAt(text, dn[0], ['displayName']);
  assert.equal(run('display-name-length', { displayName: 'n'.repeat(257) })[0]?.severity, 'error');
  assert.equal(
    run('display-name-length', { signInAudience: 'PersonalMicrosoftAccount', displayName: 'n'.repeat(91) }).length,
    1,
  );
  assert.deepEqual(run('display-name-length', { displayName: 'n'.repeat(120) }), []);
  assert.equal(run('display-name-length', { name: 'n'.repeat(300), replyUrlsWithType: [] })[0]?.path, '/name');
});

const scope = (id: string, value: string, isEnabled = true) => ({
  id,
  value,
  type: 'User',
  isEnabled,
  adminConsentDisplayName: 'Read',
  adminConsentDescription: 'Reads',
});
const role = (id: string, value: string, isEnabled = true) => ({
  id,
  value,
  allowedMemberTypes: ['User'],
  displayName: 'R',
  description: 'Role',
  isEnabled,
});
const app = (scopes: unknown[], roles: unknown[] = []) => ({
  appId: APP_ID,
  api: { oauth2PermissionScopes: scopes },
  appRoles: roles,
});

test('disable-first: removing an enabled scope, with a fix restoring it disabled', () => {
  const original = app([scope(guid(1), 'a.read'), scope(guid(2), 'b.read')]);
  const text = JSON.stringify(app([scope(guid(2), 'b.read')]), null, 2);
  const ps = run('disable-first', text, { original });
  assert.equal(ps.length, 1);
  assert.equal(text.slice(ps[0]!.offset, ps[0]!.offset + ps[0]!.length), '"oauth2PermissionScopes"');
  assert.match(ps[0]!.message, /disable first: set isEnabled to false, save, then remove or change it/i);
  const fixed = applyFix(text, ps[0]!);
  const scopes = (fixed.value as { api: { oauth2PermissionScopes: { id: string; isEnabled: boolean }[] } }).api
    .oauth2PermissionScopes;
  assert.deepEqual(
    scopes.map((s) => [s.id, s.isEnabled]),
    [
      [guid(2), true],
      [guid(1), false],
    ],
  );
  assert.deepEqual(run('disable-first', fixed.text, { original }), []);
});

test('disable-first: changing an enabled role is an error; disabled originals may change', () => {
  const original = app([], [role(guid(1), 'Admin'), role(guid(2), 'Old', false)]);
  const changed = app([], [{ ...role(guid(1), 'Administrator'), isEnabled: false }, role(guid(2), 'Renamed', false)]);
  const text = JSON.stringify(changed, null, 2);
  const ps = run('disable-first', text, { original });
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['appRoles', 0, 'value']);
  const fixed = applyFix(text, ps[0]!);
  const roles = (fixed.value as { appRoles: { value: string; isEnabled: boolean }[] }).appRoles;
  assert.deepEqual([roles[0]!.value, roles[0]!.isEnabled], ['Admin', false]);
  // only disabling (the first step) is fine
  assert.deepEqual(
    run('disable-first', app([], [role(guid(1), 'Admin', false), role(guid(2), 'Old', false)]), { original }),
    [],
  );
  // without an original (a file not from the tenant) the rule is silent
  assert.deepEqual(run('disable-first', changed), []);
});
