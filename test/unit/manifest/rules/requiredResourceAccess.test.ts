import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, assertAt, guid, run, testCatalog } from './helper';
import { PermissionKeys } from '../../../../src/core/manifest/rules/requiredResources';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const USER_READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const USER_READ_ALL_ROLE = 'df021288-bdef-4463-88db-98f22de89214';
const DIR_RW_ALL = '19dbc75e-c2e2-444c-a770-ec69d8559fc7';
const catalog = testCatalog();
const app = (rra: unknown, audience = 'AzureADMyOrg') => ({ signInAudience: audience, requiredResourceAccess: rra });

test('rra-unknown-permission only for resources the catalogue knows completely', () => {
  const text = JSON.stringify(
    app([
      {
        resourceAppId: GRAPH,
        resourceAccess: [
          { id: USER_READ, type: 'Scope' },
          { id: guid(1), type: 'Scope' },
        ],
      },
      { resourceAppId: guid(77), resourceAccess: [{ id: guid(2), type: 'Scope' }] },
      { resourceAppId: guid(88), resourceAccess: [{ id: guid(3), type: 'Role' }] },
    ]),
    null,
    2,
  );
  const ps = run('rra-unknown-permission', text, { catalog });
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['requiredResourceAccess', 0, 'resourceAccess', 1, 'id']);
  assert.deepEqual(run('rra-unknown-permission', text), [], 'no catalogue, no verdict');
});

test('rra-type-mismatch: a Role id used as Scope and the reverse', () => {
  const text = JSON.stringify(
    app([
      {
        resourceAppId: GRAPH,
        resourceAccess: [
          { id: DIR_RW_ALL, type: 'Scope' },
          { id: USER_READ, type: 'Role' },
          { id: USER_READ_ALL_ROLE, type: 'Role' },
        ],
      },
    ]),
    null,
    2,
  );
  const ps = run('rra-type-mismatch', text, { catalog });
  assert.equal(ps.length, 2);
  assertAt(text, ps[0], ['requiredResourceAccess', 0, 'resourceAccess', 0, 'type']);
  assert.match(ps[0]!.message, /Directory\.ReadWrite\.All is an application permission/);
  assertAt(text, ps[1], ['requiredResourceAccess', 0, 'resourceAccess', 1, 'type']);
});

test('Teams friendly names resolve through the catalogue', () => {
  const m = {
    appId: '${{AAD_APP_CLIENT_ID}}',
    requiredResourceAccess: [
      {
        resourceAppId: 'Microsoft Graph',
        resourceAccess: [
          { id: 'User.Read', type: 'Scope' },
          { id: 'User.Read.All', type: 'Role' },
          { id: 'Nope.Read', type: 'Scope' },
          { id: 'User.Read', type: 'Role' },
        ],
      },
    ],
  };
  const text = JSON.stringify(m, null, 2);
  const unknown = run('rra-unknown-permission', text, { catalog });
  assert.equal(unknown.length, 1);
  assertAt(text, unknown[0], ['requiredResourceAccess', 0, 'resourceAccess', 2, 'id']);
  const mismatch = run('rra-type-mismatch', text, { catalog });
  assert.equal(mismatch.length, 1);
  assertAt(text, mismatch[0], ['requiredResourceAccess', 0, 'resourceAccess', 3, 'type']);
  assert.deepEqual(
    run('rra-id-invalid', { ...m, replyUrlsWithType: [] }, { format: 'teams-template' }),
    [],
    'friendly names are fine in templates',
  );
});

test('rra-id-invalid in graph/legacy files', () => {
  const text = JSON.stringify(
    app([{ resourceAppId: 'Microsoft Graph', resourceAccess: [{ id: 'User.Read', type: 'Delegated' }] }]),
    null,
    2,
  );
  const ps = run('rra-id-invalid', text);
  assert.deepEqual(
    ps.map((p) => p.path),
    [
      '/requiredResourceAccess/0/resourceAppId',
      '/requiredResourceAccess/0/resourceAccess/0/id',
      '/requiredResourceAccess/0/resourceAccess/0/type',
    ],
  );
  assertAt(text, ps[2], ['requiredResourceAccess', 0, 'resourceAccess', 0, 'type']);
  assert.deepEqual(
    run('rra-id-invalid', app([{ resourceAppId: GRAPH, resourceAccess: [{ id: USER_READ, type: 'Scope' }] }])),
    [],
  );
});

test('rra-duplicate: resources and permissions', () => {
  const text = JSON.stringify(
    app([
      {
        resourceAppId: GRAPH,
        resourceAccess: [
          { id: USER_READ, type: 'Scope' },
          { id: USER_READ.toUpperCase(), type: 'Scope' },
          { id: USER_READ, type: 'Role' },
        ],
      },
      { resourceAppId: GRAPH, resourceAccess: [] },
    ]),
    null,
    2,
  );
  const ps = run('rra-duplicate', text);
  assert.deepEqual(
    ps.map((p) => p.path),
    ['/requiredResourceAccess/0/resourceAccess/1/id', '/requiredResourceAccess/1/resourceAppId'],
  );
  assertAt(text, ps[1], ['requiredResourceAccess', 1, 'resourceAppId']);
  // The repeated permission can be removed in one click; the fixed text parses and has no repeat.
  assert.equal(ps[0]!.fixes?.[0]?.title, 'Remove the duplicate permission');
  const fixed = applyFix(text, ps[0]!);
  assert.deepEqual(
    (fixed.value as { requiredResourceAccess: { resourceAccess: unknown[] }[] }).requiredResourceAccess[0]!
      .resourceAccess,
    [
      { id: USER_READ, type: 'Scope' },
      { id: USER_READ, type: 'Role' },
    ],
  );
  assert.deepEqual(
    run('rra-duplicate', fixed.text).map((p) => p.path),
    ['/requiredResourceAccess/1/resourceAppId'],
  );
});

test('rra-count: 50 resources, 400 permissions, 30 for personal audiences', () => {
  const perms = (n: number) => Array.from({ length: n }, (_, i) => ({ id: guid(i + 1), type: 'Scope' }));
  const text = JSON.stringify(
    app([{ resourceAppId: GRAPH, resourceAccess: perms(31) }], 'AzureADandPersonalMicrosoftAccount'),
    null,
    2,
  );
  const ps = run('rra-count', text);
  assert.equal(ps.length, 1);
  assert.equal(text.slice(ps[0]!.offset, ps[0]!.offset + ps[0]!.length), '"requiredResourceAccess"');
  assert.match(ps[0]!.message, /31 permissions.*limit is 30/);
  assert.deepEqual(run('rra-count', app([{ resourceAppId: GRAPH, resourceAccess: perms(31) }])), []);
  assert.equal(run('rra-count', app([{ resourceAppId: GRAPH, resourceAccess: perms(401) }])).length, 1);
  const res = Array.from({ length: 51 }, (_, i) => ({ resourceAppId: guid(i + 1), resourceAccess: [] }));
  assert.match(run('rra-count', app(res))[0]?.message ?? '', /51 resources/);
  assert.deepEqual(run('rra-count', app(res.slice(0, 50))), []);
});

test('rra-high-privilege: application permissions that take over the tenant', () => {
  const text = JSON.stringify(
    app([
      {
        resourceAppId: GRAPH,
        resourceAccess: [
          { id: DIR_RW_ALL, type: 'Role' },
          { id: USER_READ_ALL_ROLE, type: 'Role' },
          { id: USER_READ, type: 'Scope' },
        ],
      },
    ]),
    null,
    2,
  );
  const ps = run('rra-high-privilege', text, { catalog });
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['requiredResourceAccess', 0, 'resourceAccess', 0, 'id']);
  assert.match(ps[0]!.message, /Directory\.ReadWrite\.All.*read and change every user/);
  // friendly names (Teams templates) need no catalogue
  const names = run('rra-high-privilege', {
    requiredResourceAccess: [
      {
        resourceAppId: 'Microsoft Graph',
        resourceAccess: [
          { id: 'Sites.ReadWrite.All', type: 'Role' },
          { id: 'RoleManagement.ReadWrite.Directory', type: 'Role' },
          { id: 'Sites.ReadWrite.All', type: 'Scope' },
        ],
      },
    ],
  });
  assert.equal(names.length, 2);
  assert.match(names[0]!.message, /all Sites data/);
  assert.match(names[1]!.message, /Global Administrator/);
});

test('rra-azure-ad-graph warns on the retired resource', () => {
  const text = JSON.stringify(
    app([{ resourceAppId: '00000002-0000-0000-c000-000000000000', resourceAccess: [{ id: guid(1), type: 'Scope' }] }]),
    null,
    2,
  );
  const ps = run('rra-azure-ad-graph', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['requiredResourceAccess', 0, 'resourceAppId']);
  assert.deepEqual(ps[0]!.tags, ['deprecated']);
  assert.deepEqual(run('rra-azure-ad-graph', app([{ resourceAppId: GRAPH, resourceAccess: [] }])), []);
});

test('permission keys: the same answers as one set of type-then-id keys, joined once a type has a colon', () => {
  // The reference: the keys as the rule always compared them.
  class Reference {
    private byType = new Map<string, Set<string>>();
    private joined: Set<string> | undefined;
    clear(): void {
      this.byType = new Map();
      this.joined = undefined;
    }
    add(type: string, id: string): boolean {
      if (this.joined === undefined && type.includes(':')) {
        this.joined = new Set();
        for (const [t, ids] of this.byType) for (const i of ids) this.joined.add(`${t}:${i}`);
      }
      const set = this.joined ?? this.byType.get(type) ?? this.byType.set(type, new Set()).get(type)!;
      const key = this.joined ? `${type}:${id}` : id;
      if (set.has(key)) return false;
      set.add(key);
      return true;
    }
  }
  const types = ['Scope', 'Role', '', 'a', 'a:b', 'Scope:x'];
  const ids = ['b:c', 'c', 'x', 'b', 'id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'id7', 'id8', 'id9', 'x:c'];
  const keys = new PermissionKeys();
  // Once a type has a colon, keys are joined strings: `a` + `b:c` and `a:b` + `c` are one key.
  assert.equal(keys.add('a', 'b:c'), true);
  assert.equal(keys.add('a:b', 'c'), false);
  keys.clear();
  assert.equal(keys.add('a:b', 'c'), true);
  assert.equal(keys.add('a', 'b:c'), false);
  const reference = new Reference();
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let adds = 0;
  let repeats = 0;
  for (let round = 0; round < 3000; round++) {
    keys.clear();
    reference.clear();
    // Mostly a few keys (the arrays), sometimes past eight (the map), sometimes a type with a colon.
    const count = next(4) === 0 ? 4 + next(16) : 1 + next(4);
    const colonFree = next(3) !== 0;
    for (let i = 0; i < count; i++) {
      const type = types[next(colonFree ? 4 : types.length)]!;
      const id = ids[next(ids.length)]!;
      const got = keys.add(type, id);
      assert.equal(got, reference.add(type, id), `round ${round}, key ${i}: ${type} ${id}`);
      adds++;
      if (!got) repeats++;
    }
  }
  assert.ok(repeats > 1000 && adds - repeats > 1000, `${adds} keys, ${repeats} repeats`);
});
