// Texts that are not strict JSON (syntax errors, junk around the value, a cut-off end, comments,
// trailing commas, a BOM) against jsonc-parser's tree of the whole text: the fast paths give the
// same nodes, syntax errors, comments and lint findings (with their fixes' edits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node as JsonNode } from 'jsonc-parser';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { parseDocument, type ParsedDocument } from '../../../src/core/manifest/json';
import { lintParsed } from '../../../src/core/manifest/lint';
import type { Problem } from '../../../src/core/manifest/types';

const now = new Date('2026-01-01T00:00:00Z');

/** Every node with every field read (lazy nodes are made here), parents checked. */
function plain(node: JsonNode | undefined): unknown {
  if (!node) return node;
  const container = node.type === 'object' || node.type === 'array' || node.type === 'property';
  return [
    node.type,
    node.offset,
    node.length,
    container ? null : node.value,
    node.colonOffset ?? null,
    node.children?.map((c) => {
      assert.equal(c.parent, node, `parent of the node at ${c.offset}`);
      return plain(c);
    }),
  ];
}

function findings(doc: ParsedDocument, text: string): unknown[] {
  return lintParsed(doc, text, { now }).problems.map((p: Problem) => ({
    ...p,
    fixes: p.fixes?.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits })),
  }));
}

/** Whether any node of the tree is a lazy one (walks jsonc-parser's nodes only). */
function hasLazyNode(root: JsonNode | undefined): boolean {
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n instanceof LazyNode) return true;
    stack.push(...(n.children ?? []));
  }
  return false;
}

/** Asserts the fast parse equals jsonc-parser's; returns it. */
function assertSame(text: string, label: string): ParsedDocument {
  const fast = parseDocument(text);
  const slow = parseDocument(text, { fastPaths: false });
  assert.deepEqual(fast.syntaxErrors, slow.syntaxErrors, `${label}: syntax errors`);
  assert.deepEqual(fast.comments, slow.comments, `${label}: comments`);
  assert.deepEqual(plain(fast.root), plain(slow.root), `${label}: tree`);
  assert.deepEqual(findings(fast, text), findings(slow, text), `${label}: findings`);
  return fast;
}

const access = (n: number): string =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      resourceAppId: '00000003-0000-0000-c000-000000000000',
      resourceAccess: [
        { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
        { id: `not-a-guid-${i}`, type: 'Role' },
      ],
    })),
    null,
    2,
  );
const uris = (n: number): string =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => `https://app${i}.example.com/callback`),
    null,
    2,
  );
const manifest = (extra = ''): string =>
  `{\n  "displayName": "x",\n  "signInAudience": "AzureADMyOrg",${extra}\n  "requiredResourceAccess": ${access(
    120,
  )},\n  "web": {"redirectUris": ${uris(300)}}\n}\n`;

/** Replaces the character at `at` (a byte flip of the fuzzer). */
const flip = (t: string, at: number, c: string): string => t.slice(0, at) + c + t.slice(at + 1);

test('syntax errors: the strict parts are grafted in, and the result is jsonc-parser’s', () => {
  const m = manifest();
  const cases: Record<string, string> = {
    'two BOMs': '\uFEFF\uFEFF' + m,
    'NUL before, brace after': '\u0000' + m + '}',
    'comma after the value': m + ',',
    'a second value': m + m,
    'cut in a string': m.slice(0, 25_013),
    'cut after a comma': m.slice(0, m.indexOf(',', 30_000) + 1),
    'flipped quote': flip(m, m.indexOf('"id"', 20_000), 'x'),
    'flipped brace': flip(m, m.indexOf('{', 20_000), '['),
    'flipped colon, compact text': flip(
      JSON.stringify(JSON.parse(m)),
      JSON.stringify(JSON.parse(m)).indexOf(':', 15_000),
      ',',
    ),
    'missing comma before an object': m.replace('"requiredResourceAccess": [', '"requiredResourceAccess": [1 '),
    'missing comma before a run of strings': m.replace('"redirectUris": [', '"redirectUris": ["a" "b",'),
    'error, comment and trailing comma':
      '// head\n' + m.replace('"x",', '"x", /* c */ @').replace(/\]\n\}\n$/, ',]\n}\n'),
    'error and repeated keys': m
      .replace('"resourceAppId"', '"type": 1, "type"')
      .replace('"x",', '"x", "displayName": 2 !,'),
    'error and __proto__ keys': m
      .replace('"resourceAppId"', '"__proto__": {"a": 1}, "resourceAppId"')
      .replace('"x"', 'x'),
    'escaped key in a strict part': m.replace('"resourceAppId"', '"resourceApp\\u0049d"').slice(0, -4),
    'escapes in strings': m.replace(/"not-a-guid-(\d+)"/g, '"a\\"$1\\\\"').replace('"Role"', '"Ro\\qle"'),
    'unterminated string': m.replace('"x",', '"x,'),
    'CRLF and a stray bracket': m.replace(/\n/g, '\r\n').replace('"x"', '"x" ]'),
  };
  for (const [label, text] of Object.entries(cases)) {
    const doc = assertSame(text, label);
    assert.ok(doc.syntaxErrors.length > 0, `${label}: has syntax errors`);
    assert.ok(hasLazyNode(doc.root), `${label}: strict parts grafted`);
  }
});

test('comments, trailing commas and a BOM alone keep their fast paths and jsonc-parser’s result', () => {
  const m = manifest();
  for (const [label, text] of Object.entries({
    BOM: '\uFEFF' + m,
    comments: '// exported\n' + m.replace('"x",', '"x", /* name */'),
    'trailing commas': m.replace(/\]\n\}\n$/, ',]\n}\n').replace('"Scope"', '"Scope",'),
    'BOM, comment and trailing comma': '\uFEFF' + m.replace('"x",', '"x", // name\n').replace(/\}\n$/, ',}\n'),
  })) {
    const doc = assertSame(text, label);
    assert.equal(doc.syntaxErrors.length, 0, label);
    assert.ok(doc.root instanceof LazyNode, `${label}: lazy tree`);
  }
});

test('texts the grafted path leaves to jsonc-parser: small ones, deep ones, no strict part', () => {
  for (const [label, text] of Object.entries({
    small: '{"a": [1, 2 3], "b": {"c": 1}}',
    deep: manifest().replace('"x"', '['.repeat(600) + ']'.repeat(600) + ' x'),
    'no strict part': `[${Array.from({ length: 4000 }, (_, i) => `${i} ${i}`).join(', ')}]`,
  })) {
    const doc = assertSame(text, label);
    assert.ok(!hasLazyNode(doc.root), `${label}: jsonc-parser's tree`);
  }
});
