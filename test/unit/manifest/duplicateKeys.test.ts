// Repeated, integer-like and `__proto__` keys on the fast path (fastScan.ts, fastTree.ts) against
// jsonc-parser's path: the same findings, offsets and messages, and nothing polluted. The reference
// is the same text linted through jsonc-parser's own tree (`parse: { fastPaths: false }`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { parseDocument } from '../../../src/core/manifest/json';
import { structureProblems } from '../../../src/core/manifest/jsonProblems';
import { parseTree } from 'jsonc-parser';
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

test('duplicate keys on the lazy tree: the same problems, in the same order and under the same cap, as on jsonc-parser', () => {
  const item = (i: number): string =>
    i % 7 === 0 ? `{"id": ${i}, "x": {"k": 1, "k": 2}, "id": ${i}}` : `{"id": ${i}, "v": [1, {"a": 1}]}`;
  const many = Array.from({ length: 1200 }, (_, i) => item(i)).join(',\n');
  for (const text of [
    '{"a": 1, "b": [{"c": 1, "c": 2}], "a": 3}',
    `{"list": [${many}], "deep": {"x": [[{"d": 1, "d": 1, "d": 1}]]}, "list": []}`,
    '{"__proto__": 1, "__proto__": 2, "1": {"ab": 1, "ab": 2}}',
    '{"a": [1, 2,], "b": {"c": {"d": 1, "d": 2}}, "e": {"f": 1,}, // c\n}',
  ]) {
    const doc = parseDocument(text);
    assert.ok(doc.root instanceof LazyNode && doc.mayHaveDuplicates === true, text.slice(0, 40));
    const reference = {
      text,
      root: parseTree(text, [], { allowTrailingComma: true }),
      bom: false,
      syntaxErrors: [],
      comments: [],
    };
    const strip = (ps: ReturnType<typeof structureProblems>): unknown[] =>
      ps.map((p) => [p.ruleId, p.offset, p.length, p.path, p.message, (p.fixes ?? []).map((f) => [f.title, f.edits])]);
    const fast = strip(structureProblems(doc, english));
    assert.ok(fast.length > 0);
    assert.deepEqual(fast, strip(structureProblems(reference, english)), text.slice(0, 40));
  }
});
