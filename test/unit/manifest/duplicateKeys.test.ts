// Repeated, integer-like and `__proto__` keys on the fast path (fastScan.ts, fastTree.ts) against
// jsonc-parser's path: the same findings, offsets and messages, and nothing polluted. The reference
// is the same text linted through jsonc-parser's own tree (`parse: { fastPaths: false }`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { CompactNode } from '../../../src/core/manifest/compactTree';
import type { BackedNode } from '../../../src/core/manifest/backedNode';
import { parseDocument, type ParsedDocument } from '../../../src/core/manifest/json';
import { structureProblems } from '../../../src/core/manifest/jsonProblems';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { MAX_FINDINGS_PER_RULE } from '../../../src/core/manifest/findings';
import { lintManifest } from '../../../src/core/manifest/lint';
import { english } from '../../../src/core/text/localizer';
import { findingsOn } from './pathFindings';

const fixtures = resolve(__dirname, '../../fixtures/workspace/manifests');
const corpus = resolve(__dirname, '../../../../shared/corpus/manifests');
const now = new Date('2026-01-01T00:00:00Z');

/** Variants of a manifest with repeated and `__proto__` keys at the root and in nested objects. */
function variants(text: string): string[] {
  const out: string[] = [];
  const open = text.indexOf('{');
  if (open < 0) return out;
  const atRoot = (member: string): string => text.slice(0, open + 1) + member + text.slice(open + 1);
  const first = /"([A-Za-z]+)"\s*:/.exec(text.slice(open));
  if (first) out.push(atRoot(`"${first[1]}": 5, `));
  out.push(atRoot('"__proto__": {"polluted": "yes", "toString": 1}, '));
  out.push(atRoot('"__proto__": [1], "__proto__": null, "2": "x", "1": {"a": 1, "a": [2]}, '));
  // Every nested object gets a repeat of its own first key (a value of another type).
  out.push(
    text.slice(0, open + 1) +
      text.slice(open + 1).replace(/\{(\s*)"([A-Za-z]+)"\s*:/g, '{$1"$2": {"x": [true]}, "$2":'),
  );
  return out;
}

function check(label: string, base: string): number {
  let checked = 0;
  for (const variant of variants(base)) {
    for (const jsonc of [false, true]) {
      // As JSONC: a comment and a trailing comma after the last member.
      const text = jsonc ? variant.replace(/(\S)(\s*)\}\s*$/, '$1, // c$2}') : variant;
      const doc = parseDocument(text);
      if (!(doc.root instanceof LazyNode)) continue;
      assert.ok(
        !(parseDocument(text, { fastPaths: false }).root instanceof LazyNode),
        `${label}: reference on jsonc-parser`,
      );
      assert.deepEqual(
        findingsOn(text, { now, parse: { fastPaths: true } }),
        findingsOn(text, { now, parse: { fastPaths: false } }),
        label,
      );
      checked++;
    }
  }
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'no prototype touched');
  return checked;
}

test('repeated and __proto__ keys: the fast path gives the findings of the jsonc-parser path', (t) => {
  let checked = 0;
  for (const f of readdirSync(fixtures)) checked += check(f, readFileSync(resolve(fixtures, f), 'utf8'));
  assert.ok(checked >= 20, `${checked} variants took the fast path`);
  if (!existsSync(corpus)) return t.skip('../shared is absent: corpus manifests not checked');
  for (const f of readdirSync(corpus).filter((n) => n.endsWith('.json')))
    checked += check(f, readFileSync(resolve(corpus, f), 'utf8'));
});

/**
 * Asserts that the structure problems (duplicate keys, trailing commas) of `doc` are those of the
 * same text on jsonc-parser's tree: rule, place, path, message and fixes. Returns how many there are.
 */
function sameStructureProblems(doc: ParsedDocument, label: string): number {
  const reference = {
    text: doc.text,
    root: parseTree(doc.text, [], { allowTrailingComma: true }),
    bom: false,
    syntaxErrors: [],
    comments: [],
  };
  const strip = (ps: ReturnType<typeof structureProblems>): unknown[] =>
    ps.map((p) => [p.ruleId, p.offset, p.length, p.path, p.message, (p.fixes ?? []).map((f) => [f.title, f.edits])]);
  const fast = strip(structureProblems(doc, english));
  assert.deepEqual(fast, strip(structureProblems(reference, english)), label);
  return fast.length;
}

test('duplicate keys on the lazy tree: the same problems, in the same order and under the same cap, as on jsonc-parser', () => {
  const item = (i: number): string =>
    i % 7 === 0 ? `{"id": ${i}, "x": {"k": 1, "k": 2}, "id": ${i}}` : `{"id": ${i}, "v": [1, {"a": 1}]}`;
  const many = Array.from({ length: 1200 }, (_, i) => item(i)).join(',\n');
  for (const text of [
    '{"a": 1, "b": [{"c": 1, "c": 2}], "a": 3}',
    `{"list": [${many}], "deep": {"x": [[{"d": 1, "d": 1, "d": 1}]]}, "list": []}`,
    '{"__proto__": 1, "__proto__": 2, "1": {"ab": 1, "ab": 2}}',
    // Small objects with escaped keys, repeated (a key and its escaped spelling are the same key).
    `{"list": [${Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0
        ? '{"a": 1, "\\u0061": 2, "\\u0001x": 3}'
        : i % 3 === 1
          ? '{"\\u0001x": 1, "b": 2}'
          : '{"\\u0062": 1, "b": 2, "\\u0062": 3}',
    ).join(', ')}]}`,
    '{"a": [1, 2,], "b": {"c": {"d": 1, "d": 2}}, "e": {"f": 1,}, // c\n}',
  ]) {
    const doc = parseDocument(text);
    assert.ok(doc.root instanceof LazyNode && doc.mayHaveDuplicates === true, text.slice(0, 40));
    assert.ok(sameStructureProblems(doc, text.slice(0, 40)) > 0);
  }
});

test('an object of thousands of repeated keys: the listed findings and the count of the rest are every repeat’s', () => {
  const repeats = (key: string, n: number): string => Array.from({ length: n }, (_, i) => `"${key}": ${i}`).join(', ');
  const app = '"displayName": "x", "signInAudience": "AzureADMyOrg", "requiredResourceAccess": []';
  const cases: Record<string, string> = {
    // One object: past the listed ones, the repeats are only counted.
    root: `{${app}, ${repeats('k', 1500)}}`,
    // The walk reaches "b" first: its findings sort after those of "a", which are made up to the
    // cap and then counted.
    'later object first': `{${app}, "a": {${repeats('x', 900)}}, "b": {${repeats('y', 150)}}}`,
    'later object first, thousands of repeats': `{${app}, "a": {${repeats('x', 5000)}}, "b": {${repeats('y', 3)}}}`,
    // Strict, and broken (the tree of texts with syntax errors).
    'broken text': `{${app}, "a": {${repeats('x', 700)}}, "b": {${repeats('y', 50)}}} !`,
    'lax text': `{${app}, "a": {${repeats('x', 700)}, }, // c\n "b": {${repeats('y', 50)}}}`,
  };
  for (const [label, text] of Object.entries(cases)) {
    // Every repeated key, from jsonc-parser's tree: the engine lists the first of them in text order.
    const offsets: number[] = [];
    const walk = (n: JsonNode): void => {
      if (n.type === 'object') {
        const seen = new Set<unknown>();
        for (const p of n.children ?? []) {
          const k = p.children![0]!;
          if (seen.has(k.value)) offsets.push(k.offset);
          seen.add(k.value);
        }
      }
      for (const c of n.children ?? []) walk(c);
    };
    walk(parseTree(text, [], { allowTrailingComma: true })!);
    offsets.sort((a, b) => a - b);
    const found = lintManifest(text, { now }).problems.filter((p) => p.ruleId === 'json-duplicate-key');
    const listed = found.filter((p) => p.severity === 'error');
    assert.deepEqual(
      listed.map((p) => p.offset),
      offsets.slice(0, MAX_FINDINGS_PER_RULE),
      `${label}: the first repeats listed`,
    );
    const more = found.filter((p) => p.severity === 'info');
    assert.equal(more.length, 1, label);
    assert.equal(more[0]!.offset, offsets[MAX_FINDINGS_PER_RULE], `${label}: where the rest start`);
    const rest = (offsets.length - MAX_FINDINGS_PER_RULE).toLocaleString('en-US');
    assert.ok(more[0]!.message.startsWith(`${rest} more`), `${label}: ${more[0]!.message} (${rest})`);
    // Past the cap the repeats of one object are counted, not made, whichever object the walk
    // reached first.
    const made = structureProblems(parseDocument(text), english).filter((p) => p.ruleId === 'json-duplicate-key');
    assert.ok(made.length <= 2 * MAX_FINDINGS_PER_RULE + 2, `${label}: ${made.length} findings made`);
  }
  // A list closed early by a flipped comma: the strings after it are keys without values, each a
  // repeat (a broken text: the engine shows no finding after the first syntax error, but the walk
  // still reads them).
  const early = `{${app}, "a": {"ids": ["g", "g"]${', "g"'.repeat(5000)}}, "b": {${repeats('y', 3)}}}`;
  const made = structureProblems(parseDocument(early), english).filter((p) => p.ruleId === 'json-duplicate-key');
  assert.ok(made.length <= 2 * MAX_FINDINGS_PER_RULE + 2, `keys without values: ${made.length} findings made`);
  assert.equal(
    made.reduce((n, p) => n + 1 + ((p as { counted?: number }).counted ?? 0), 0),
    4_999 + 2,
    'keys without values: every repeat made or counted',
  );
});

test('marks in long lists: the findings of jsonc-parser, and only the items that hold a mark (and the last) are made', () => {
  // Items with a repeated key or a trailing comma: the first ones, a run, scattered, the last ones;
  // a nested list with its own marks; scalars between them.
  const marked = new Set([0, 1, 2, 3, 700, 701, 1500, 2222, 2997, 2998, 2999]);
  const item = (i: number): string =>
    i === 1500
      ? `[1, {"n": 1, "n": 2}, [3, 4,], {"deep": [{"d": 1, "d": 2}]}]`
      : marked.has(i)
        ? i % 2 === 0
          ? `{"id": ${i}, "x": {"k": 1, "k": 2}, "id": ${i}}`
          : `{"id": ${i}, "v": [1, 2,],}`
        : i % 5 === 0
          ? `${i}`
          : `{"id": ${i}, "v": [1, {"a": 1}]}`;
  const list = Array.from({ length: 3000 }, (_, i) => item(i)).join(',\n');
  const texts = {
    'repeated keys and trailing commas (JSONC)': `{"list": [${list}], "tail": {"t": 1, "t": 2}}`,
    'strict, repeated keys only': `{"list": [${list.replace(/,\]/g, ']').replace(/,\}/g, '}')}], "tail": {}}`,
    broken: `{"list": [${list}], "tail": {"t": 1, "t": 2} !`,
  };
  for (const [label, text] of Object.entries(texts)) {
    const doc = parseDocument(text);
    const found = sameStructureProblems(doc, label);
    assert.ok(found >= marked.size, `${label}: ${found} findings`);
    // The list node the walk read: its items made only where a mark is (and the last, for its comma).
    const node = (doc.root as BackedNode).memberValue('list') as unknown as { kids?: (JsonNode | undefined)[] };
    const made = (node.kids ?? []).flatMap((k, i) => (k === undefined ? [] : [i]));
    assert.ok(doc.root instanceof (label === 'broken' ? CompactNode : LazyNode), `${label}: tree made on demand`);
    assert.ok(made.length <= marked.size + 1, `${label}: ${made.length} items made`);
  }
});
