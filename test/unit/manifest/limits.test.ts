import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { legacyConversionEdit } from '../../../src/core/manifest/convert';
import { lintManifest, MAX_FINDINGS_PER_RULE } from '../../../src/core/manifest/lint';

const now = new Date('2025-01-01T00:00:00Z');

test('1,200 duplicate redirect URIs: the first findings of the rule and one summary with the count', () => {
  // (1,200: the longest list every rule reads; see the long-list test below.)
  const uris = Array.from({ length: 1_200 }, () => 'https://contoso.com/cb');
  const text = JSON.stringify(
    { displayName: 'Contoso', signInAudience: 'AzureADMyOrg', requiredResourceAccess: [], web: { redirectUris: uris } },
    null,
    1,
  );
  const problems = lintManifest(text, { now }).problems.filter((p) => p.ruleId === 'redirect-uri-duplicate');
  assert.equal(problems.length, MAX_FINDINGS_PER_RULE + 1);
  const listed = problems.filter((p) => p.severity === 'warning');
  const summary = problems.filter((p) => p.severity === 'info');
  assert.equal(listed.length, MAX_FINDINGS_PER_RULE);
  assert.equal(summary.length, 1);
  // The listed ones are the first duplicates (items 1..200), each with its removal fix.
  assert.deepEqual(
    listed.map((p) => p.path),
    Array.from({ length: MAX_FINDINGS_PER_RULE }, (_, i) => `/web/redirectUris/${i + 1}`),
  );
  assert.ok(listed.every((p) => p.fixes?.[0]?.title === 'Remove the duplicate redirect URI'));
  // The summary sits at the first one not listed and says how many more there are.
  assert.equal(summary[0]!.path, `/web/redirectUris/${MAX_FINDINGS_PER_RULE + 1}`);
  assert.match(
    summary[0]!.message,
    new RegExp(`^${(1_199 - MAX_FINDINGS_PER_RULE).toLocaleString('en-US')} more "redirect-uri-duplicate" findings`),
  );
  // The removal fix of a listed finding still removes exactly its item.
  const edited = applyEdits(text, [...listed[0]!.fixes![0]!.edits]);
  assert.equal((JSON.parse(edited) as { web: { redirectUris: string[] } }).web.redirectUris.length, 1_199);
});

test('a rule at or below the cap is not summarised', () => {
  const uris = Array.from({ length: MAX_FINDINGS_PER_RULE + 1 }, () => 'https://contoso.com/cb');
  const text = JSON.stringify({
    displayName: 'Contoso',
    signInAudience: 'AzureADMyOrg',
    requiredResourceAccess: [],
    web: { redirectUris: uris },
  });
  const problems = lintManifest(text, { now }).problems.filter((p) => p.ruleId === 'redirect-uri-duplicate');
  assert.equal(problems.length, MAX_FINDINGS_PER_RULE);
  assert.ok(problems.every((p) => p.severity === 'warning'));
});

test('the cap applies per rule id to schema findings too (thousands of unknown keys)', () => {
  const extra = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`k${i}`, 1]));
  const text = JSON.stringify({
    displayName: 'Contoso',
    signInAudience: 'AzureADMyOrg',
    requiredResourceAccess: [],
    ...extra,
  });
  const unknown = lintManifest(text, { now }).problems.filter((p) => p.ruleId === 'schema-unknown-property');
  assert.equal(unknown.length, MAX_FINDINGS_PER_RULE + 1);
  assert.equal(unknown.filter((p) => p.severity === 'info').length, 1);
});

test('prototype names as legacy reply URL types, claim names, keys and permission values are plain unknown values', () => {
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    const legacy = `{"name":"x","availableToOtherTenants":false,"requiredResourceAccess":[],"replyUrlsWithType":[{"url":"https://a.com","type":${JSON.stringify(name)}},{"url":"https://a.com","type":${JSON.stringify(name)}}],${JSON.stringify(name)}:{"a":1}}`;
    const r = lintManifest(legacy, { now });
    assert.ok(!r.problems.some((p) => p.ruleId === 'internal-error'), name);
    // Both entries have the same unknown platform: one duplicate finding, not a function as the platform.
    const dup = r.problems.filter((p) => p.ruleId === 'redirect-uri-duplicate');
    assert.equal(dup.length, 1, name);
    // The unknown top-level key is reported as unknown, without "belongs to the Microsoft Graph format".
    const unknown = r.problems.find((p) => p.ruleId === 'schema-unknown-property' && p.path === `/${name}`);
    assert.ok(unknown, name);
    assert.doesNotMatch(unknown.message, /belongs to the Microsoft Graph format/, name);

    const claims = JSON.stringify({
      displayName: 'x',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [],
      optionalClaims: { idToken: [{ name, additionalProperties: ['x'] }] },
    });
    const c = lintManifest(claims, { now });
    assert.ok(!c.problems.some((p) => p.ruleId === 'internal-error'), name);
    assert.ok(
      c.problems.some((p) => p.ruleId === 'optional-claim-unknown'),
      name,
    );
    assert.ok(
      !c.problems.some(
        (p) => p.ruleId === 'optional-claim-token-type' || p.ruleId === 'optional-claim-additional-properties',
      ),
      name,
    );

    const roles = JSON.stringify({
      displayName: 'x',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [
        { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: name, type: 'Role' }] },
      ],
    });
    const g = lintManifest(roles, { now });
    assert.ok(!g.problems.some((p) => p.ruleId === 'internal-error' || p.ruleId === 'rra-high-privilege'), name);
  }
});

test('the legacy conversion keeps __proto__ and constructor keys as plain properties', () => {
  const legacy = {
    name: 'x',
    replyUrlsWithType: [{ url: 'https://a.com', type: 'constructor' }],
    informationalUrls: JSON.parse('{"__proto__":"https://p.com","support":"https://s.com"}') as unknown,
    constructor: 1,
    passwordCredentials: [JSON.parse('{"__proto__":1,"constructor":2,"endDate":"2030-01-01T00:00:00Z"}') as unknown],
  };
  const text = JSON.stringify(legacy);
  const edit = legacyConversionEdit(text, JSON.parse(text));
  assert.ok(edit);
  const converted = JSON.parse(applyEdits(text, [edit])) as Record<string, unknown>;
  assert.ok(Object.hasOwn(converted, 'constructor'));
  assert.equal(converted.constructor, 1);
  assert.deepEqual((converted.web as { redirectUris: string[] }).redirectUris, ['https://a.com']);
  const info = converted.info as Record<string, unknown>;
  assert.ok(Object.hasOwn(info, '__proto__'));
  assert.equal(info.supportUrl, 'https://s.com');
  const secret = (converted.passwordCredentials as Record<string, unknown>[])[0]!;
  assert.ok(Object.hasOwn(secret, '__proto__') && Object.hasOwn(secret, 'constructor'));
  assert.equal(secret.endDateTime, '2030-01-01T00:00:00Z');
});
