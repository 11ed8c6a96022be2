import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parseStrictTree } from '../../../src/core/manifest/fastTree';
import { detectFormat, looksLikeManifestText } from '../../../src/core/manifest/format';
import { fromPointer, parseDocument, toPointer } from '../../../src/core/manifest/json';
import { lineStarts, offsetToPosition } from '../../../src/core/manifest/positions';
import { lintManifest, MAX_RULES_TEXT_LENGTH } from '../../../src/core/manifest/lint';
import { completionsAt, guidLenses, hoverAt } from '../../../src/core/manifest/features';
import type { Problem, Rule } from '../../../src/core/manifest/types';
import { at } from './rules/helper';

function only(problems: readonly Problem[], ruleId: string): Problem[] {
  return problems.filter((p) => p.ruleId === ruleId);
}

const noRules: readonly Rule[] = [];

const graph = `{
  "displayName": "Contoso",
  "signInAudience": "AzureADMyOrg",
  "requiredResourceAccess": [
    {
      "resourceAppId": "00000003-0000-0000-c000-000000000000",
      "resourceAccess": [{ "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" }]
    }
  ]
}`;

test('a clean Graph manifest gets the graph verdict and no schema or syntax problems', () => {
  const r = lintManifest(graph, { rules: noRules });
  assert.equal(r.format, 'graph');
  assert.deepEqual(r.problems, []);
});

test('verdicts by content: legacy keys, Teams placeholders (both forms), non-manifests', () => {
  const v = (text: string) => detectFormat(parseTree(text), text);
  assert.equal(v('{"name":"a","replyUrlsWithType":[],"signInAudience":"AzureADMyOrg"}').format, 'legacy');
  assert.equal(v('{"name":"a","oauth2AllowImplicitFlow":false,"requiredResourceAccess":[]}').format, 'legacy');
  assert.equal(
    v('{"displayName":"${{APP_NAME}}","signInAudience":"AzureADMyOrg","requiredResourceAccess":[]}').format,
    'teams-template',
  );
  assert.equal(
    v('{"appId":"{{state.fx-resource-aad-app-for-teams.clientId}}","name":"x","replyUrlsWithType":[]}').format,
    'teams-template',
  );
  assert.equal(v('{"appId":"{{state.x}}","name":"x","replyUrlsWithType":[]}').flavor, 'legacy');
  // A Teams *app* manifest also has placeholders, an id and a name object: not an app registration.
  assert.equal(
    v(
      '{"$schema":"https://developer.microsoft.com/json-schemas/teams/v1.16/MicrosoftTeams.schema.json","id":"${{TEAMS_APP_ID}}","name":{"short":"x"},"developer":{}}',
    ).format,
    'not-manifest',
  );
  assert.equal(v('{"name":"my-package","version":"1.0.0","dependencies":{}}').format, 'not-manifest');
  assert.equal(v('[{"resourceAppId":"00000003-0000-0000-c000-000000000000"}]').format, 'not-manifest');
  assert.equal(v('"just a string"').format, 'not-manifest');
  // Mixed: Graph keys win when they are the majority; the stray legacy key is remembered.
  const mixed = v('{"displayName":"a","web":{},"api":{},"oauth2AllowImplicitFlow":true}');
  assert.equal(mixed.format, 'graph');
  assert.deepEqual(
    mixed.legacyKeys.map((k) => k.value),
    ['oauth2AllowImplicitFlow'],
  );
});

test('the cheap content check needs two application keys', () => {
  assert.equal(looksLikeManifestText('{"signInAudience":"AzureADMyOrg","requiredResourceAccess":[]}'), true);
  assert.equal(looksLikeManifestText('{"signInAudience":"AzureADMyOrg"}'), false);
  assert.equal(looksLikeManifestText('{"compilerOptions":{"strict":true}}'), false);
});

test('a non-manifest JSON gets exactly one info problem instead of a flood', () => {
  const text = '{\n  "name": "my-package",\n  "version": "1.0.0",\n  "scripts": { "build": 1 }\n}';
  const r = lintManifest(text);
  assert.equal(r.format, 'not-manifest');
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.ruleId, 'not-a-manifest');
  assert.equal(r.problems[0]!.severity, 'info');
  assert.deepEqual({ offset: r.problems[0]!.offset, length: r.problems[0]!.length }, { offset: 0, length: 1 });
  const arr = lintManifest('[{"name":"00000003-0000-0000-c000-000000000000","resourceAccess":[]}]');
  assert.deepEqual(
    arr.problems.map((p) => p.ruleId),
    ['not-a-manifest'],
  );
  assert.match(arr.problems[0]!.message, /JSON array/);
});

test('a byte-order mark is accepted and offsets still count it', () => {
  const text = '\uFEFF' + graph.replace('"AzureADMyOrg"', '"azureadmyorg"');
  const r = lintManifest(text, { rules: noRules });
  assert.equal(r.format, 'graph');
  assert.deepEqual(only(r.problems, 'json-syntax'), []);
  const [p] = only(r.problems, 'schema-enum');
  assert.deepEqual({ offset: p!.offset, length: p!.length }, at(text, '"azureadmyorg"'));
});

test('comments and trailing commas are tolerated with a warning and a removal fix each', () => {
  const text =
    '{\n  // the app\n  "displayName": "a", /* x */\n  "signInAudience": "AzureADMyOrg",\n  "requiredResourceAccess": [],\n}';
  const r = lintManifest(text, { rules: noRules });
  assert.equal(r.format, 'graph');
  const comments = only(r.problems, 'json-comment');
  assert.deepEqual(
    comments.map((p) => ({ offset: p.offset, length: p.length })),
    [at(text, '// the app'), at(text, '/* x */')],
  );
  const [comma] = only(r.problems, 'json-trailing-comma');
  assert.deepEqual({ offset: comma!.offset, length: comma!.length }, { offset: text.lastIndexOf(','), length: 1 });
  assert.deepEqual(only(r.problems, 'json-syntax'), []);
  // Applying every fix leaves strict JSON with nothing left to report.
  let fixed = text;
  for (const p of [...comments, comma!].sort((a, b) => b.offset - a.offset))
    fixed = applyEdits(fixed, [...p.fixes![0]!.edits]);
  assert.doesNotThrow(() => JSON.parse(fixed));
  assert.deepEqual(lintManifest(fixed, { rules: noRules }).problems, []);
});

test('duplicate keys are reported on the second key, with a removal fix that keeps valid JSON', () => {
  const text =
    '{\n  "displayName": "a",\n  "signInAudience": "AzureADMyOrg",\n  "displayName": "b",\n  "requiredResourceAccess": []\n}';
  const r = lintManifest(text, { rules: noRules });
  const dups = only(r.problems, 'json-duplicate-key');
  assert.equal(dups.length, 1);
  assert.deepEqual({ offset: dups[0]!.offset, length: dups[0]!.length }, at(text, '"displayName"', 1));
  assert.equal(dups[0]!.path, '/displayName');
  assert.match(dups[0]!.message, /line 2/);
  const fixed = applyEdits(text, [...dups[0]!.fixes![0]!.edits]);
  assert.deepEqual(JSON.parse(fixed), { displayName: 'a', signInAudience: 'AzureADMyOrg', requiredResourceAccess: [] });
  // Nested objects too, and the last duplicate of an array element's object.
  const nested = '{"signInAudience":"AzureADMyOrg","web":{"redirectUris":[],"redirectUris":[]},"api":{}}';
  const n = only(lintManifest(nested, { rules: noRules }).problems, 'json-duplicate-key');
  assert.deepEqual(
    n.map((p) => [p.offset, p.path]),
    [[nested.lastIndexOf('"redirectUris"'), '/web/redirectUris']],
  );
});

test('duplicate keys in thousands of list entries: the first 200 are listed, each with its entry in its path', () => {
  const entry = '{"resourceAppId": "a", "resourceAppId": "b", "resourceAccess": []}';
  const list = Array.from({ length: 3000 }, () => entry).join(',\n');
  for (const [label, text] of [
    ['strict', `{"requiredResourceAccess": [\n${list}\n]}`],
    ['with a syntax error', `{"requiredResourceAccess": [\n${list}\n] @}`],
  ] as const) {
    const listed = lintManifest(text, { rules: noRules }).problems.filter((p) => p.ruleId === 'json-duplicate-key');
    assert.equal(listed.length, 200, label);
    listed.forEach((p, i) => {
      assert.equal(p.path, `/requiredResourceAccess/${i}/resourceAppId`, `${label}: ${i}`);
      assert.match(p.message, new RegExp(`first defined on line ${i + 2}\\)`), `${label}: ${i}`);
    });
  }
});

test('invalid JSON becomes json-syntax problems, never an exception', () => {
  const text = '{\n    "name": "test"\n';
  const r = lintManifest(text);
  const syntax = only(r.problems, 'json-syntax');
  assert.equal(syntax.length, 1);
  assert.match(syntax[0]!.message, /closing brace/);
  assert.equal(offsetToPosition(text, syntax[0]!.offset).line, 2);
  // A truncated manifest: one error where the string breaks off, counting the one at the end (not
  // one per open bracket), and no "not a manifest" guess from the fragment.
  const cut = '{\n  "displayName": "x",\n  "web": { "redirectUris": ["https://a';
  assert.deepEqual(
    lintManifest(cut).problems.map((p) => [p.ruleId, p.offset]),
    [['json-syntax', cut.indexOf('"https')]],
  );
  assert.match(lintManifest(cut).problems[0]!.message, /1 more syntax error follows up to line 3/);
  for (const fragment of ['{\n', '', '  \n']) {
    assert.deepEqual(
      lintManifest(fragment).problems.map((p) => p.ruleId),
      ['json-syntax'],
      JSON.stringify(fragment),
    );
  }
  // A comment is no syntax error: a JSONC file that is no app manifest still gets the notice.
  assert.deepEqual(
    lintManifest('{\n  // build\n  "name": "pkg"\n}')
      .problems.map((p) => p.ruleId)
      .sort(),
    ['json-comment', 'not-a-manifest'],
  );
  for (const bad of [
    '',
    '{',
    '{"a":}',
    '{"signInAudience": "AzureADMyOrg" "x": 1}',
    '{"a":1}}',
    'nul',
    '\u0000',
    '{"a":"\u0001"}',
  ]) {
    assert.doesNotThrow(() => lintManifest(bad), bad);
    assert.ok(lintManifest(bad).problems.length > 0, `problems for ${JSON.stringify(bad)}`);
  }
});

test('10,000 levels of nesting give one json-too-deep problem at the bracket past the limit; the rest is checked', () => {
  const text =
    '{"signInAudience":"AzureADMyOrg","requiredResourceAccess":[],"tags":' +
    '['.repeat(10_000) +
    ']'.repeat(10_000) +
    '}';
  const r = lintManifest(text);
  assert.deepEqual(
    r.problems.map((p) => p.ruleId),
    ['schema-type', 'json-too-deep'],
  );
  // depth 1 is the root object; the 512th '[' is depth 513.
  assert.equal(only(r.problems, 'json-too-deep')[0]!.offset, text.indexOf('[', text.indexOf('"tags"')) + 511);
  // A few hundred levels are parsed and checked normally.
  const moderate =
    '{"signInAudience":"AzureADMyOrg","requiredResourceAccess":[],"tags":' + '['.repeat(300) + ']'.repeat(300) + '}';
  const m = lintManifest(moderate, { rules: noRules });
  assert.equal(m.format, 'graph');
  assert.deepEqual(
    m.problems.map((p) => p.ruleId),
    ['schema-type'],
  );
});

test('a 10 MB manifest is linted in reasonable time: schema only, findings capped, one notice each', () => {
  const roles = Array.from({ length: 25_000 }, (_, i) => ({
    id: `role-${i}`,
    allowedMemberTypes: ['user'],
    value: `Role${i}.Read`,
    displayName: 'x'.repeat(300),
    isEnabled: true,
  }));
  const text = JSON.stringify({ signInAudience: 'AzureADMyOrg', requiredResourceAccess: [], appRoles: roles }, null, 2);
  assert.ok(text.length > 10_000_000);
  const started = performance.now();
  const r = lintManifest(text);
  const ms = performance.now() - started;
  console.log(`# 10 MB manifest linted in ${ms.toFixed(0)} ms (speed is measured by npm run bench:lint)`);
  assert.equal(only(r.problems, 'lint-limits').length, 1);
  assert.equal(only(r.problems, 'schema-truncated').length, 1);
  assert.ok(text.length > MAX_RULES_TEXT_LENGTH);
  assert.ok(r.problems.length <= 1002);
});

test('wrong types everywhere: one schema-type per value, on the value', () => {
  const text = JSON.stringify(
    {
      signInAudience: 5,
      api: 'x',
      web: [1],
      appRoles: { a: 1 },
      requiredResourceAccess: [1, null],
      tags: 'x',
      isFallbackPublicClient: 'yes',
      identifierUris: [1, {}],
    },
    null,
    1,
  );
  const r = lintManifest(text, { rules: noRules });
  const types = only(r.problems, 'schema-type');
  assert.deepEqual(
    types.map((p) => p.path),
    [
      '/signInAudience',
      '/api',
      '/web',
      '/appRoles',
      '/requiredResourceAccess/0',
      '/requiredResourceAccess/1',
      '/tags',
      '/isFallbackPublicClient',
      '/identifierUris/0',
      '/identifierUris/1',
    ],
  );
  const fallback = types.find((p) => p.path === '/isFallbackPublicClient')!;
  assert.deepEqual({ offset: fallback.offset, length: fallback.length }, at(text, '"yes"'));
  assert.match(fallback.message, /must be a boolean \(or null\), not the string "yes"/);
  // No enum or format error repeats a type error on the same value.
  assert.deepEqual(
    r.problems.filter((p) => p.path === '/signInAudience').map((p) => p.ruleId),
    ['schema-type'],
  );
});

test('originalFor: the tenant version is looked up from the parsed document (a local copy, by appId)', () => {
  const scope = {
    id: '00000000-0000-4000-8000-000000000001',
    value: 'Orders.Read',
    type: 'User',
    isEnabled: true,
    adminConsentDisplayName: 'r',
    adminConsentDescription: 'r',
  };
  const appId = '11111111-2222-3333-4444-555555555555';
  const original = {
    appId,
    displayName: 'Orders',
    signInAudience: 'AzureADMyOrg',
    api: { oauth2PermissionScopes: [scope] },
  };
  const copy = JSON.stringify({ ...original, api: { oauth2PermissionScopes: [] } }, null, 2);
  const asked: unknown[] = [];
  const r = lintManifest(copy, {
    originalFor: (value) => (asked.push((value as { appId?: unknown }).appId), original),
  });
  assert.deepEqual(asked, [appId], 'called once, with the parsed document');
  assert.deepEqual(
    only(r.problems, 'disable-first').map((p) => p.path),
    ['/api/oauth2PermissionScopes'],
  );
  // An explicit original wins; no lookup answer means no comparison.
  assert.deepEqual(
    only(lintManifest(copy, { original, originalFor: () => assert.fail('not asked') }).problems, 'disable-first')
      .length,
    1,
  );
  assert.deepEqual(only(lintManifest(copy, { originalFor: () => undefined }).problems, 'disable-first'), []);
});

test('a throwing rule becomes one internal-error problem and the other rules still report', () => {
  const boom: Rule = {
    id: 'boom',
    severity: 'error',
    title: () => 'test',
    description: () => 'throws',
    docs: 'x',
    formats: ['graph'],
    check: () => {
      throw new TypeError('bad input');
    },
  };
  const good: Rule = {
    id: 'good',
    severity: 'warning',
    title: () => 'test',
    description: () => 'reports',
    docs: 'x',
    formats: ['graph'],
    check: (ctx) => [
      {
        ruleId: 'good',
        severity: 'warning',
        message: 'found',
        offset: ctx.nodeAt(['displayName'])!.offset,
        length: 9,
        path: '/displayName',
      },
    ],
  };
  const legacyOnly: Rule = {
    ...good,
    id: 'legacy-only',
    formats: ['legacy'],
    check: () => {
      throw new Error('must not run on graph');
    },
  };
  const r = lintManifest(graph, { rules: [boom, good, legacyOnly] });
  assert.deepEqual(r.problems.map((p) => p.ruleId).sort(), ['good', 'internal-error']);
  assert.match(only(r.problems, 'internal-error')[0]!.message, /"boom".*TypeError: bad input/);
});

test('the rule context carries the verdict, audience, clock, original and a shared memo', () => {
  let seen: unknown;
  let computed = 0;
  const probe: Rule = {
    id: 'probe',
    severity: 'info',
    title: () => 'test',
    description: () => '',
    docs: '',
    formats: ['legacy'],
    check: (ctx) => {
      seen = {
        format: ctx.format,
        audience: ctx.signInAudience,
        now: ctx.now.toISOString(),
        original: ctx.original,
        name: ctx.nodeAt(['name'])?.value,
      };
      ctx.memo!('k', () => ++computed);
      ctx.memo!('k', () => ++computed);
      return [];
    },
  };
  lintManifest('{"name":"x","availableToOtherTenants":true,"replyUrlsWithType":[]}', {
    rules: [probe],
    now: new Date('2030-01-02T03:04:05Z'),
    original: { a: 1 },
  });
  assert.deepEqual(seen, {
    format: 'legacy',
    audience: 'AzureADMultipleOrgs',
    now: '2030-01-02T03:04:05.000Z',
    original: { a: 1 },
    name: 'x',
  });
  assert.equal(computed, 1);
});

test('problems are sorted by offset then severity, and exact duplicates merged', () => {
  const twice: Rule = {
    id: 'twice',
    severity: 'warning',
    title: () => 'test',
    description: () => '',
    docs: '',
    formats: ['graph'],
    check: () => [
      { ruleId: 'twice', severity: 'warning', message: 'm', offset: 20, length: 2, path: '' },
      { ruleId: 'twice', severity: 'warning', message: 'm', offset: 20, length: 2, path: '' },
      { ruleId: 'early', severity: 'hint', message: 'h', offset: 3, length: 1, path: '' },
      { ruleId: 'err', severity: 'error', message: 'e', offset: 20, length: 1, path: '' },
    ],
  };
  const r = lintManifest(graph, { rules: [twice] });
  assert.deepEqual(
    r.problems.map((p) => `${p.offset}:${p.ruleId}`),
    ['3:early', '20:err', '20:twice'],
  );
});

test('offsetToPosition is 0-based, UTF-16 and CRLF-aware', () => {
  const text = '{\r\n  "a": "😀x",\r\n\r\n  "b": 1\n}';
  assert.deepEqual(offsetToPosition(text, 0), { line: 0, character: 0 });
  assert.deepEqual(offsetToPosition(text, text.indexOf('x')), { line: 1, character: 10 });
  assert.deepEqual(offsetToPosition(text, text.indexOf('"b"')), { line: 3, character: 2 });
  assert.deepEqual(offsetToPosition(text, text.indexOf('}')), { line: 4, character: 0 });
  assert.deepEqual(offsetToPosition(text, 1), { line: 0, character: 1 });
  assert.deepEqual(offsetToPosition(text, 9999), { line: 4, character: 1 });
  assert.deepEqual(offsetToPosition('a\rb', 2), { line: 1, character: 0 });
});

test('line starts: every kind of line end, placed as a split on \\r\\n, \\r and \\n does', () => {
  const texts = ['', 'a', '\n', '\r', '\r\n', '\r\r\n\n\r', 'a\nb\n', 'a\rb\r\nc\n\nd\r', '\n'.repeat(20_000) + 'x'];
  texts.push(Array.from({ length: 30_000 }, (_, i) => 'line' + ['\n', '\r\n', '\r'][i % 3]).join(''));
  for (const text of texts) {
    const expected = [0];
    for (const m of text.matchAll(/\r\n|\r|\n/g)) expected.push(m.index + m[0].length);
    assert.deepEqual([...lineStarts(text)], expected, JSON.stringify(text.slice(0, 12)));
  }
});

test('JSON pointers escape ~ and / and round-trip', () => {
  assert.equal(toPointer([]), '');
  assert.equal(toPointer(['a/b', 'c~d', 0]), '/a~1b/c~0d/0');
  assert.deepEqual(fromPointer('/a~1b/c~0d/0'), ['a/b', 'c~d', '0']);
  assert.deepEqual(fromPointer(''), []);
});

test('the strict fast path builds exactly the tree jsonc-parser builds', () => {
  const samples = [
    graph,
    '{"a":[1,-2.5e3,true,false,null,"x\\"y\\u00e9"],"b":{},"c":[],"d":{"e":{"f":[[]]}}}',
    '  [ 1 , {"a" : "b"} ]  ',
    '"s"',
    '0',
    '{"__proto__":{}}',
    '{"a":1,"a":2}',
    '{"a\\u0062":1,"\\"":{"\\\\":2}}',
  ];
  // Read every node through its accessors (the fast tree makes children on first read).
  const plain = (n: JsonNode | undefined): unknown =>
    n && {
      type: n.type,
      offset: n.offset,
      length: n.length,
      value: n.value,
      colonOffset: n.colonOffset,
      children: n.children?.map(plain),
    };
  for (const s of samples) {
    const fast = parseStrictTree(s);
    assert.ok(fast, s);
    assert.deepEqual(plain(fast.root), plain(parseTree(s)), s);
    assert.deepEqual(fast.value, JSON.parse(s));
  }
  for (const s of ['{"a":1,}', '{/*c*/}', '{"a":01}', '{"a":1.}', "{'a':1}", '{"a":"\t"}', '[1]x', '']) {
    assert.equal(parseStrictTree(s), undefined, s);
  }
  // Parents point to the right nodes.
  const t = parseStrictTree('{"a":[{"b":1}]}')!.root;
  const b = t.children![0]!.children![1]!.children![0]!.children![0]!;
  assert.equal(b.parent!.parent!.parent!.parent, t);
});

test('parseDocument keeps tolerant parsing for non-strict text', () => {
  const doc = parseDocument('{"a":1,// c\n}');
  assert.equal(doc.comments.length, 1);
  assert.equal(doc.syntaxErrors.length, 0);
  assert.equal(doc.root?.type, 'object');
});

test('hover on a permission id names it, its type and consent; elsewhere the schema describes the property', () => {
  const h = hoverAt(graph, graph.indexOf('e1fe6dd8') + 5)!;
  assert.deepEqual({ offset: h.offset, length: h.length }, at(graph, '"e1fe6dd8-ba31-4d61-89e7-88639da4683d"'));
  assert.match(h.markdown, /User\.Read/);
  assert.match(h.markdown, /Delegated permission/);
  assert.match(h.markdown, /Users can consent/);
  const resource = hoverAt(graph, graph.indexOf('00000003') + 2)!;
  assert.match(resource.markdown, /Microsoft Graph/);
  const key = hoverAt(graph, graph.indexOf('signInAudience') + 3)!;
  assert.deepEqual({ offset: key.offset, length: key.length }, at(graph, '"signInAudience"'));
  assert.match(key.markdown, /Which accounts can sign in/);
  assert.match(key.markdown, /AzureADMultipleOrgs/);
  assert.equal(hoverAt('{"name":"pkg","version":"1"}', 3), undefined);
});

test('hover on a permission listed with the wrong type names the type it has', () => {
  // User.Read (a delegated permission) listed as Role; User.Read.All's application permission listed as Scope.
  const manifest = (id: string, type: string): string =>
    JSON.stringify({
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [
        { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id, type }] },
      ],
    });
  const scopeAsRole = manifest('e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Role');
  assert.match(
    hoverAt(scopeAsRole, scopeAsRole.indexOf('e1fe6dd8') + 2)!.markdown,
    /listed here as `Role`, but this id is a delegated permission \(Scope\)/,
  );
  const roleAsScope = manifest('df021288-bdef-4463-88db-98f22de89214', 'Scope');
  assert.match(
    hoverAt(roleAsScope, roleAsScope.indexOf('df021288') + 2)!.markdown,
    /listed here as `Scope`, but this id is an application permission \(Role\)/,
  );
});

test('hover escapes Markdown from the document and the catalogue', () => {
  const catalog = {
    getResource: (id: string) =>
      id === '11111111-1111-1111-1111-111111111111'
        ? { appId: id, displayName: '<img src=x onerror=alert(1)> *bold*', scopes: [], roles: [], complete: true }
        : undefined,
    resources: () => [],
  };
  const text =
    '{"signInAudience":"AzureADMyOrg","requiredResourceAccess":[{"resourceAppId":"11111111-1111-1111-1111-111111111111","resourceAccess":[]}]}';
  const h = hoverAt(text, text.indexOf('1111') + 1, { catalog })!;
  assert.doesNotMatch(h.markdown, /(^|[^\\])[<>]/, 'no unescaped angle bracket');
  assert.ok(h.markdown.includes('\\<img'));
  assert.ok(h.markdown.includes('\\*bold\\*'));
});

test('resourceAppId completions list the retired Azure AD Graph last, struck through', () => {
  const text = graph.replace('"00000003-0000-0000-c000-000000000000"', '""');
  const items = completionsAt(text, text.indexOf('""') + 1);
  const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : a.sortText! > b.sortText! ? 1 : 0));
  const last = sorted[sorted.length - 1]!;
  assert.equal(last.insertText, '"00000002-0000-0000-c000-000000000000"');
  assert.equal(last.deprecated, true);
  assert.match(last.detail!, /retired: use Microsoft Graph/);
  const graphItem = items.find((i) => i.label === 'Microsoft Graph')!;
  assert.equal(graphItem.deprecated, undefined);
  assert.equal(graphItem.detail, '00000003-0000-0000-c000-000000000000');
});

test('completions: permission names inserting ids, enum values, property snippets', () => {
  const text = graph.replace('"e1fe6dd8-ba31-4d61-89e7-88639da4683d"', '""');
  const items = completionsAt(text, text.indexOf('""') + 1);
  const userRead = items.find((i) => i.label === 'User.Read')!;
  assert.equal(userRead.insertText, '"e1fe6dd8-ba31-4d61-89e7-88639da4683d"');
  assert.deepEqual({ offset: userRead.offset, length: userRead.length }, at(text, '""'));
  assert.ok(
    items.every((i) => i.kind === 'permission' && !i.detail!.startsWith('Application')),
    'type Scope restricts to delegated permissions',
  );
  const roleText = text.replace('"type": "Scope"', '"type": "Role"');
  const roles = completionsAt(roleText, roleText.indexOf('""') + 1);
  assert.ok(
    roles.some((i) => i.label === 'User.Read.All' && i.insertText === '"df021288-bdef-4463-88db-98f22de89214"'),
  );
  assert.ok(!roles.some((i) => i.label === 'User.Read'));
  const audience = completionsAt(graph, graph.indexOf('"AzureADMyOrg"') + 2).map((i) => i.label);
  assert.deepEqual(audience, [
    '"AzureADMyOrg"',
    '"AzureADMultipleOrgs"',
    '"AzureADandPersonalMicrosoftAccount"',
    '"PersonalMicrosoftAccount"',
  ]);
  const webText = '{"signInAudience":"AzureADMyOrg","web":{"redirectUris":[], "":1}}';
  const props = completionsAt(webText, webText.indexOf('""') + 1);
  assert.ok(!props.some((p) => p.label === 'redirectUris'), 'existing keys are not offered again');
  const grant = props.find((p) => p.label === 'implicitGrantSettings')!;
  assert.equal(grant.insertText, '"implicitGrantSettings": {$1}');
  assert.equal(grant.snippet, true);
});

test('completion with the caret between the colon and the value replaces the whole value', () => {
  const text = graph.replace('"e1fe6dd8-ba31-4d61-89e7-88639da4683d"', '""');
  const colon = text.indexOf('""') - 1;
  for (const caret of [colon, text.indexOf('""')]) {
    const userRead = completionsAt(text, caret).find((i) => i.label === 'User.Read')!;
    assert.ok(userRead, `offered at ${caret}`);
    assert.deepEqual(
      { offset: userRead.offset, length: userRead.length },
      at(text, '""'),
      'the empty string is replaced, not followed by a second value',
    );
  }
  const audience = completionsAt(graph, graph.indexOf('"AzureADMyOrg"') - 1).find(
    (i) => i.label === '"AzureADMultipleOrgs"',
  )!;
  assert.deepEqual({ offset: audience.offset, length: audience.length }, at(graph, '"AzureADMyOrg"'));
});

test('GUID lenses name permissions and resources', () => {
  assert.deepEqual(
    guidLenses(graph).map((l) => [graph.slice(l.offset + 1, l.offset + 9), l.title]),
    [
      ['00000003', 'Microsoft Graph'],
      ['e1fe6dd8', 'User.Read (delegated)'],
    ],
  );
});

// A legacy JSONC manifest with an object as a redirect type, and manifests nested 2,500 to 5,000
// levels deep, used to lose every finding to one internal-error of the whole engine.
const legacyJsonc = `{
  // exported from the portal
  "name": "Contoso",
  "availableToOtherTenants": false,
  "replyUrlsWithType": [{ "url": "http://contoso.com/a", "type": {} }],
  "passwordCredentials": [{ "endDate": "2020-01-01T00:00:00Z", "value": "not-a-real-secret" }],
  "requiredResourceAccess": [],
}`;

test('a legacy JSONC manifest with an object as a redirect type keeps every finding and its conversion fix', () => {
  const r = lintManifest(legacyJsonc, { now: new Date('2025-01-01T00:00:00Z') });
  assert.equal(r.format, 'legacy');
  assert.deepEqual(only(r.problems, 'internal-error'), []);
  for (const id of [
    'json-comment',
    'json-trailing-comma',
    'legacy-format',
    'redirect-uri-scheme',
    'schema-type',
    'credential-secret-in-file',
  ]) {
    assert.equal(only(r.problems, id).length, 1, id);
  }
  const fix = only(r.problems, 'legacy-format')[0]!.fixes!.find(
    (f) => f.title === 'Convert to Microsoft Graph format',
  )!;
  const converted = JSON.parse(applyEdits(legacyJsonc, [...fix.edits])) as { web?: { redirectUris?: string[] } };
  // An entry whose type is not a string goes to web, like one without a type.
  assert.deepEqual(converted.web?.redirectUris, ['http://contoso.com/a']);
});

test('nesting past the limit after a string a line break ends (or a comment a lone CR ends) is pruned: no rule fails', () => {
  // The reader, like jsonc-parser, ends the string at the line break and reads the brackets after it.
  for (const [label, broken] of [
    ['string', '"a\n'],
    ['string, CRLF', '"a\r\n'],
    ['line comment, lone CR', '"a", // c\r'],
  ] as const) {
    // In a list, the brackets after the string are its items' lists, nested 10,000 deep.
    const text = `{"displayName": "x", "signInAudience": "AzureADMyOrg", "requiredResourceAccess": [], "preAuthorizedApplications": [${broken}${'['.repeat(10_000)}"]}`;
    const doc = parseDocument(text);
    // The root is level 1, the list level 2: the 511th bracket of the run opens level 513.
    assert.equal(doc.tooDeep, text.indexOf('['.repeat(10)) + 510, `${label}: pruned at level 513`);
    const r = lintManifest(text);
    assert.deepEqual(only(r.problems, 'internal-error'), [], label);
    assert.equal(only(r.problems, 'json-too-deep').length, 1, label);
    assert.equal(only(r.problems, 'legacy-key-in-graph').length, 1, label);
    // Every fix made (they are made when asked for), and the tree no deeper than the limit.
    assert.doesNotThrow(() => r.problems.map((p) => p.fixes?.map((f) => f.edits.length)), label);
    let deepest = 0;
    const stack: [JsonNode, number][] = doc.root ? [[doc.root, 1]] : [];
    while (stack.length > 0) {
      const [n, depth] = stack.pop()!;
      if (n.type !== 'property') deepest = Math.max(deepest, depth);
      for (const c of n.children ?? []) stack.push([c, n.type === 'property' ? depth : depth + 1]);
    }
    assert.equal(deepest, 513, `${label}: the blanked value is the deepest`);
  }
});

test('2,500 and 5,000 levels of nesting (strict, JSONC, legacy) keep the other findings', () => {
  for (const depth of [2_500, 5_000]) {
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    const graphText = `{"signInAudience":"AzureADMyOrg","requiredResourceAccess":[],"passwordCredentials":[{"secretText":"not-a-real-secret"}],"tags":${deep}}`;
    const legacyText = `{"name":"x","replyUrls":["http://contoso.com"],"requiredResourceAccess":[],"passwordCredentials":[{"value":"not-a-real-secret"}],"tags":${deep}}`;
    for (const [label, text, format] of [
      ['strict', graphText, 'graph'],
      ['jsonc', '// c\n' + graphText, 'graph'],
      ['legacy', legacyText, 'legacy'],
      ['legacy jsonc', '// c\n' + legacyText, 'legacy'],
    ] as const) {
      const r = lintManifest(text);
      const what = `${label} ${depth}`;
      assert.equal(r.format, format, what);
      assert.deepEqual(only(r.problems, 'internal-error'), [], what);
      assert.equal(only(r.problems, 'json-too-deep').length, 1, what);
      assert.equal(only(r.problems, 'credential-secret-in-file').length, 1, what);
      assert.equal(only(r.problems, 'schema-type').length, 1, what);
      if (format === 'legacy') {
        // The conversion would write the skipped part as a blank: no edits rather than a lossy one.
        const fix = only(r.problems, 'legacy-format')[0]!.fixes!.find(
          (f) => f.title === 'Convert to Microsoft Graph format',
        )!;
        assert.deepEqual(fix.edits, [], what);
      }
    }
  }
});

test('a manifest padded past the size limit still gets the security checks (a secret is found) and a notice', () => {
  const padding = 'x'.repeat(MAX_RULES_TEXT_LENGTH + 500_000);
  const text = JSON.stringify(
    {
      displayName: 'Contoso',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [],
      description: padding,
      passwordCredentials: [{ displayName: 'ci', secretText: 'not-a-real-secret' }],
    },
    null,
    2,
  );
  assert.ok(text.length > 2_500_000);
  const r = lintManifest(text);
  assert.equal(only(r.problems, 'credential-secret-in-file').length, 1);
  const [notice] = only(r.problems, 'lint-limits');
  assert.match(notice!.message, /not fully checked/);
  // Other semantic rules still stay off (description-length would report the padding).
  assert.deepEqual(only(r.problems, 'description-length'), []);
});
