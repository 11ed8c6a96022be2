// The per-run collections rules share (scopes and roles, redirect URIs): what they hold, that
// they are computed once per lint run, and that nothing is carried from one run to the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintManifest } from '../../../src/core/manifest/lint';
import { redirectUris } from '../../../src/core/manifest/rules/redirectUris';
import {
  identifierUris,
  identifierUriTexts,
  identifierUrisWhere,
} from '../../../src/core/manifest/rules/identifierUriModel';
import {
  hasRedirectPlatform,
  redirectUriTexts,
  redirectUrisWhere,
} from '../../../src/core/manifest/rules/redirectUriModel';
import {
  requestingResources,
  resources,
  resourcesWhere,
  type Resource,
} from '../../../src/core/manifest/rules/requiredResources';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { CompactNode } from '../../../src/core/manifest/compactTree';
import { parseDocument } from '../../../src/core/manifest/json';
import { child, defineRule } from '../../../src/core/manifest/rules/util';
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
    oauth2Permissions: [
      { type: 'User', userConsentDisplayName: 'Read', userConsentDescription: 7, constructor: 'x' },
      { type: ['User'], __proto__: 'p', toString: 'y' },
    ],
  }).replace('"userConsentDescription":7', '"userConsentDescription":"one","userConsentDescription":7');
  // A text with a syntax error after the definitions: the tree of texts with syntax errors.
  const broken = odd.replace(/\}$/, ',"x" !}');
  for (const t of [text, odd, broken]) {
    const doc = parseDocument(t);
    assert.ok(doc.root instanceof (t === broken ? CompactNode : LazyNode));
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
      ['type', 'userConsentDisplayName', 'userConsentDescription', 'constructor', '__proto__', 'toString'].map((k) =>
        d.text(k),
      ),
      [d.node, d.idNode, d.valueNode, d.isEnabledNode, d.allowedMemberTypesNode].map(
        (n) => n && [n.type, n.offset, n.length, n.value],
      ),
    ];
    assert.deepEqual(lazy.map(fields), tree.map(fields));
  }
  // A long list: its items' strings are read without their nodes (a node is made for a reported one).
  const scopes = Array.from({ length: 500 }, (_, i) => ({ value: `S${i}`, type: i === 250 ? 'User' : 'Admin' }));
  const many = JSON.stringify({ signInAudience: 'AzureADMyOrg', api: { oauth2PermissionScopes: scopes } });
  const doc = parseDocument(many);
  const defs = definitions({ ...makeCtx(many), root: doc.root, value: doc.value });
  assert.deepEqual(
    defs.filter((d) => d.text('type') === 'User').map((d) => d.value),
    ['S250'],
  );
  const list = child(child(doc.root, 'api'), 'oauth2PermissionScopes') as unknown as { kids?: unknown[] };
  assert.ok(!list.kids?.some((k) => k !== undefined), 'no item node made');
});

/** Runs `probe` inside a lint run of `text` (the engine's own tree and catalogue). */
function inRun<T>(text: string, probe: (ctx: RuleContext) => T): T {
  let got: { value: T } | undefined;
  const rule = defineRule({
    id: 'probe-run',
    severity: 'info',
    title: () => '',
    description: () => '',
    docs: '',
    formats: ['graph', 'legacy', 'teams-template', 'partial'],
    check: (ctx) => ((got = { value: probe(ctx) }), []),
  });
  lintManifest(text, { rules: [rule] });
  assert.ok(got, 'the probe ran');
  return got.value;
}

/** A small seeded generator (the same lists every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * What a filter by text gives (`all`: the entries; `texts`: the distinct texts; `where`: the filter's
 * result, `tested`: the texts its test was called with; `wanted`: the filter as read entry by entry).
 */
function assertTextFilter<E extends { readonly value: string; readonly text: { readonly value: string } }>(
  label: string,
  all: readonly E[],
  texts: readonly { readonly value: string }[],
  where: readonly E[],
  tested: readonly string[],
  wanted: (entry: E) => boolean,
): void {
  const distinct = [...new Set(all.map((u) => u.value))];
  assert.deepEqual(
    texts.map((t) => t.value),
    distinct,
    `${label}: distinct texts in first-written order`,
  );
  assert.deepEqual(tested, distinct, `${label}: each distinct text tested once`);
  assert.deepEqual(where, all.filter(wanted), label);
  for (const u of all)
    assert.equal(
      u.text,
      texts.find((t) => t.value === u.value),
      `${label}: shared text`,
    );
}

test('redirectUrisWhere: the entries whose text passes, in document order, each distinct text tested once', () => {
  const pool = [
    'https://contoso.example/a',
    'https://contoso.example/a',
    'HTTPS://Contoso.example/a',
    'http://localhost:3000/',
    'not a uri',
    'https://{{HOST}}/x',
    'myapp://auth',
    'https://contoso.example/*',
  ];
  for (let round = 0; round < 200; round++) {
    const r = rng(round + 1);
    const list = (): string[] =>
      Array.from({ length: Math.floor(r() * 12) }, () => pool[Math.floor(r() * pool.length)]!);
    const doc: Record<string, unknown> = { web: { redirectUris: list() }, spa: { redirectUris: list() } };
    if (r() < 0.5) doc.publicClient = { redirectUris: list() };
    if (r() < 0.5)
      doc.replyUrlsWithType = list().map((url, i) => ({ url, type: ['Web', 'Spa', 'InstalledClient', 'x'][i % 4] }));
    const text = JSON.stringify(doc, null, r() < 0.5 ? 2 : undefined);
    const wanted = pool[Math.floor(r() * pool.length)]!;
    const [all, texts, where, tested, platforms] = inRun(text, (ctx) => {
      const tested: string[] = [];
      const where = redirectUrisWhere(ctx, (t) => (tested.push(t.value), t.value === wanted || t.placeholder));
      const platforms = (['web', 'spa', 'public', 'unknown'] as const).map((p) => hasRedirectPlatform(ctx, p));
      return [redirectUris(ctx), redirectUriTexts(ctx), where, tested, platforms] as const;
    });
    assertTextFilter(`round ${round}`, all, texts, where, tested, (u) => u.value === wanted || u.placeholder);
    assert.deepEqual(
      platforms,
      (['web', 'spa', 'public', 'unknown'] as const).map((p) => all.some((u) => u.platform === p)),
    );
  }
});

test('resourcesWhere: by appId (tested once per distinct appId), and with or only with permission entries', () => {
  const appIds: (string | undefined)[] = [
    '00000003-0000-0000-c000-000000000000',
    '00000003-0000-0000-C000-000000000000',
    '00000002-0000-0000-c000-000000000000',
    'not-a-guid',
    '${{API_ID}}',
    undefined,
  ];
  const access = [[], [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }], ['x'], [{}, {}]];
  for (let round = 0; round < 200; round++) {
    const r = rng(1000 + round);
    const rra = Array.from({ length: Math.floor(r() * 10) }, () => {
      const appId = appIds[Math.floor(r() * appIds.length)];
      const entry: Record<string, unknown> = { resourceAccess: access[Math.floor(r() * access.length)] };
      if (appId !== undefined) entry.resourceAppId = appId;
      return r() < 0.1 ? 'not an object' : entry;
    });
    const text = JSON.stringify({ requiredResourceAccess: rra }, null, r() < 0.5 ? 2 : undefined);
    const wanted = appIds[Math.floor(r() * appIds.length)];
    inRun(text, (ctx) => {
      const all = resources(ctx);
      const test = (first: Resource): boolean => first.appId === wanted || first.graph;
      const passes = (res: Resource): boolean => res.appId === wanted || res.graph;
      const requests = (res: Resource): boolean => res.access.length > 0;
      let calls = 0;
      const counted = (first: Resource): boolean => (calls++, test(first));
      assert.deepEqual(resourcesWhere(ctx, counted), all.filter(passes), `round ${round}`);
      assert.equal(calls, new Set(all.map((res) => res.appId)).size, `round ${round}: one test per distinct appId`);
      assert.deepEqual(
        resourcesWhere(ctx, test, 'and'),
        all.filter((res) => passes(res) && requests(res)),
      );
      assert.deepEqual(
        resourcesWhere(ctx, test, 'or'),
        all.filter((res) => passes(res) || requests(res)),
      );
      assert.deepEqual(requestingResources(ctx), all.filter(requests));
    });
  }
});

test('resources without permission entries share one empty list (a list of thousands makes none each)', () => {
  const kinds: Record<string, unknown>[] = [
    {},
    { resourceAccess: [] },
    { resourceAccess: null },
    { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'a', type: 'Scope' }] },
    { resourceAccess: ['not an object'] },
  ];
  const text = JSON.stringify({ requiredResourceAccess: Array.from({ length: 300 }, (_, i) => kinds[i % 5]) });
  inRun(text, (ctx) => {
    const all = resources(ctx);
    assert.equal(all.length, 300);
    for (let i = 0; i < 300; i++) {
      const items = kinds[i % 5]!.resourceAccess;
      const shared = !(Array.isArray(items) && items.length > 0);
      assert.equal(all[i]!.access === all[0]!.access, shared, `resource ${i}`);
      assert.equal(all[i]!.access.length, i % 5 === 3 ? 1 : 0, `resource ${i}: length`);
    }
  });
});

test('identifierUrisWhere: the App ID URIs whose text passes, in document order, each distinct text tested once', () => {
  const pool = ['api://contoso', 'api://contoso', 'API://Contoso', 'https://{{HOST}}/api', 'not a uri', 'api://x/'];
  for (let round = 0; round < 200; round++) {
    const r = rng(5000 + round);
    const uris = Array.from({ length: Math.floor(r() * 14) }, () => pool[Math.floor(r() * pool.length)]!);
    if (r() < 0.2) uris.splice(Math.floor(r() * uris.length), 0, 42 as unknown as string);
    const text = JSON.stringify({ identifierUris: uris }, null, r() < 0.5 ? 2 : undefined);
    const wanted = pool[Math.floor(r() * pool.length)]!;
    const [all, texts, where, tested] = inRun(text, (ctx) => {
      const tested: string[] = [];
      const where = identifierUrisWhere(ctx, (t) => (tested.push(t.value), t.value === wanted || t.placeholder));
      return [identifierUris(ctx), identifierUriTexts(ctx), where, tested] as const;
    });
    assert.deepEqual(
      all.map((u) => u.value),
      uris.filter((u) => typeof u === 'string'),
      `round ${round}`,
    );
    assertTextFilter(`round ${round}`, all, texts, where, tested, (u) => u.value === wanted || u.text.placeholder);
    for (const u of all) assert.equal(u.parsed, u.text.parsed);
  }
});
