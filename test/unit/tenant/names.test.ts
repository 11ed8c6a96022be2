import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { NameCache, type NameSnapshot, type NameStore } from '../../../src/core/tenant/nameCache';
import { builtInGraphEntries, microsoftGraphAppId, wellKnownApps } from '../../../src/core/tenant/wellKnown';

const shared = path.resolve(path.resolve(__dirname, '../../..'), '../shared');

test('built-in Microsoft Graph permission ids, values and consent types match the public data set', (t) => {
  const dir = path.join(shared, 'data/microsoft-info');
  if (!existsSync(dir)) {
    t.skip('../shared is absent: comparison with the Graph permission data set skipped');
    return;
  }
  const delegated = JSON.parse(readFileSync(path.join(dir, 'GraphDelegateRoles.json'), 'utf8')) as Array<{
    Id: string;
    Value: string;
    Type: string;
  }>;
  const roles = JSON.parse(readFileSync(path.join(dir, 'GraphAppRoles.json'), 'utf8')) as Array<{
    Id: string;
    Value: string;
  }>;
  const apps = JSON.parse(readFileSync(path.join(dir, 'MicrosoftApps.json'), 'utf8')) as Array<{
    AppId: string;
    AppDisplayName: string;
  }>;
  const byId = new Map(delegated.map((d) => [d.Id, d]));
  const roleById = new Map(roles.map((r) => [r.Id, r]));
  const { scopes, roles: builtInRoles } = builtInGraphEntries();
  for (const [id, value, type] of scopes) {
    assert.deepEqual([byId.get(id)?.Value, byId.get(id)?.Type], [value, type], `delegated ${id}`);
  }
  for (const [id, value] of builtInRoles) {
    assert.equal(roleById.get(id)?.Value, value, `application ${id}`);
  }
  const appNames = new Map(apps.map((a) => [a.AppId, a.AppDisplayName]));
  for (const [appId, name] of wellKnownApps) {
    assert.equal(appNames.get(appId), name, appId);
  }
});

test('name cache: built-in Graph names offline; a snapshot round-trips through the store without secrets', async () => {
  const saved = new Map<string, NameSnapshot>();
  const store: NameStore = { read: (t) => saved.get(t), write: (t, s) => void saved.set(t, s) };
  const cache = new NameCache('tenant-a', store);
  assert.equal(
    cache.permission(microsoftGraphAppId, 'Scope', 'e1fe6dd8-ba31-4d61-89e7-88639da4683d')?.value,
    'User.Read',
  );
  assert.equal(cache.needsResource(microsoftGraphAppId), true, 'built-in Graph lacks the tenant SP id');
  cache.setResource({
    appId: 'api-app',
    displayName: 'CRM API',
    spId: 'sp-api',
    complete: true,
    permissions: new Map([
      ['Scope:s1', { id: 's1', value: 'user_impersonation', kind: 'Scope', adminConsentRequired: false }],
    ]),
  });
  cache.setAppName('client-app', 'CRM Web');
  await cache.save();
  const json = JSON.stringify(saved.get('tenant-a'));
  assert.doesNotMatch(json, /secret|token/i);
  const restored = new NameCache('tenant-a', store);
  assert.equal(restored.permission('api-app', 'Scope', 's1')?.value, 'user_impersonation');
  assert.equal(restored.resource('api-app')?.spId, 'sp-api');
  assert.equal(restored.appName('client-app'), 'CRM Web');
  assert.equal(restored.needsResource('api-app'), false);
  assert.equal(new NameCache('tenant-b', store).appName('client-app'), undefined, 'caches are per tenant');
  // Garbage in the store is ignored.
  const broken: NameStore = {
    read: () => ({ version: 1, resources: [{ appId: 3 }, null], apps: [[1, 2]] }),
    write: () => undefined,
  };
  assert.equal(new NameCache('x', broken).appName('client-app'), undefined);
});
