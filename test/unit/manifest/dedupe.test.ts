import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintManifest } from '../../../src/core/manifest/lint';
import { rules } from '../../../src/core/manifest/rules';
import { run } from './rules/helper';

const now = new Date('2026-01-01T00:00:00Z');

/** One planted mistake per line; each must come out as exactly one problem on its range. */
const app = {
  appId: '11111111-1111-1111-1111-111111111111',
  signInAudience: 'AzureADMyOrg',
  displayName: 'Contoso',
  identifierUris: ['not a uri'],
  api: {
    knownClientApplications: ['nope'],
    oauth2PermissionScopes: [
      {
        id: 'bad-scope-id',
        value: 'A.Read',
        type: 'User',
        isEnabled: true,
        adminConsentDisplayName: 'a',
        adminConsentDescription: 'b',
      },
    ],
    preAuthorizedApplications: [{ appId: 'zzz', delegatedPermissionIds: ['not-an-id'] }],
  },
  appRoles: [
    {
      id: 'bad-role-id',
      value: 'R.Read',
      allowedMemberTypes: ['user'],
      displayName: 'r',
      description: 'd',
      isEnabled: true,
    },
  ],
  requiredResourceAccess: [
    {
      resourceAppId: '',
      resourceAccess: [
        { id: '', type: 'scope' },
        { id: 'abc', type: 'Scope' },
      ],
    },
    { resourceAppId: 'xyz', resourceAccess: [] },
  ],
  web: { redirectUris: ['plain words'] },
};
const text = JSON.stringify(app, null, 2);

function rangeOf(needle: string, from = 0): { offset: number; length: number } {
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, needle);
  return { offset, length: needle.length };
}

test('a mistake the schema already reports on the same range is reported once', () => {
  const problems = lintManifest(text, { now }).problems;
  const byRange = new Map<string, string[]>();
  for (const p of problems) {
    const key = `${p.offset}:${p.length}`;
    byRange.set(key, [...(byRange.get(key) ?? []), p.ruleId]);
  }
  for (const [key, ids] of byRange)
    assert.equal(
      ids.length,
      1,
      `${key} ${JSON.stringify(text.slice(Number(key.split(':')[0]), Number(key.split(':')[0]) + Number(key.split(':')[1])))}: ${ids.join(', ')}`,
    );
  const expect = (needle: string, ruleId: string, from = 0): void => {
    const r = rangeOf(needle, from);
    const hit = problems.filter((p) => p.offset === r.offset && p.length === r.length);
    assert.deepEqual(
      hit.map((p) => p.ruleId),
      [ruleId],
      needle,
    );
  };
  expect('"not a uri"', 'schema-format');
  expect('"nope"', 'schema-format');
  expect('"bad-scope-id"', 'schema-format');
  expect('"bad-role-id"', 'schema-format');
  expect('"zzz"', 'schema-format');
  expect('"not-an-id"', 'schema-format');
  expect('"user"', 'schema-enum');
  expect('"scope"', 'schema-enum');
  expect('"abc"', 'schema-format');
  expect('"xyz"', 'schema-format');
  expect('"plain words"', 'schema-format');
  const rra = text.indexOf('"requiredResourceAccess"');
  expect('""', 'schema-format', rra);
  expect('""', 'schema-format', text.indexOf('"id": ""', rra) + 6);
  // The one left keeps its fix: right case for enums, a new GUID for definition ids.
  const user = problems.find((p) => p.offset === rangeOf('"user"').offset)!;
  assert.deepEqual(user.fixes?.[0]?.edits, [{ offset: rangeOf('"user"').offset, length: 6, content: '"User"' }]);
  const role = problems.find((p) => p.offset === rangeOf('"bad-role-id"').offset)!;
  assert.match(
    String(role.fixes?.[0]?.edits[0]?.content),
    /^"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"$/,
  );
});

test('each rule still reports those mistakes when it runs without the schema', () => {
  const expected: [string, string][] = [
    ['rra-id-invalid', '"scope"'],
    ['rra-id-invalid', '"abc"'],
    ['permission-id-invalid', '"bad-role-id"'],
    ['known-client-invalid', '"nope"'],
    ['preauthorized-app-id', '"zzz"'],
    ['app-role-member-types', '"user"'],
    ['identifier-uri-format', '"not a uri"'],
    ['redirect-uri-scheme', '"plain words"'],
  ];
  for (const [id, needle] of expected) {
    const r = rangeOf(needle);
    assert.ok(
      run(id, text).some((p) => p.offset === r.offset && p.length === r.length),
      `${id} on ${needle}`,
    );
  }
  assert.ok(rules.length >= 66);
});

test('different mistakes on one range are both kept', () => {
  // Wrong-case audience (schema) and v1 tokens for a personal-account audience (rule).
  const t = JSON.stringify(
    {
      displayName: 'x',
      signInAudience: 'AzureADAndPersonalMicrosoftAccount',
      spa: { redirectUris: ['https://a.example/'] },
    },
    null,
    2,
  );
  const offset = t.indexOf('"AzureADAndPersonalMicrosoftAccount"');
  const ids = lintManifest(t, { now })
    .problems.filter((p) => p.offset === offset)
    .map((p) => p.ruleId)
    .sort();
  assert.deepEqual(ids, ['schema-enum', 'token-version-personal']);
});
