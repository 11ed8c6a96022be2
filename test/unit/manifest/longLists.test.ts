// Long lists (requested permissions, pre-authorized scope ids, redirect URIs, App ID URIs, known
// clients) read from the strict-JSON tree's plain values, with findings past the per-rule cap only
// counted: the same findings as (1) the rules building every finding (no cap given to them; the
// engine caps and counts) and (2) the same rules on jsonc-parser's own tree (the same text linted
// with `parse: { fastPaths: false }`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { parseDocument } from '../../../src/core/manifest/json';
import { LONG_LIST_RULES, lintManifest } from '../../../src/core/manifest/lint';
import { rules } from '../../../src/core/manifest/rules';
import { SCHEMA_ENTRY_BOUND } from '../../../src/core/manifest/schemaBound';
import type { Problem, Rule, RuleContext } from '../../../src/core/manifest/types';

const now = new Date('2026-01-01T00:00:00Z');
const GRAPH = '00000003-0000-0000-c000-000000000000';
const AAD_GRAPH = '00000002-0000-0000-c000-000000000000';
const SCOPE = '5f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b';
const DISABLED = '6a4b7c2f-3d5e-4f90-8b1c-2d3e4f5a6b7c';

/** The registry's rules, each run with a context that has no finding limit (every finding built). */
const uncapped: readonly Rule[] = rules.map((r) => ({
  ...r,
  check: (ctx: RuleContext) => r.check(Object.create(ctx, { findingLimit: { value: undefined } }) as RuleContext),
}));

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

function resource(i: number): unknown {
  return pick(
    [
      {},
      { resourceAppId: GRAPH, resourceAccess: [{ id: 'User.Read', type: 'Scope' }] },
      { resourceAppId: 'not-a-guid', resourceAccess: [{ id: 'x', type: 'Delegated' }, 7] },
      { resourceAppId: AAD_GRAPH, resourceAccess: [] },
      { resourceAppId: GRAPH, resourceAccess: 'no list' },
      'not an object',
      { resourceAppId: 7, resourceAccess: [{ id: 'a', type: 'b:c' }, { id: 'c:a', type: 'b' }, { type: 'Role' }] },
    ],
    i,
  );
}

function access(i: number): unknown {
  return pick(
    [
      { id: 'User.Read', type: 'Scope' },
      { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
      { id: 'E1FE6DD8-BA31-4D61-89E7-88639DA4683D', type: 'Scope' },
      { id: 'User.Read.All', type: 'Role' },
      { id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', type: 'Role' },
      { id: 'not-a-guid', type: 'Delegated' },
      { id: 'Mail.Read', type: 'x:y' },
      { id: 'y:Mail.Read', type: 'x' },
      { id: 7 },
      null,
    ],
    i,
  );
}

const redirect = (i: number): unknown =>
  pick(
    [
      'https://contoso.com/auth',
      '',
      'http://contoso.com/cb',
      'myapp://auth',
      'https://contoso.com/(x);y',
      'http://[::1]/cb',
      'http://localhost:3000/cb',
      'http://localhost:4000/cb',
      'https://contoso.com/auth?x=1',
      `https://contoso.com/p${i}`,
      7,
    ],
    i,
  );

const identifierUri = (i: number): unknown =>
  pick(
    ['api://contoso', 'api://x.ngrok.io/api', 'https://a.ngrok-free.app', 'urn:x', 'not a uri', `api://u${i}`, 3],
    i,
  );

function manifest(count: number): Record<string, unknown> {
  return {
    displayName: 'x',
    signInAudience: 'AzureADMyOrg',
    identifierUris: Array.from({ length: count }, (_, i) => identifierUri(i)),
    api: {
      requestedAccessTokenVersion: 1,
      oauth2PermissionScopes: [
        { id: SCOPE, value: 'read', isEnabled: true, type: 'User' },
        { id: DISABLED, value: 'old', isEnabled: false, type: 'User' },
      ],
      knownClientApplications: Array.from({ length: count }, (_, i) =>
        pick(['11111111-1111-1111-1111-111111111111', 'x', '11111111-1111-1111-1111-111111111111'], i),
      ),
      preAuthorizedApplications: [
        {
          appId: '22222222-2222-2222-2222-222222222222',
          delegatedPermissionIds: Array.from({ length: count }, (_, i) => pick(['x', SCOPE, DISABLED, 'x', 3], i)),
        },
        { appId: '33333333-3333-3333-3333-333333333333', delegatedPermissionIds: ['y', SCOPE] },
      ],
    },
    web: { redirectUris: Array.from({ length: count }, (_, i) => redirect(i)) },
    spa: { redirectUris: Array.from({ length: count }, (_, i) => redirect(i + 3)) },
    publicClient: { redirectUris: Array.from({ length: count }, (_, i) => redirect(i + 5)) },
    requiredResourceAccess: [
      { resourceAppId: GRAPH, resourceAccess: Array.from({ length: count }, (_, i) => access(i)) },
      ...Array.from({ length: count }, (_, i) => resource(i)),
    ],
    notes: 'n',
  };
}

/** An app role allowing thousands of member types, most of them wrong. */
function rolesManifest(count: number): Record<string, unknown> {
  return {
    displayName: 'x',
    signInAudience: 'AzureADMyOrg',
    appRoles: [
      {
        id: '55555555-5555-4555-8555-555555555555',
        value: 'Reader',
        displayName: 'Reader',
        description: 'Reads',
        isEnabled: true,
        allowedMemberTypes: Array.from({ length: count }, (_, i) =>
          pick(['User', 'Device', '{{kind}}', 7, 'Application', 'Users'], i),
        ),
      },
    ],
    notes: 'n',
  };
}

function legacyManifest(count: number): Record<string, unknown> {
  return {
    appId: '44444444-4444-4444-4444-444444444444',
    displayName: 'x',
    availableToOtherTenants: false,
    oauth2AllowImplicitFlow: false,
    replyUrlsWithType: Array.from({ length: count }, (_, i) =>
      pick(
        [
          { url: redirect(i), type: 'Web' },
          { url: redirect(i + 1), type: 'Spa' },
          { url: redirect(i + 2), type: 'InstalledClient' },
          { url: redirect(i), type: 'Spa' },
          { type: 'Web' },
          'x',
        ],
        i,
      ),
    ),
    preAuthorizedApplications: [
      { appId: '55555555-5555-5555-5555-555555555555', permissionIds: Array.from({ length: count }, () => 'x') },
    ],
    notes: 'n',
  };
}

/**
 * Lists the schema checks in full (its findings cover some rule findings, which the engine drops)
 * while the rule's other findings reach the cap.
 */
function coveredManifest(count: number): Record<string, unknown> {
  return {
    displayName: 'x',
    signInAudience: 'AzureADMyOrg',
    identifierUris: ['api://contoso.onmicrosoft.com/x'],
    api: {
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [
        { id: SCOPE, value: 'read', isEnabled: true, type: 'User' },
        { id: DISABLED, value: 'old', isEnabled: false, type: 'User' },
      ],
      preAuthorizedApplications: [
        {
          appId: '22222222-2222-2222-2222-222222222222',
          delegatedPermissionIds: Array.from({ length: count }, (_, i) => pick(['x', DISABLED, SCOPE], i)),
        },
      ],
    },
    notes: 'n',
  };
}

function coveredRedirects(count: number): Record<string, unknown> {
  return {
    displayName: 'x',
    signInAudience: 'AzureADMyOrg',
    spa: {
      redirectUris: Array.from({ length: count }, (_, i) => pick(['', 'myapp://a', `https://contoso.com/${i}`], i)),
    },
    notes: 'n',
  };
}

/** What a finding says and where, with its fixes' titles; the edits of every 40th (they re-read the text). */
function strip(problems: readonly Problem[]): unknown[] {
  return problems.map((p, i) => [
    p.ruleId,
    p.severity,
    p.path,
    p.offset,
    p.length,
    p.message,
    p.tags,
    (p.fixes ?? []).map((f) => [f.title, i % 40 === 0 ? f.edits.map((e) => [e.offset, e.content]) : []]),
  ]);
}

test('long lists: the same findings with the per-rule cap, without it, and on jsonc-parser', () => {
  for (const count of [60, 1_100]) {
    for (const make of [manifest, legacyManifest, coveredManifest, coveredRedirects, rolesManifest]) {
      const fast = JSON.stringify(make(count), null, 1);
      assert.ok(parseDocument(fast).root instanceof LazyNode);
      const found = strip(lintManifest(fast, { now }).problems);
      const label = `${make.name} ${count}`;
      assert.deepEqual(found, strip(lintManifest(fast, { now, rules: uncapped }).problems), `${label}: uncapped`);
      const slow = lintManifest(fast, { now, parse: { fastPaths: false } });
      assert.deepEqual(found, strip(slow.problems), `${label}: jsonc-parser`);
      if (count > 1_000) {
        // The long lists are reported, capped and counted (else the test would not test counting).
        const summaries = found
          .filter((p) => /^[\d,]+ more "/.test((p as string[])[5]!))
          .map((p) => (p as string[])[0]);
        const expected = {
          manifest: [
            'preauthorized-unknown-scope',
            'redirect-uri-duplicate',
            'redirect-uri-scheme',
            'rra-duplicate',
            'rra-id-invalid',
            'identifier-uri-policy',
            'known-client-invalid',
          ],
          // (Its pre-authorized ids, all "x", get the schema's format findings, which cover the rule's.)
          legacyManifest: ['redirect-uri-duplicate', 'redirect-uri-scheme', 'redirect-uri-spa-and-web'],
          coveredManifest: ['preauthorized-unknown-scope'],
          coveredRedirects: ['redirect-uri-scheme'],
          // The schema checks every entry of a list up to SCHEMA_ENTRY_BOUND long: its findings
          // cover the rule's, which are dropped (none listed, none counted).
          rolesManifest: ['schema-enum'],
        }[make.name]!;
        for (const rule of expected) assert.ok(summaries.includes(rule), `${label}: ${rule} counted`);
        if (make === rolesManifest)
          assert.equal(
            found.filter((p) => (p as string[])[0] === 'app-role-member-types').length,
            0,
            `${label}: member types covered by the schema's findings`,
          );
      }
    }
  }
});

test('a list longer than 1,200 entries: only the security and list-limit rules run, on every entry', () => {
  const HIGH = '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9'; // Application.ReadWrite.All (Role)
  const make = (count: number, broken = false): string => {
    const text = JSON.stringify(
      {
        displayName: 'x',
        signInAudience: 'AzureADMyOrg',
        web: {
          // http (redirect-uri-scheme, not run past the bound); a wildcard far past the bound.
          redirectUris: Array.from({ length: count }, (_, i) =>
            i === count - 2 ? 'https://*.contoso.com/cb' : `http://contoso.com/cb${i}`,
          ),
        },
        passwordCredentials: [{ displayName: 'ci', secretText: 'abc~realLookingSecretValue123' }],
        requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: HIGH, type: 'Role' }] }],
      },
      null,
      1,
    );
    return broken ? text.replace(/\}$/, ' !}') : text;
  };
  const ids = (text: string): Set<string> => new Set(lintManifest(text, { now }).problems.map((p) => p.ruleId));

  // At the bound: every rule runs, no note.
  const atBound = ids(make(SCHEMA_ENTRY_BOUND));
  assert.ok(atBound.has('redirect-uri-scheme'), 'at the bound: redirect-uri-scheme');
  assert.ok(!atBound.has('lint-limits'), 'at the bound: no lint-limits');

  for (const broken of [false, true]) {
    const count = SCHEMA_ENTRY_BOUND + 300;
    const text = make(count, broken);
    const label = broken ? 'with a syntax error' : 'strict';
    const problems = lintManifest(text, { now }).problems;
    const note = problems.filter((p) => p.ruleId === 'lint-limits');
    assert.equal(note.length, 1, `${label}: one lint-limits`);
    assert.match(note[0]!.message, /^web\.redirectUris has 1,500 entries, more than the 1,200 Entra accepts/, label);
    assert.match(note[0]!.message, /credential-secret-in-file, redirect-uri-wildcard/, label);
    for (const p of problems)
      assert.ok(
        LONG_LIST_RULES.has(p.ruleId) ||
          p.ruleId.startsWith('schema-') ||
          p.ruleId.startsWith('json-') ||
          p.ruleId === 'lint-limits',
        `${label}: ${p.ruleId} ran`,
      );
    // The security rules read every entry: the wildcard past the bound is found.
    const wildcard = problems.find((p) => p.ruleId === 'redirect-uri-wildcard');
    assert.equal(wildcard?.path, `/web/redirectUris/${count - 2}`, `${label}: wildcard past the bound`);
    for (const rule of [
      'credential-secret-in-file',
      'rra-high-privilege',
      'manifest-entry-count',
      'redirect-uri-count',
    ])
      assert.ok(
        problems.some((p) => p.ruleId === rule),
        `${label}: ${rule}`,
      );
    assert.ok(!problems.some((p) => p.ruleId === 'redirect-uri-scheme'), `${label}: redirect-uri-scheme not run`);
  }
});
