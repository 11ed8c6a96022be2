// Texts that are not strict JSON (syntax errors, junk around the value, a cut-off end, comments next
// to errors, repeated keys) get the compact tree (compactTree.ts): every node, error and value
// equals jsonc-parser's parseTree, and the lint findings (with their fixes' edits) equal those of
// the jsonc-parser path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getNodeValue, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { readAsEngine } from './readAsEngine';
import { asJson, assertSameDocument, assertSameNodes, findings } from './sameDocument';
import { generateInput, loadCorpus, Rng, textMutators } from '../../../bench/fuzzLib';
import { BackedNode } from '../../../src/core/manifest/backedNode';
import { CompactNode, parseCompact } from '../../../src/core/manifest/compactTree';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { MAX_NESTING_DEPTH, nodeAtPath, parseDocument } from '../../../src/core/manifest/json';
import { cutShort, strayTail } from '../../../src/core/manifest/edges';
import { lintParsed } from '../../../src/core/manifest/lint';
import { pruneDeep } from '../../../src/core/manifest/nesting';
import { child, propertyNode } from '../../../src/core/manifest/rules/util';

const now = new Date('2026-01-01T00:00:00Z');
const OPTIONS = { allowTrailingComma: true, disallowComments: true, allowEmptyContent: false };
const manifests = resolve(__dirname, '../../../../shared/corpus/manifests');

/** The containers the structure walk has to visit on jsonc-parser's tree: objects that repeat a key, trailing commas. */
function referenceMarks(text: string, root: JsonNode | undefined): number[] {
  const marks: number[] = [];
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const kids = n.children ?? [];
    let marked = false;
    if (n.type === 'object') {
      const keys = kids.map((p) => p.children![0]!.value);
      marked = new Set(keys).size < keys.length;
    }
    if (!marked && (n.type === 'object' || n.type === 'array') && kids.length > 0) {
      const last = kids[kids.length - 1]!;
      // Outside comments, as jsonProblems.ts looks for it.
      const gap = text
        .slice(last.offset + last.length, n.offset + n.length - 1)
        .replace(/\/\*[\s\S]*?(\*\/|$)|\/\/[^\n]*/g, '');
      marked = gap.includes(',');
    }
    if (marked) marks.push(n.offset);
    stack.push(...kids);
  }
  return marks.sort((a, b) => a - b);
}

/** parseCompact against parseTree on the same text (pruned first when deep, as the engine does). */
function assertSameParse(text: string, label: string): void {
  const source = pruneDeep(text, MAX_NESTING_DEPTH)?.text ?? text;
  const errors: ParseError[] = [];
  const read = readAsEngine(source);
  const ref = parseTree(read, errors, OPTIONS);
  const fast = parseCompact(source);
  assert.deepEqual(fast.errors.toArray(), errors, `${label}: errors`);
  assertSameNodes(fast.root, ref, label);
  assert.deepEqual(asJson(fast.value), asJson(ref ? getNodeValue(ref) : undefined), `${label}: value`);
  assert.deepEqual(fast.marks, referenceMarks(read, ref), `${label}: marks`);
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

/** The cases of the next test that are a strict object with stray characters around it. */
const EDGED = new Set([
  'two BOMs',
  'NUL before, brace after',
  'comma after the value',
  'unterminated comment',
  'brackets and escaped quotes in strings, brackets after',
]);

/** The cases of the next test that are strict JSON cut short, with a tree a mended text gives. */
const MENDED = new Set([
  'cut in a string',
  'cut after a comma',
  'cut after a colon',
  'cut after a key',
  'escaped key',
  'a lone key',
]);

test('syntax errors: the compact tree is jsonc-parser’s, with the same findings', () => {
  const m = manifest();
  const compact = JSON.stringify(JSON.parse(m));
  const cases: Record<string, string> = {
    'two BOMs': '\uFEFF\uFEFF' + m,
    'NUL before, brace after': '\u0000' + m + '}',
    'brackets and escaped quotes in strings, brackets after':
      m.replace('"x"', '"x}\\"]{[", "q": ["\\\\", "\\\\\\"}", {"r": "]"}]') + ' }]',
    'comma after the value': m + ',',
    'a second value': m + m,
    'cut in a string': m.slice(0, 25_013),
    'cut after a comma': m.slice(0, m.indexOf(',', 30_000) + 1),
    'cut after a colon': m.slice(0, m.indexOf(':', 30_000) + 1),
    'cut after a key': m.slice(0, m.indexOf('"type"', 30_000) + 6),
    'flipped quote': flip(m, m.indexOf('"id"', 20_000), 'x'),
    'flipped brace': flip(m, m.indexOf('{', 20_000), '['),
    'flipped colon, compact text': flip(compact, compact.indexOf(':', 15_000), ','),
    // Over 65,536 characters: the values are kept in chunks laid out whole (compactIndex.ts).
    'a large text with a flipped brace near its end': ((big) => flip(big, big.lastIndexOf('{'), '['))(
      manifest().replace(/"requiredResourceAccess": \[/, `"requiredResourceAccess": ${access(500).slice(0, -1)},`),
    ),
    'missing colon': m.replace('"signInAudience":', '"signInAudience"'),
    'missing value': m.replace('"x",', ',').replace('"Role"', ''),
    'missing comma before an object': m.replace('"requiredResourceAccess": [', '"requiredResourceAccess": [1 '),
    'missing comma before a run of strings': m.replace('"redirectUris": [', '"redirectUris": ["a" "b",'),
    'error, comment and trailing comma':
      '// head\n' + m.replace('"x",', '"x", /* c */ :').replace(/\]\}\n\}\n$/, ',]}\n}\n'),
    'unterminated comment': m.replace(/\}\n$/, '} /* open'),
    'error and repeated keys': m
      .replace('"resourceAppId"', '"type": 1, "type"')
      .replace('"x",', '"x", "displayName": 2 :,'),
    'error and __proto__ keys': m
      .replace('"resourceAppId"', '"__proto__": {"a": 1}, "resourceAppId"')
      .replace('"x"', 'x'),
    'escaped key': m.replace('"resourceAppId"', '"resourceApp\\u0049d"').slice(0, -4),
    'escapes in strings': m.replace(/"not-a-guid-(\d+)"/g, '"a\\"$1\\\\"').replace('"Role"', '"Ro\\qle"'),
    'bad numbers': m.replace('"x"', '-').replace('"Scope"', '1.e5').replace('"Role"', '0x1F'),
    'unterminated string': m.replace('"x",', '"x,'),
    'CRLF and a stray bracket': m.replace(/\n/g, '\r\n').replace('"x"', '"x" ]'),
    'closing brackets swapped': m.replace(/\]\}\n\}\n$/, '}]\n}\n'),
    'only junk': '@@ x',
    empty: '',
    blank: ' \n\t ',
    'a lone string': '"abc',
    'a lone key': '{"a"',
  };
  for (const [label, text] of Object.entries(cases)) {
    const doc = assertSameDocument(text, label);
    assert.ok(doc.syntaxErrors.length + doc.comments.length > 0, `${label}: not JSON`);
    assertSameParse(text, label);
    // A strict object with stray characters around it keeps the lazy tree (edges.ts), as does a
    // strict text cut short where a mended text gives its tree (mended.ts).
    const tree = EDGED.has(label) || MENDED.has(label) ? LazyNode : CompactNode;
    if (doc.root) assert.ok(doc.root instanceof tree, `${label}: ${tree.name}`);
  }
});

test('a text cut short is given to JSON.parse only mended, and still gets jsonc-parser’s result', () => {
  const m = manifest();
  const guid = m.indexOf('"e1fe6dd8', 20_000);
  // [text, taken for cut short, mended (mended.ts)]
  const cases: Record<string, [string, boolean, boolean]> = {
    // More than 16 characters after the last bracket, no slash among them: the text is not given
    // to JSON.parse as it is; mended, when it stops where a mended text has jsonc-parser's tree.
    'cut inside a GUID, 20 characters past a bracket': [m.slice(0, guid + 12), true, true],
    'cut past a key and colon': [m.slice(0, m.indexOf('"type"', 30_000) + 9) + '  \n', true, false],
    'a root list cut short': [access(40).slice(0, -30), true, true],
    'cut in a word': [m.slice(0, m.indexOf('}', 20_000) + 1) + ', {"resourceAppId": "x", "enabled": tru', true, false],
    'a root list cut in a string': [access(40).slice(0, -24), true, true],
    // What follows the last bracket starts with no slash: no comment (URLs and comment marks in
    // strings). (A key in a list: an error before the end, so not mended.)
    'cut in a list of URLs': [
      m.slice(0, m.indexOf('}', 20_000) + 1) +
        ', "replyUrls": ["https://a.contoso.com/x", "api://orders", "https://b.c',
      true,
      false,
    ],
    'a URL list cut in a URL': [
      m.slice(0, m.indexOf('}', 20_000) + 1) + ', "u": ["https://a.contoso.com/x", "https:/',
      true,
      false,
    ],
    'cut in a string holding comment marks': [
      m.slice(0, m.indexOf('}', 20_000) + 1) + ', "notes": "see // and /* here',
      true,
      false,
    ],
    // Tried (a fast path may apply), or not an object or array.
    'strict JSON': [m, false, false],
    'whitespace after the object': [m + ' \r\n\t ', false, false],
    'a long line comment after the object': [m + '// exported by the admin center on a Monday', false, false],
    'a block comment after the object': [m + '/* the app registration of the orders service */', false, false],
    'a line comment after a URL in a comment': [m + ' /* see */ // https://learn.microsoft.com/entra', false, false],
    'a line comment holding a URL': [m + '\n//https://learn.microsoft.com/entra/identity-platform', false, false],
    'a line comment right after the object': [m + '// see https://learn.microsoft.com/entra', false, false],
    'a few stray characters after the object': [m + '\u0000,\u0000]', false, false],
    'cut 10 characters past a bracket': [m.slice(0, m.indexOf('}', 20_000) + 11), false, false],
    'a string': ['"a string that is long enough to be past sixteen"', false, false],
  };
  const parse = JSON.parse;
  for (const [label, [text, cut, mended]] of Object.entries(cases)) {
    assert.equal(cutShort(text, 0), cut, label);
    const read: string[] = [];
    JSON.parse = (...args: Parameters<typeof JSON.parse>): unknown => (read.push(args[0]), parse(...args));
    let doc;
    try {
      doc = parseDocument(text);
    } finally {
      JSON.parse = parse;
    }
    if (cut) {
      assert.ok(!read.includes(text), `${label}: not read as it is`);
      // At most once, as the text and what closes it (a line break in the string it stops in is
      // still refused then).
      assert.ok(read.length === (mended ? 1 : read.length) && read.length <= 1, `${label}: JSON.parse calls`);
      for (const r of read) assert.ok(r.startsWith(text.slice(0, -1)) && r.length > text.length, label);
    }
    if (cut) assert.equal(doc.root instanceof LazyNode, mended, `${label}: mended`);
    if (cut) assertSameDocument(text, label);
  }
  assert.equal(cutShort(' \uFEFF' + m.slice(0, guid + 12), 1), false, 'a BOM (as a space) then junk: not an object');
  assert.equal(cutShort(' ' + m.slice(0, guid + 12), 1), true, 'after a BOM');
});

test('an object with stray characters after it is given to JSON.parse once, without them', () => {
  const m = manifest();
  const list = access(40);
  // [text, stray tail, the number of times JSON.parse reads a text as long as the object]
  const cases: Record<string, [string, boolean, number]> = {
    'a NUL after the object': [m + '\u0000', true, 1],
    'a comma after the object': [m + ',', true, 1],
    'a comma and a line break after the object': [m + ',\r\n', true, 1],
    'a bracket of the other kind after the object': [m + ']', true, 1],
    'stray characters after a root list': [list + ' ,x\u0000', true, 1],
    // A stray character before the object: JSON.parse stops at it at once, then reads the object.
    'a NUL before and after the object': ['\u0000' + m + '\u0000', false, 2],
    'a stray character and an error in the object': [m.replace('"x",', '"x" @,') + '\u0000', true, 1],
    // JSON.parse tried on the whole text first, as before.
    'strict JSON': [m, false, 1],
    'a second closing brace': [m + '}', false, 2],
    'a line comment after the object': [m + '// c', false, 2],
    'a stray character, then a comment': [m + ', // c', false, 2],
    // Refused where it ends: read again mended (mended.ts).
    'cut in a string just past a bracket': [m.slice(0, m.indexOf('}', 20_000) + 1) + ',{"id":"e1', false, 2],
    // More than 16: taken for a text cut short, not given to JSON.parse at all.
    'more than 16 characters after the object': [m + '\u0000'.repeat(17), false, 0],
  };
  const parse = JSON.parse;
  for (const [label, [text, stray, reads]] of Object.entries(cases)) {
    assert.equal(strayTail(text, 0), stray, label);
    let long = 0;
    JSON.parse = (...args: Parameters<typeof JSON.parse>): unknown => {
      if (args[0].length >= 1000) long++;
      return parse(...args);
    };
    try {
      parseDocument(text);
    } finally {
      JSON.parse = parse;
    }
    assert.equal(long, reads, `${label}: long texts JSON.parse read`);
    assertSameDocument(text, label);
  }
  assert.ok(parseDocument(m + ',').root instanceof LazyNode, 'the object keeps the lazy tree');
  assert.equal(strayTail(' ' + m + ',', 1), true, 'after a BOM (as a space)');
});

test('strict JSON the lazy tree leaves and deep texts get the compact tree, jsonc-parser’s result', () => {
  const m = manifest();
  for (const [label, text] of Object.entries({
    'strict, nested past the lazy tree': m.replace('"x"', '['.repeat(300) + ']'.repeat(300)),
    // Strict and past the nesting limit: pruned before it is read (each bracket style).
    'strict, past the limit': m.replace('"x"', '['.repeat(600) + ']'.repeat(600)),
    'strict, past the limit in objects': m.replace('"x"', '{"a":'.repeat(700) + '1' + '}'.repeat(700)),
    'strict, past the limit in two places': m
      .replace('"x"', '[{"id":'.repeat(400) + '"y"' + '}]'.repeat(400))
      .replace('"y"', '['.repeat(520) + ']'.repeat(520)),
    'deep, with an error': m.replace('"x"', '['.repeat(600) + ']'.repeat(600) + ' x'),
    'deep, never closed': m.replace('"x"', '{"a": '.repeat(700)),
    // The reader nests past the limit where pruneDeep reads a string (to its closing quote): nothing
    // to prune, the whole text is read.
    'brackets past the limit after a line break in a string': m.replace('"x"', '"x\n' + '['.repeat(600) + '"'),
  })) {
    const doc = assertSameDocument(text, label);
    assert.ok(doc.root instanceof CompactNode, `${label}: compact tree`);
  }
  // Escaped keys (one standing for a key the object already has) keep the lazy tree.
  const escaped = m
    .replace('"resourceAppId"', '"resourceApp\\u0049d"')
    .replace('"signInAudience"', '"displayNam\\u0065"');
  assert.ok(assertSameDocument(escaped, 'strict, escaped keys').root instanceof LazyNode, 'escaped keys: lazy tree');
});

test('a text nested past the limit is read only up to there before it is pruned and read again', () => {
  const m = manifest();
  const deep = m.replace('"x"', '['.repeat(600) + ']'.repeat(600) + ' x');
  const stopped = parseCompact(deep, MAX_NESTING_DEPTH);
  assert.equal(stopped.nesting.stopped, true);
  assert.equal(stopped.nesting.deepest, MAX_NESTING_DEPTH + 1, 'stopped at the first bracket past the limit');
  assert.equal(stopped.root, undefined, 'no tree of a part of the text');
  const whole = parseCompact(deep);
  assert.equal(whole.nesting.stopped, undefined);
  assert.equal(whole.nesting.deepest, 601);
  assert.equal(parseCompact(m, MAX_NESTING_DEPTH).nesting.stopped, undefined, 'within the limit: read whole');
});

test('comments, trailing commas and a BOM alone keep their fast paths and jsonc-parser’s result', () => {
  const m = manifest();
  for (const [label, text] of Object.entries({
    BOM: '\uFEFF' + m,
    comments: '// exported\n' + m.replace('"x",', '"x", /* name */'),
    'trailing commas': m.replace(/\]\}\n\}\n$/, ',]}\n}\n').replace('"Scope"', '"Scope",'),
    'BOM, comment and trailing comma': '\uFEFF' + m.replace('"x",', '"x", // name\n').replace(/\}\n$/, ',}\n'),
  })) {
    const doc = assertSameDocument(text, label);
    assert.equal(doc.syntaxErrors.length, 0, label);
    assert.ok(doc.root instanceof LazyNode, `${label}: lazy tree`);
  }
});

test('compact tree: the plain value of a broken text is made only when read, and not for a file that is no manifest', () => {
  const icons = Array.from({ length: 300 }, (_, i) => `{"src": "/icon-${i}.png", "sizes": [${i}], "type": {}}`);
  // (An error other than a stray character, which the JSONC path reads: laxJson.ts.)
  const pwa = `{\n  "name": "Contoso Orders PWA",\n  "icons": [${icons.join(', ')}, :]\n}\n`;
  const broken = manifest().replace('"x",', '"x" :,');
  for (const [label, text, manifestLike] of [
    ['a web app manifest', pwa, false],
    ['an app manifest', broken, true],
  ] as const) {
    const doc = parseDocument(text);
    assert.ok(doc.syntaxErrors.length > 0 && doc.root instanceof CompactNode, `${label}: the compact tree`);
    const made = Object.getOwnPropertyDescriptor(doc, 'value')?.get;
    assert.ok(made, `${label}: the value is made when read`);
    let reads = 0;
    Object.defineProperty(doc, 'value', { get: () => (reads++, made.call(doc)), enumerable: true });
    const result = lintParsed(doc, text, { now });
    assert.equal(result.format === 'not-manifest', !manifestLike, label);
    assert.equal(reads > 0, manifestLike, `${label}: value ${manifestLike ? '' : 'not '}read`);
    // Read, it is getNodeValue's; findings as on jsonc-parser's path.
    assertSameDocument(text, label);
  }
});

test('compact tree: texts of tens of thousands of nodes (values and made nodes kept in chunks) are jsonc-parser’s', () => {
  // Runs of scalars starting at every node number modulo 64, many crossing a multiple of 1,024 and
  // 8,192; lists of objects around them; the text broken near its end or cut.
  const runs = Array.from({ length: 64 }, (_, i) => `[${Array.from({ length: 700 + i }, (_, j) => j % 7).join(',')}]`);
  const text = `{"displayName": "x", "runs": [${runs.join(', ')}], "requiredResourceAccess": ${access(900)},\n "tail": [1, 2 3]}`;
  assert.ok(text.length > 150_000, 'large enough');
  for (const [label, t] of Object.entries({ 'broken near the end': text, cut: text.slice(0, 140_001) })) {
    assertSameParse(t, label);
    // Reading a node twice gives the same node, in any order of reading.
    const root = parseCompact(t).root as CompactNode;
    const runsNode = root.memberValue('runs') as CompactNode;
    const last = runsNode.element(63) as CompactNode;
    assert.equal(last.element(700), (runsNode.children![63] as CompactNode).children![700], `${label}: same node`);
    assert.equal(runsNode.children![5]!.parent, runsNode, `${label}: parent`);
  }
});

test('compact tree: keyed lookups and elements are the nodes the children hold, in any order of reading', () => {
  const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i % 35}`, i]));
  const text = `{"a": 1, "b": {"c": [1, {"d": 2}]}, "a": 3, "e", "f": , "big": ${JSON.stringify(big).replace(
    '}',
    ', "k3": 99, "k40" }',
  )}, "list": [1, "x", null, true, {}, []] !`;
  for (const order of ['children first', 'lookups first']) {
    const root = parseCompact(text).root as CompactNode;
    const ref = parseTree(text, [], OPTIONS)!;
    if (order === 'children first') assertSameNodes(root, ref, order);
    const objects: [CompactNode, JsonNode][] = [
      [root, ref],
      [root.memberValue('b') as CompactNode, child(ref, 'b')!],
      [root.memberValue('big') as CompactNode, child(ref, 'big')!],
    ];
    for (const [node, refNode] of objects) {
      for (const key of [...refNode.children!.map((p) => p.children![0]!.value as string), 'zz', 'toString']) {
        const prop = node.member(key);
        const refProp = propertyNode(refNode, key);
        assert.equal(prop?.offset, refProp?.offset, `${order}: member ${key}`);
        assert.equal(node.memberValue(key)?.offset, child(refNode, key)?.offset, `${order}: memberValue ${key}`);
        assert.equal(node.memberValue(key), prop?.children?.[1], `${order}: the same value node`);
        if (prop) assert.equal(prop.parent, node, `${order}: parent of ${key}`);
      }
    }
    // A member's value read first gets its property node as parent, the one the object's children hold.
    const value = root.memberValue('a')!;
    assert.equal(value.parent, root.children![2], order);
    assert.equal(root.children![2]!.children![1], value, order);
    assert.equal(root.memberValue('e'), undefined, 'a key without value');
    assert.equal(root.member('e'), root.children![3]);
    const list = root.memberValue('list') as CompactNode;
    for (let i = -1; i <= 6; i++) {
      const refItem = child(ref, 'list')!.children![i];
      assert.equal(list.element(i)?.offset, refItem?.offset, `${order}: element ${i}`);
      assert.equal(list.elementOffset(i), refItem?.offset ?? -1, `${order}: elementOffset ${i}`);
    }
    assert.equal(list.element(1.5), undefined);
    assert.equal(list.element(2), list.children![2]);
    assert.deepEqual(list.plainValue(), [1, 'x', null, true, {}, []]);
    assert.equal(root.element(0), undefined, 'not an array');
    assert.equal(list.member('a'), undefined, 'not an object');
  }
});

test('compact tree: objects whose last member of a key has no value are not offered as plain values', () => {
  // getNodeValue keeps {"id": GUID} for the entry, a lookup finds the last "id", which has no value.
  const unknown = 'a0a0a0a0-0000-4000-8000-000000000001';
  const m = manifest()
    .replace('"id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d"', `"id": "${unknown}", "id"`)
    .replace('"x",', '"x", "tags": ["a", "a"],');
  const doc = assertSameDocument(m, 'valueless last member');
  const root = doc.root!;
  assert.ok(!(root instanceof BackedNode), 'the root holds such an object');
  const rra = child(root, 'requiredResourceAccess')!;
  assert.ok(!(rra instanceof BackedNode), 'so does the list');
  assert.ok(!(child(rra.children![0]!, 'resourceAccess')!.children![0] instanceof BackedNode), 'and the entry');
  assert.ok(rra.children![1] instanceof BackedNode, 'the other entries keep the fast path');
  assert.ok(child(root, 'web') instanceof BackedNode);
  assert.ok(child(root, 'tags') instanceof BackedNode);
  // The finding the plain value would give (an unknown permission id) is not there.
  assert.ok(!JSON.stringify(findings(doc, m)).includes(unknown));
});

test('compact tree: a key of a large object without plain value is found without reading every member', () => {
  // An object of 3,000 members (repeated keys, one repeated without a value, so it has no plain
  // value): each lookup finds what jsonc-parser's tree gives, the last member of the key.
  const members = Array.from({ length: 3000 }, (_, i) => `"k${i % 1000}": ${i}`);
  members.splice(1500, 0, '"displayName": "x"');
  members.push('"k7"');
  const text = `{${members.join(', ')}, "tags": [], }`;
  const doc = parseDocument(text);
  const root = doc.root!;
  assert.ok(!(root instanceof BackedNode), 'the object has no plain value');
  const ref = parseTree(text, [], { allowTrailingComma: true, disallowComments: true })!;
  const refMember = (key: string): JsonNode | undefined =>
    ref.children!.filter((p) => p.children![0]!.value === key).pop();
  // Lookups read no member list (as they do on the other trees): counted on the node itself.
  let reads = 0;
  const children = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(root), 'children')!.get!;
  Object.defineProperty(root, 'children', { get: () => (reads++, children.call(root)) });
  for (const key of ['k0', 'k7', 'k999', 'displayName', 'tags', 'k1000', 'missing', '__proto__']) {
    const want = refMember(key);
    const got = propertyNode(root, key);
    assert.equal(got?.offset, want?.offset, key);
    assert.equal(child(root, key)?.offset, want?.children![1]?.offset, `${key}: value`);
    assert.equal(nodeAtPath(root, [key])?.offset, want?.children![1]?.offset, `${key}: by path`);
  }
  assert.equal(reads, 0, 'no lookup read the member list');
  // The nodes found are the tree's own (the ones its member list holds).
  assert.equal(propertyNode(root, 'k5'), children.call(root)![ref.children!.lastIndexOf(refMember('k5')!)]);
});

/** Up to `count` lint inputs of the fuzzer, each with a text mutation that leaves it not strict JSON. */
function brokenInputs(count: number): { label: string; text: string }[] {
  const corpus = loadCorpus();
  const mutators = ['byteFlips', 'truncate', 'bom', 'bidi'] as const;
  const out: { label: string; text: string }[] = [];
  for (let i = 0; out.length < count; i++) {
    const input = generateInput('lint', 11, i, { corpus, maxBytes: 40_000 });
    const rng = new Rng(i + 1);
    const mutated = textMutators[mutators[i % mutators.length]!]!(input.text, { rng, budget: 40_000 });
    let text = mutated?.text ?? input.text;
    // Junk around the value every fifth input.
    if (i % 5 === 0) text = `${rng.pick(['x', ']', '@', '//', '{'])}${text}${rng.pick(['', ' 1', '}', ','])}`;
    try {
      JSON.parse(text.replace(/^\ufeff/, ''));
      continue;
    } catch {}
    out.push({ label: `fuzz ${i} ${input.kinds.join(' ')} ${mutated?.kind ?? ''}`, text });
  }
  return out;
}

test('compact tree: every node equals jsonc-parser’s on 2,000 broken fuzz inputs, findings on every tenth', () => {
  const inputs = brokenInputs(2000);
  inputs.forEach(({ label, text }, i) => {
    assertSameParse(text, label);
    if (i % 10 === 0) assertSameDocument(text, label);
  });
});

test('compact tree: past 10,000 syntax errors, both parses read the text as if it ended there, with the same findings', () => {
  const list = Array.from({ length: 4000 }, (_, i) => `"${String(i).padStart(8, '0')}-0000-0000-c000-000000000000"`);
  const text = manifest(`\n  "tags": [${list.join(',')}],`);
  let stopped = 0;
  // The quote flipped in the list, then in the last tenth of it (where reading ends with fewer errors).
  for (const at of [text.indexOf('"00000000-'), text.indexOf('"00003900-'), text.indexOf('"00003990-')]) {
    const doc = assertSameDocument(flip(text, at, ' '), `quote at ${at}`);
    if (doc.unreadFrom !== undefined) stopped++;
    assertSameParse(flip(text, at, ' '), `quote at ${at}`);
  }
  assert.equal(stopped, 1, 'only the flip early in the list makes more than 10,000 errors');
});

test('compact tree: every node equals jsonc-parser’s on every corpus manifest, whole and cut', (t) => {
  if (!existsSync(manifests)) return t.skip('../shared is absent: corpus manifests not available');
  for (const name of readdirSync(manifests).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(resolve(manifests, name), 'utf8');
    assertSameParse(text, name);
    const cut = text.slice(0, Math.floor(text.length * 0.6));
    assertSameParse(cut, `${name} cut`);
    assertSameDocument(cut, `${name} cut`);
  }
});

test('a strict object with stray characters around it keeps its lazy tree, with jsonc-parser’s errors and findings', (t) => {
  if (!existsSync(manifests)) return t.skip('../shared is absent: corpus manifests not available');
  const around: [string, string][] = [
    ['\uFEFF\uFEFF', ''],
    ['\u0000', '}'],
    ['x ', ''],
    ['', ','],
    ['', '\u0000'],
    ['\n@', ' ]'],
    ['', '} // c'],
    // A brace after the object is the text's last one (the object ends before it).
    ['', '}'],
    ['\n  ', '}}\n'],
    ['', ']'],
  ];
  let edged = 0;
  let all = 0;
  for (const name of readdirSync(manifests).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(resolve(manifests, name), 'utf8').replace(/^\uFEFF/, '');
    if (!/^\s*[{[]/.test(text)) continue;
    for (const [before, after] of around) {
      const doc = assertSameDocument(before + text + after, `${name} ${JSON.stringify([before, after])}`);
      all++;
      if (doc.root instanceof LazyNode && doc.syntaxErrors.length > 0) edged++;
      if (before === '' && (after === '}' || after === ']') && isStrict(text))
        assert.ok(doc.root instanceof LazyNode, `${name}: a stray closing bracket ${after}`);
      if (before === '\u0000' && isStrict(text))
        assert.ok(doc.root instanceof LazyNode, `${name}: a NUL before the root ${text.trimStart()[0]}`);
    }
    // Not for an error inside the object, nor for more than a few stray characters.
    const inside = colonBroken(text);
    assert.ok(!(assertSameDocument('\u0000' + inside, `${name} inside`).root instanceof LazyNode), `${name} inside`);
    const long = '1 '.repeat(9) + text;
    assert.ok(!(assertSameDocument(long, `${name} long`).root instanceof LazyNode), `${name} long`);
  }
  assert.ok(all > 0 && edged >= all * 0.8, `${edged} of ${all} took the lazy tree`);
});

/** The text with its first colon replaced by a semicolon (an error inside the object). */
function isStrict(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function colonBroken(text: string): string {
  const at = text.indexOf(':');
  return text.slice(0, at) + ';' + text.slice(at + 1);
}
