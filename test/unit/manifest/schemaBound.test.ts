// Lists far past Entra's limits: ajv checks their first SCHEMA_ENTRY_BOUND entries, one note says how
// many were not checked, and the rules (the security ones among them) still read every entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintManifest } from '../../../src/core/manifest/lint';
import { fromPointer, KeyIndex, nodeAtPath, parseDocument } from '../../../src/core/manifest/json';
import { schemaRules } from '../../../src/core/manifest/schema';
import { boundedValue, SCHEMA_ENTRY_BOUND } from '../../../src/core/manifest/schemaBound';
import { PathResolver } from '../../../src/core/manifest/schemaPaths';
import type { Problem } from '../../../src/core/manifest/types';
import { english } from '../../../src/core/text/localizer';

const NOW = new Date('2026-01-01T00:00:00Z');
const guid = (i: number): string =>
  `${(0x10000000 + i).toString(16)}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const of = (problems: readonly Problem[], ruleId: string): Problem[] => problems.filter((p) => p.ruleId === ruleId);
const base = { displayName: 'Contoso', signInAudience: 'AzureADMyOrg', requiredResourceAccess: [] };

test('5,000 client secrets: entry 3 is schema-checked, entry 4,000 is not (one note says so), the secret in entry 4,500 is reported', () => {
  const creds = Array.from({ length: 5000 }, (_, i) => ({
    keyId: i === 3 || i === 4000 ? `not-a-guid-${i}` : guid(i),
    displayName: `secret ${i}`,
    endDateTime: '2027-01-01T00:00:00Z',
    ...(i === 4500 ? { secretText: 'abc8Q~0123456789abcdefghijklmnopqrstuvwx' } : {}),
  }));
  const text = JSON.stringify({ ...base, passwordCredentials: creds }, null, 2);
  const r = lintManifest(text, { now: NOW });
  assert.deepEqual(
    of(r.problems, 'schema-format').map((p) => p.path),
    ['/passwordCredentials/3/keyId'],
  );
  const notes = of(r.problems, 'schema-not-fully-checked');
  assert.equal(notes.length, 1);
  const note = notes[0]!;
  assert.equal(note.severity, 'info');
  assert.equal(note.path, '/passwordCredentials');
  assert.equal(text.slice(note.offset, note.offset + note.length), '"passwordCredentials"');
  assert.equal(
    note.message,
    "passwordCredentials has 5,000 entries, far past Entra's limit of 1,200 entries across all collections of a manifest: only the first 1,200 were checked against the schema, the other 3,800 were not. Shorten the list first.",
  );
  const secrets = of(r.problems, 'credential-secret-in-file');
  assert.deepEqual(
    secrets.map((p) => p.path),
    ['/passwordCredentials/4500/secretText'],
  );
  assert.equal(of(r.problems, 'manifest-entry-count').length, 1, 'the limits rule reports the list');
});

test('5,000 requested permissions: a wrong type in entry 3 is reported, the high-privilege permission in entry 4,500 is too', () => {
  const graph = '00000003-0000-0000-c000-000000000000';
  const directoryReadWriteAll = '19dbc75e-c2e2-444c-a770-ec69d8559fc7';
  const access = Array.from({ length: 5000 }, (_, i) => ({
    id: i === 4500 ? directoryReadWriteAll : guid(i),
    type: i === 3 || i === 4000 ? 'Rolez' : i === 4500 ? 'Role' : 'Scope',
  }));
  const text = JSON.stringify({ ...base, requiredResourceAccess: [{ resourceAppId: graph, resourceAccess: access }] });
  const r = lintManifest(text, { now: NOW });
  assert.deepEqual(
    of(r.problems, 'schema-enum').map((p) => p.path),
    ['/requiredResourceAccess/0/resourceAccess/3/type'],
  );
  const note = of(r.problems, 'schema-not-fully-checked');
  assert.deepEqual(
    note.map((p) => p.message),
    [
      "requiredResourceAccess[0].resourceAccess has 5,000 entries, far past Entra's limit of 400: only the first 1,200 were checked against the schema, the other 3,800 were not. Shorten the list first.",
    ],
  );
  assert.deepEqual(
    of(r.problems, 'rra-high-privilege').map((p) => p.path),
    ['/requiredResourceAccess/0/resourceAccess/4500/id'],
  );
});

test('5,000 redirect URIs: the malformed entry 3 is a schema finding, the wildcard in entry 4,500 is still reported', () => {
  const uris = Array.from({ length: 5000 }, (_, i) =>
    i === 3 || i === 4000
      ? `https://bad host/${i}`
      : i === 4500
        ? 'https://*.contoso.com/auth'
        : `https://app${i}.contoso.com/auth`,
  );
  const r = lintManifest(JSON.stringify({ ...base, web: { redirectUris: uris } }), { now: NOW });
  assert.deepEqual(
    of(r.problems, 'schema-format').map((p) => p.path),
    ['/web/redirectUris/3'],
  );
  assert.equal(of(r.problems, 'schema-not-fully-checked')[0]?.path, '/web/redirectUris');
  assert.match(of(r.problems, 'schema-not-fully-checked')[0]!.message, /Entra's limit of 256:/);
  assert.deepEqual(
    of(r.problems, 'redirect-uri-wildcard').map((p) => p.path),
    ['/web/redirectUris/4500'],
  );
});

test('a list of exactly 1,200 entries (the bound) is checked in full; one more entry cuts it and says 1 was not checked', () => {
  const make = (n: number): string =>
    JSON.stringify({
      ...base,
      optionalClaims: {
        idToken: [
          {
            name: 'upn',
            additionalProperties: Array.from({ length: n }, (_, i) => (i === SCHEMA_ENTRY_BOUND - 1 ? 7 : `p${i}`)),
          },
        ],
      },
    });
  const full = lintManifest(make(SCHEMA_ENTRY_BOUND), { now: NOW });
  assert.deepEqual(
    of(full.problems, 'schema-type').map((p) => p.path),
    [`/optionalClaims/idToken/0/additionalProperties/${SCHEMA_ENTRY_BOUND - 1}`],
  );
  assert.equal(of(full.problems, 'schema-not-fully-checked').length, 0);
  const over = lintManifest(make(SCHEMA_ENTRY_BOUND + 1), { now: NOW });
  assert.deepEqual(
    of(over.problems, 'schema-type').map((p) => p.path),
    [`/optionalClaims/idToken/0/additionalProperties/${SCHEMA_ENTRY_BOUND - 1}`],
    'the entries up to the bound are still checked',
  );
  assert.deepEqual(
    of(over.problems, 'schema-not-fully-checked').map((p) => p.message),
    [
      'optionalClaims.idToken[0].additionalProperties has 1,201 entries, far more than an app registration uses: only the first 1,200 were checked against the schema, the other 1 were not. Shorten the list first.',
    ],
  );
});

test('the cut copy shares what it does not cut and leaves the value as it was; lists the schema does not check are not cut', () => {
  const long = Array.from({ length: 2500 }, (_, i) => `https://a${i}.contoso.com`);
  const value = {
    ...base,
    web: { redirectUris: long, homePageUrl: 'https://contoso.com' },
    spa: { redirectUris: ['https://spa.contoso.com'] },
    notAProperty: Array.from({ length: 3000 }, () => 1),
    tags: 'not a list',
  };
  const { value: bounded, cut } = boundedValue(value, 'graph');
  assert.deepEqual(cut, [{ path: ['web', 'redirectUris'], length: 2500 }]);
  const b = bounded as typeof value;
  assert.notEqual(b, value);
  assert.equal(b.web.redirectUris.length, SCHEMA_ENTRY_BOUND);
  assert.deepEqual(b.web.redirectUris, long.slice(0, SCHEMA_ENTRY_BOUND));
  assert.equal(b.web.homePageUrl, 'https://contoso.com');
  assert.equal(b.spa, value.spa, 'untouched branches are shared');
  assert.equal(b.notAProperty, value.notAProperty);
  assert.equal(value.web.redirectUris.length, 2500, 'the value itself is not changed');
  // Nothing to cut: the value itself is validated.
  const small = { ...base, web: { redirectUris: long.slice(0, 10) } };
  assert.equal(boundedValue(small, 'graph').value, small);
  // Lists inside the entries of a list are found through the schema's $ref (legacy flavour here).
  const nested = { requiredResourceAccess: [{ resourceAccess: Array.from({ length: 2001 }, () => ({})) }] };
  assert.deepEqual(boundedValue(nested, 'legacy').cut, [
    { path: ['requiredResourceAccess', 0, 'resourceAccess'], length: 2001 },
  ]);
});

test('an own "__proto__" member survives the copy as a member', () => {
  const value = JSON.parse(
    `{"__proto__":{"polluted":true},"identifierUris":${JSON.stringify(Array.from({ length: 2100 }, (_, i) => `api://x${i}`))}}`,
  ) as Record<string, unknown>;
  const { value: bounded } = boundedValue(value, 'graph');
  const b = bounded as Record<string, unknown>;
  assert.ok(Object.hasOwn(b, '__proto__'));
  assert.equal(Object.getPrototypeOf(b), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('the rule is listed with the schema rules and its description names the bound', () => {
  const rule = schemaRules.find((r) => r.id === 'schema-not-fully-checked');
  assert.equal(rule?.severity, 'info');
  assert.match(rule!.description(english), new RegExp(SCHEMA_ENTRY_BOUND.toLocaleString('en-US')));
});

test('PathResolver: the same segments and nodes as fromPointer and nodeAtPath, in any order of paths', () => {
  const value = {
    a: [{ b: 1, 'c/d': [true, { 'e~f': null }] }, { b: 2 }],
    'x~1y': { z: 'w' },
    arr: Array.from({ length: 40 }, (_, i) => ({ [`k${i}`]: i })),
  };
  const pointers = [
    '',
    '/a',
    '/a/0/b',
    '/a/0/c~1d/1/e~0f',
    '/a/0/c~1d/1',
    '/a/0/c~1d',
    '/a/1/b',
    '/a/10',
    '/a/1',
    '/a/1/b/deeper',
    '/x~01y/z',
    '/x~01y',
    '/arr/3/k3',
    '/arr/30/k30',
    '/arr/3',
    '/arr/30/k3',
    '/missing/0',
    '/a/01',
    '',
    '/a/0/b',
  ];
  for (const text of [JSON.stringify(value), '// jsonc\n' + JSON.stringify(value, null, 1)]) {
    const doc = parseDocument(text);
    const keyIndex = new KeyIndex();
    const resolver = new PathResolver(doc.root!, keyIndex);
    for (const order of [pointers, [...pointers].reverse()]) {
      for (const [i, pointer] of order.entries()) {
        const segments = resolver.segmentsOf(pointer);
        assert.deepEqual(segments, fromPointer(pointer), pointer);
        // The node is looked up for some paths only (as for template names, which need none).
        if (order === pointers || i % 3 === 0)
          assert.equal(resolver.node(), nodeAtPath(doc.root, fromPointer(pointer), keyIndex), pointer);
      }
    }
  }
});
