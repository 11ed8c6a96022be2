// The JSONC fast path (laxJson.ts) against jsonc-parser: the same tree, the same comments, and the
// same lint findings as the jsonc-parser path; anything else amiss is left to jsonc-parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { generateInput, loadCorpus } from '../../../bench/fuzzLib';
import { laxMayHelp, parseLaxTree } from '../../../src/core/manifest/laxJson';
import { lintManifest } from '../../../src/core/manifest/lint';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { MAX_READ_ERRORS } from '../../../src/core/manifest/tolerantReader';
import { assertSameDocument } from './sameDocument';

const dir = resolve(__dirname, '../../fixtures/workspace/manifests');
const fixtures = readdirSync(dir).map((f) => readFileSync(resolve(dir, f), 'utf8'));

function shape(n: JsonNode | undefined): unknown {
  if (!n) return null;
  const container = n.type === 'object' || n.type === 'array' || n.type === 'property';
  return [n.type, n.offset, n.length, container ? null : n.value, n.colonOffset ?? null, (n.children ?? []).map(shape)];
}

/** JSONC variants of a strict text: comments of both kinds, trailing commas, CRLF, a BOM. */
const variants = (t: string): string[] => [
  '// exported\n' + t.replace(/\}\s*$/, ',}'),
  t.replace(/\[\s*"/, '[ /* c */ "').replace(/"\s*\]/, '", ]'),
  t.replace(/,\n/g, ', // x\n'),
  t.replace(/\}\n/, '}, /* a\nb */\n'),
  '\uFEFF' + t.replace(/([^[\s])(\s*)\]/g, '$1,$2]'),
  t + '\n// end',
  t.replace(/"\s*\}/, '"\r\n,\r\n}'),
];

test('JSONC takes the fast path with the tree and comments jsonc-parser gives', () => {
  let taken = 0;
  for (const t0 of fixtures) {
    for (const t of variants(t0)) {
      const bom = t.charCodeAt(0) === 0xfeff;
      const lax = parseLaxTree(t, bom ? 1 : 0);
      if (!lax) continue;
      taken++;
      const errors: ParseError[] = [];
      const ref = parseTree(bom ? ' ' + t.slice(1) : t, errors, {
        allowTrailingComma: true,
        disallowComments: true,
        allowEmptyContent: false,
      });
      assert.deepEqual(
        errors.filter((e) => e.error !== 10),
        [],
      );
      assert.deepEqual(
        lax.comments,
        errors.filter((e) => e.error === 10).map((e) => ({ offset: e.offset, length: e.length })),
      );
      assert.deepEqual(shape(lax.root), shape(ref));
    }
  }
  assert.ok(taken >= fixtures.length * 4, `${taken} variants took the fast path`);
});

test('syntax errors and unterminated comments are left to jsonc-parser', () => {
  for (const t of ['{"a": [,]}', '{"a": [1,,]}', '{"a": 1 /* open', '{"a": 1} ,', '{"a": "x" / 2}', '{"a": 1}'])
    assert.equal(parseLaxTree(t, 0), undefined, t);
});

test('duplicate keys stay on the JSONC fast path, which reports them', () => {
  const lax = parseLaxTree('{"a": 1, "b": {"c": 1, "c": 2}, // dup\n}', 0);
  assert.deepEqual(lax?.duplicateObjects, [14]);
  // A key written with an escape is the key it stands for.
  assert.deepEqual(parseLaxTree('{"a": 1, "\\u0061": 2, // escaped\n}', 0)?.duplicateObjects, [0]);
  assert.deepEqual(parseLaxTree('{"a": 1, "b": 2, // no dup\n}', 0)?.duplicateObjects, []);
});

test('trailing commas and comments get the same findings as on the jsonc-parser path', () => {
  // The same text linted through jsonc-parser's own tree: the same comment and commas, both paths.
  const body = '{\n  "displayName": "x", // name\n  "tags": ["a", "b",],\n  "web": {"redirectUris": [],},\n}';
  const fast = lintManifest(body).problems.filter((p) => p.ruleId.startsWith('json-'));
  const slow = lintManifest(body, { parse: { fastPaths: false } }).problems.filter((p) => p.ruleId.startsWith('json-'));
  const strip = (ps: typeof fast): unknown[] => ps.map((p) => [p.ruleId, p.severity, p.path, p.offset, p.message]);
  assert.deepEqual(
    strip(fast).map((x) => (x as unknown[])[0]),
    ['json-comment', 'json-trailing-comma', 'json-trailing-comma', 'json-trailing-comma'],
  );
  assert.deepEqual(strip(fast), strip(slow));
});

test('every character of JSON literals keeps the JSONC path; a character no JSON token has is a stray run where a token may start, else leaves it', () => {
  const text = '// c\n{"a": [true, false, null, -1.5e+3, 2E-2, 0], "b": {"c": "x"},}';
  const lax = parseLaxTree(text, 0);
  assert.ok(lax, 'JSONC fast path');
  const value = '{"a":[true,false,null,-1500,0.02,0],"b":{"c":"x"}}';
  assert.equal(JSON.stringify(lax.value), value);
  for (const junk of ['x', '#', '\u00a0', '\u202e', '\ufeff', '\u0000', '\u2069\u2069', 'x1-', '#tru']) {
    const label = JSON.stringify(junk);
    // Where a token starts (after a space, a bracket, a quote, a digit): jsonc-parser's unknown
    // token, reported, then read past as whitespace.
    for (const [where, at] of [
      ['"b"', text.indexOf('"b"')],
      ['after a quote', text.indexOf(', "b"')],
      ['after a number', text.indexOf(']')],
      ['after a bracket', text.indexOf('"c"')],
    ] as const) {
      const broken = text.slice(0, at) + junk + text.slice(at);
      const read = parseLaxTree(broken, 0);
      assert.ok(read, `${label} ${where}`);
      assert.equal(JSON.stringify(read.value), value, `${label} ${where}`);
      assert.deepEqual(read.strays, [{ error: 1, offset: at, length: junk.length }], `${label} ${where}`);
    }
    // Inside a word, or right after one: jsonc-parser reads one unknown word there.
    for (const word of ['tr', 'true', 'null']) {
      const at = text.indexOf(word) + word.length;
      assert.equal(parseLaxTree(text.slice(0, at) + junk + text.slice(at), 0), undefined, `${label} after ${word}`);
    }
  }
  // One stray run swallows the word after it: no value is left there.
  assert.equal(parseLaxTree(text.replace('true', '\u2069true'), 0), undefined, 'a stray run and a word');
});

/** JSON.parse's error for a text it refuses (undefined when it accepts it). */
function refusal(text: string, start: number): unknown {
  try {
    JSON.parse(text.slice(start));
    return undefined;
  } catch (err) {
    return err;
  }
}

test('a text JSON.parse refused skips the JSONC scan only when the scan could not have read it', () => {
  // Every JSONC variant the fast path reads is let through.
  let through = 0;
  for (const t0 of fixtures) {
    for (const t of variants(t0)) {
      const start = t.charCodeAt(0) === 0xfeff ? 1 : 0;
      const err = refusal(t, start);
      if (err === undefined || !parseLaxTree(t, start)) continue;
      assert.ok(laxMayHelp(t, start, err), `JSONC let through: ${t.slice(0, 60)}`);
      through++;
    }
  }
  assert.ok(through >= fixtures.length * 4, `${through} JSONC variants`);
  // Generated broken texts: whenever the scan reads one, it was let through; most others are skipped.
  const corpus = loadCorpus();
  let skipped = 0;
  let refused = 0;
  for (let i = 0; i < 1500; i++) {
    const { text } = generateInput('lint', 5, i, { corpus, maxBytes: 60_000 });
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const err = refusal(text, start);
    if (err === undefined) continue;
    refused++;
    const may = laxMayHelp(text, start, err);
    if (parseLaxTree(text, start)) assert.ok(may, `input ${i}: read by the scan, so let through`);
    else if (!may) skipped++;
  }
  assert.ok(skipped > refused / 2, `${skipped} of ${refused} refused texts skip the scan`);
  // What the messages say: where JSON.parse stopped, or that the text ended.
  assert.equal(laxMayHelp('{"a": 1 /* c */}', 0, refusal('{"a": 1 /* c */}', 0)), true);
  assert.equal(laxMayHelp('{"a": [1,] }', 0, refusal('{"a": [1,] }', 0)), true);
  assert.equal(laxMayHelp('{"a": 1', 0, refusal('{"a": 1', 0)), false);
  // After a whole value only a comment can be read: a stray bracket there is no trailing comma's.
  assert.equal(laxMayHelp('{"a": 1}}', 0, refusal('{"a": 1}}', 0)), false);
  assert.equal(laxMayHelp('{"a": 1}]', 0, refusal('{"a": 1}]', 0)), false);
  assert.equal(laxMayHelp('{"a": 1} // c', 0, refusal('{"a": 1} // c', 0)), true);
  // An unexpected token, named without its position: only `/`, `]`, `}` or a stray character can be the scan's.
  assert.equal(laxMayHelp('[1,]', 0, refusal('[1,]', 0)), true);
  assert.equal(laxMayHelp('{"a": [1,]}', 0, refusal('{"a": [1,]}', 0)), true);
  assert.equal(laxMayHelp('[1,\u20682]', 0, refusal('[1,\u20682]', 0)), true);
  assert.equal(laxMayHelp('[1,;2]', 0, refusal('[1,;2]', 0)), true);
  assert.equal(laxMayHelp('[1,:2]', 0, refusal('[1,:2]', 0)), false);
  // (A stray run, which the scan reads: it then finds no value after the colon.)
  assert.equal(laxMayHelp('{"a": \'x\'}', 0, refusal('{"a": \'x\'}', 0)), true);
  assert.equal(parseLaxTree('{"a": \'x\'}', 0), undefined);
  assert.equal(laxMayHelp('{"a": 1}', 0, new SyntaxError("Unexpected token 'x' somewhere")), true);
  assert.equal(laxMayHelp('{"a" 1}', 0, refusal('{"a" 1}', 0)), false);
  assert.equal(laxMayHelp('{"a": 1}', 0, new SyntaxError('some other wording')), true);
  assert.equal(laxMayHelp('{"a": 1}', 0, new Error('not a syntax error')), true);
});

test('a stray character at every place of a manifest: jsonc-parser’s result, the JSONC path where a token may start', () => {
  let lax = 0;
  let all = 0;
  for (const [t, junk] of fixtures.flatMap((f) => ['\u2069', '\u0000 x'].map((j) => [f, j] as const))) {
    for (let at = 0; at <= t.length; at++) {
      const text = t.slice(0, at) + junk + t.slice(at);
      const doc = assertSameDocument(text, `${JSON.stringify(junk)} at ${at}`);
      all++;
      if (doc.root instanceof LazyNode && doc.syntaxErrors.length > 0) lax++;
    }
  }
  // Inside strings a stray character is no error; between tokens it is read by the JSONC path.
  assert.ok(lax > all * 0.1, `${lax} of ${all} read by the JSONC path`);
});

test('stray runs and comments: at the tolerant reader’s limit of errors the JSONC path gives way, with jsonc-parser’s result', () => {
  const list = (n: number, sep: string): string =>
    `{"identifierUris": [${Array.from({ length: n }, () => '"api://x"').join(sep)}]}`;
  const cases: [string, string, boolean][] = [
    ['stray runs below the limit', list(MAX_READ_ERRORS - 1, ',\u2069'), true],
    ['stray runs at the limit', list(MAX_READ_ERRORS + 1, ',\u2069'), false],
    ['comments below the limit', list(MAX_READ_ERRORS - 1, ',/**/'), true],
    ['comments at the limit', list(MAX_READ_ERRORS + 1, ',/**/'), false],
    ['comments and stray runs at the limit', list(MAX_READ_ERRORS / 2 + 1, ',/**/\u2069'), false],
  ];
  for (const [label, text, lax] of cases) {
    const doc = assertSameDocument(text, label);
    assert.equal(doc.root instanceof LazyNode, lax, `${label}: the JSONC path`);
  }
});
