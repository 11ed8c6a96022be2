// The per-run collections rules share (scopes and roles, redirect URIs): what they hold, that
// they are computed once per lint run, and that nothing is carried from one run to the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintManifest } from '../../../src/core/manifest/lint';
import { redirectUris } from '../../../src/core/manifest/rules/redirectUris';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { parseDocument } from '../../../src/core/manifest/json';
import { defineRule } from '../../../src/core/manifest/rules/util';
import { definitions, type Definition } from '../../../src/core/manifest/rules/definitions';
import type { RuleContext } from '../../../src/core/manifest/types';
import { makeCtx } from './rules/helper';

const text = JSON.stringify(
  {
    signInAudience: 'AzureADMyOrg',
    api: {
      oauth2PermissionScopes: [
        { id: 'AAAAAAAA-1111-4111-8111-111111111111', value: 'A.Read', isEnabled: false, type: 'User' },
        { id: '${{SCOPE_ID}}', value: 'B.Read', isEnabled: true, type: 'User' },
        'not an object',
      ],
    },
    appRoles: [{ id: 'not-a-guid', value: 'R.Read', allowedMemberTypes: ['User'], isEnabled: true }],
    web: { redirectUris: ['https://contoso.example/auth', 'not a uri', 'https://{{HOST}}/x'] },
    spa: { redirectUris: ['http://localhost:3000/'] },
  },
  null,
  2,
);

test('definitions: one entry per scope and role object, with the fields rules read', () => {
  const ctx = makeCtx(text);
  const defs = definitions(ctx);
  assert.deepEqual(
    defs.map((d) => [d.kind, d.path.join('/'), d.id, d.value, d.idKey, d.idIsGuid]),
    [
      [
        'scope',
        'api/oauth2PermissionScopes/0',
        'AAAAAAAA-1111-4111-8111-111111111111',
        'A.Read',
        'aaaaaaaa-1111-4111-8111-111111111111',
        true,
      ],
      ['scope', 'api/oauth2PermissionScopes/1', '${{SCOPE_ID}}', 'B.Read', undefined, false],
      ['role', 'appRoles/0', 'not-a-guid', 'R.Read', 'not-a-guid', false],
    ],
  );
  assert.equal(defs[0]!.isEnabledNode?.value, false);
  assert.equal(defs[1]!.isEnabledNode?.value, true);
  assert.equal(defs[0]!.allowedMemberTypesNode, undefined);
  assert.equal(defs[2]!.allowedMemberTypesNode?.type, 'array');
  // Nodes carry exact ranges into the text.
  const id = defs[2]!.idNode!;
  assert.equal(text.slice(id.offset, id.offset + id.length), '"not-a-guid"');
  // The last of two duplicate keys counts, as with JSON.parse.
  const dup = '{"signInAudience":"AzureADMyOrg","appRoles":[{"id":"x","value":"First","value":"Second"}]}';
  assert.equal(definitions(makeCtx(dup))[0]!.value, 'Second');
});

test('redirect URIs: platform, placeholder and the split URI, computed once', () => {
  const uris = redirectUris(makeCtx(text));
  assert.deepEqual(
    uris.map((u) => [
      u.platform,
      u.value,
      u.placeholder,
      u.parsed === undefined
        ? 'skipped'
        : u.parsed === null
          ? 'not absolute'
          : `${u.parsed.scheme} ${u.parsed.host} ${u.parsed.port}`,
    ]),
    [
      ['web', 'https://contoso.example/auth', false, 'https contoso.example '],
      ['web', 'not a uri', false, 'not absolute'],
      ['web', 'https://{{HOST}}/x', true, 'skipped'],
      ['spa', 'http://localhost:3000/', false, 'http localhost 3000'],
    ],
  );
});

test('within one run every rule gets the same collections; each run computes its own', () => {
  const seen: unknown[][] = [];
  let computed = 0;
  const probe = (ctx: RuleContext): void => {
    seen.push([definitions(ctx), redirectUris(ctx), ctx.memo('probe', () => ++computed)]);
  };
  const a = defineRule({
    id: 'probe-a',
    severity: 'info',
    title: () => '',
    description: () => '',
    docs: '',
    formats: ['graph', 'legacy', 'teams-template'],
    check: (ctx) => (probe(ctx), []),
  });
  const b = defineRule({
    id: 'probe-b',
    severity: 'info',
    title: () => '',
    description: () => '',
    docs: '',
    formats: ['graph', 'legacy', 'teams-template'],
    check: (ctx) => (probe(ctx), []),
  });
  lintManifest(text, { rules: [a, b] });
  assert.equal(seen.length, 2);
  assert.equal(seen[0]![0], seen[1]![0]);
  assert.equal(seen[0]![1], seen[1]![1]);
  assert.equal(computed, 1);
  lintManifest(text, { rules: [a] });
  assert.equal(computed, 2, 'a second run computes again');
  assert.notEqual(seen[2]![0], seen[0]![0], "a second run does not reuse the first run's collections");
  assert.deepEqual(
    (seen[2]![0] as ReturnType<typeof definitions>).map((d) => d.path.join('/')),
    (seen[0]![0] as ReturnType<typeof definitions>).map((d) => d.path.join('/')),
  );
});

test('definitions: read from the lazy strict-JSON tree, they equal those read from a jsonc-parser tree', () => {
  const odd = JSON.stringify({
    signInAudience: 'AzureADMyOrg',
    appRoles: [
      { id: 7, value: ['x'], allowedMemberTypes: ['User', 3, { a: 1 }, 'app'], isEnabled: { b: 2 } },
      { allowedMemberTypes: 'User', isEnabled: null },
      { id: '22222222-2222-4222-8222-222222222222', allowedMemberTypes: [] },
      null,
      [],
    ],
  });
  for (const t of [text, odd]) {
    const doc = parseDocument(t);
    assert.ok(doc.root instanceof LazyNode);
    const lazy = definitions({ ...makeCtx(t), root: doc.root, value: doc.value });
    const tree = definitions(makeCtx(t));
    const fields = (d: Definition): unknown => [
      d.kind,
      d.path,
      d.id,
      d.value,
      d.idKey,
      d.idIsGuid,
      d.isEnabled,
      d.allowedMemberTypes?.filter((v) => typeof v === 'string'),
      d.allowedMemberTypes?.length,
      [d.node, d.idNode, d.valueNode, d.isEnabledNode, d.allowedMemberTypesNode].map(
        (n) => n && [n.type, n.offset, n.length, n.value],
      ),
    ];
    assert.deepEqual(lazy.map(fields), tree.map(fields));
  }
});
