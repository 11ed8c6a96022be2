// Rules that read long lists from the strict-JSON tree's plain values (optional claims, requested
// permissions) against the same rules on jsonc-parser's tree: the same findings, fields and counts.
// The reference is the same text linted through jsonc-parser's own tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { parseDocument } from '../../../src/core/manifest/json';
import { findingsOn } from './pathFindings';

const now = new Date('2026-01-01T00:00:00Z');

function claim(i: number): unknown {
  switch (i % 9) {
    case 0:
      return {
        name: 'upn',
        source: null,
        essential: false,
        additionalProperties: ['include_externally_authenticated_upn'],
      };
    case 1:
      return { name: 'upn', source: null, additionalProperties: ['not_a_property', 7, '{{X}}'] };
    case 2:
      return { name: 'emial', source: null };
    case 3:
      return { name: 'family_name', source: 'User' };
    case 4:
      return { name: 'groups', source: 'directory', additionalProperties: 'emit_as_roles' };
    case 5:
      return { name: 'idtyp', source: null };
    case 6:
      return { name: 'xms_edov', source: 'strange', essential: true };
    case 7:
      return i % 2 ? 'not an object' : ['x'];
    default:
      return { name: 'extension_abc_dept', source: 'user', additionalProperties: [] };
  }
}

function access(i: number): unknown {
  return [
    { id: 'User.Read', type: 'Scope' },
    { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
    { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Role' },
    { id: 'User.Read.All', type: 'Role' },
    { id: 'not-a-guid', type: 'Delegated' },
    { id: 7 },
  ][i % 6];
}

test('long optional claim and permission lists: the same findings on the strict-JSON tree and on jsonc-parser', () => {
  for (const count of [40, 700]) {
    const manifest = {
      displayName: 'x',
      signInAudience: 'AzureADMyOrg',
      optionalClaims: {
        idToken: Array.from({ length: count }, (_, i) => claim(i)),
        accessToken: Array.from({ length: count }, (_, i) => claim(i + 3)),
      },
      requiredResourceAccess: [
        {
          resourceAppId: '00000003-0000-0000-c000-000000000000',
          resourceAccess: Array.from({ length: count }, (_, i) => access(i)),
        },
      ],
      notes: 'n',
    };
    const fast = JSON.stringify(manifest, null, 2);
    assert.ok(parseDocument(fast).root instanceof LazyNode);
    const strip = (text: string, fastPaths: boolean): unknown[] => findingsOn(text, { now, parse: { fastPaths } });
    const found = strip(fast, true);
    for (const rule of ['optional-claim-source', 'optional-claim-additional-properties', 'optional-claim-unknown']) {
      assert.ok(
        found.some((p) => (p as unknown[])[0] === rule),
        rule,
      );
    }
    assert.deepEqual(found, strip(fast, false), `${count} entries`);
  }
});

function credential(i: number): string {
  return [
    '{"displayName":"a","endDateTime":"2025-06-01T00:00:00Z","startDateTime":"2024-01-01T00:00:00Z"}',
    '{"endDateTime":"2026-01-10T00:00:00Z"}',
    '{"endDateTime":"2031-01-01T00:00:00Z","startDateTime":"2026-01-01T00:00:00Z","secretText":"s3cr3t"}',
    '{"endDate":"2024-01-01T00:00:00Z","value":"legacy-secret"}',
    '{"endDateTime":"not a date","secretText":"  "}',
    '{"endDateTime":7,"secretText":"{{SECRET}}"}',
    // A repeated key: the last one counts (JSON.parse's value and jsonc-parser's lookups agree).
    '{"endDateTime":"2020-01-01T00:00:00Z","endDateTime":"2030-01-01T00:00:00Z","secretText":"a","secretText":""}',
    '{"__proto__":"x","key":"k","endDateTime":"${{END}}"}',
    '"not an object"',
    '{}',
  ][i % 10]!;
}

test('long credential lists: the same findings on the strict-JSON tree and on jsonc-parser', () => {
  for (const count of [30, 600]) {
    const list = (kind: string): string =>
      `"${kind}": [${Array.from({ length: count }, (_, i) => credential(i)).join(',\n')}]`;
    const text = `{"displayName": "x", "signInAudience": "AzureADandPersonalMicrosoftAccount",\n${list('passwordCredentials')},\n${list('keyCredentials')}}`;
    assert.ok(parseDocument(text).root instanceof LazyNode);
    const found = findingsOn(text, { now, parse: { fastPaths: true } });
    for (const rule of [
      'credential-expiry',
      'credential-long-lived',
      'credential-secret-in-file',
      'credential-count-personal',
    ])
      assert.ok(
        found.some((p) => (p as unknown[])[0] === rule),
        rule,
      );
    assert.deepEqual(found, findingsOn(text, { now, parse: { fastPaths: false } }), `${count} credentials`);
  }
});
