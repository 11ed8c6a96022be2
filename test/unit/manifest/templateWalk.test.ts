// template-placeholder-styles reads the entries of long lists from their plain values (nodes only
// for the first string of each style and for entries holding an object that repeats a key). Its
// finding must be the one it makes walking jsonc-parser's tree (parseDocument with fastPaths: false):
// the counts, and the first string of the style used less, also where a repeated key hides a value
// from the plain value or integer-like keys come first in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackedNode } from '../../../src/core/manifest/backedNode';
import { parseDocument } from '../../../src/core/manifest/json';
import { lintManifest, lintParsed } from '../../../src/core/manifest/lint';
import type { Problem } from '../../../src/core/manifest/types';
import { PLACEHOLDER_PATTERN } from '../../../src/core/entra/placeholders';
import { visit } from 'jsonc-parser';

const now = new Date('2026-01-01T00:00:00Z');
const RULE = 'template-placeholder-styles';

/** Entries as JSON texts holding placeholders of both styles in every way the walk tells apart. */
const ENTRIES: readonly string[] = [
  `{"url":"\${{TAB_ENDPOINT}}/auth-end.html","type":"Web"}`,
  `{"url":"{{state.endpoint}}/auth","type":"Web"}`,
  `{"url":"https://contoso.com/{{config.x}}/\${{A}}/{{state.y}}","type":"Spa"}`,
  `{"url":"https://contoso.com/auth","type":"Web"}`,
  // A repeated key: the first value is a string of the tree that the plain value does not keep.
  `{"url":"{{state.hidden}}","url":"https://contoso.com/","type":"Web"}`,
  `{"url":"\${{HIDDEN}}","type":"Web","url":"{{state.kept}}"}`,
  // Integer-like keys come first in the plain value.
  `{"b":"\${{SECOND}}","1":"{{state.first}}","a":["{{config.list}}",{"2":"\${{DEEP}}"}]}`,
  // Escaped braces spell a placeholder; a key with braces is not a value.
  `{"url":"\\u007b\\u007bstate.escaped}}","{{state.key}}":"plain"}`,
  `{"url":"{\\u007B\${{ESCAPED}}","type":"Web"}`,
  `"{{state.string}}"`,
  `"\${{STRING}}"`,
  `"\\u007B{config.escapedString}}"`,
  `["{{config.nested}}", ["\${{NESTED}}"], 7, null]`,
  `{"appName":"{{appName}}"}`,
  `12`,
];

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function list(count: number, seed: number, pool: readonly string[]): string {
  const next = random(seed);
  const out: string[] = [];
  while (out.length < count) {
    const entry = pool[Math.floor(next() * pool.length)]!;
    const run = next() < 0.5 ? 1 : 1 + Math.floor(next() * 40);
    for (let i = 0; i < run && out.length < count; i++) out.push(entry);
  }
  return `[${out.join(',')}]`;
}

function template(lists: readonly string[]): string {
  return `{"id":"\${{AAD_APP_OBJECT_ID}}","appId":"\${{AAD_APP_CLIENT_ID}}","name":"kinds",${lists
    .map((l, i) => `"list${i}":${l}`)
    .join(',')},"signInAudience":"AzureADMyOrg"}`;
}

function finding(problems: readonly Problem[]): unknown {
  return problems.filter((p) => p.ruleId === RULE).map((p) => [p.offset, p.length, p.path, p.message]);
}

/** The placeholders of each style in every string value (keys aside), counted by jsonc-parser's visitor. */
function counted(text: string): { modern: number; older: number } {
  const out = { modern: 0, older: 0 };
  const all = new RegExp(PLACEHOLDER_PATTERN.source, 'g');
  visit(text, {
    onLiteralValue(value) {
      if (typeof value !== 'string') return;
      for (const m of value.matchAll(all)) {
        if (m[0].startsWith('$')) out.modern++;
        else if (m[0].includes('.')) out.older++;
      }
    },
  });
  return out;
}

function assertSameAsJsonc(text: string, label: string): unknown {
  assert.ok(parseDocument(text).root instanceof BackedNode, `${label}: the fast path reads it`);
  const fast = lintManifest(text, { now });
  const reference = lintParsed(parseDocument(text, { fastPaths: false }), text, { now });
  assert.equal(fast.format, 'teams-template', label);
  const found = finding(fast.problems) as [number, number, string, string][];
  assert.deepEqual(found, finding(reference.problems), label);
  const { modern, older } = counted(text);
  if (modern > 0 && older > 0) {
    assert.equal(found.length, 1, label);
    assert.ok(found[0]![3].startsWith(`This template mixes placeholder styles: ${modern} $`), label);
    assert.ok(found[0]![3].includes(` and ${older} {{name}}`), label);
  } else assert.equal(found.length, 0, label);
  return found;
}

test('placeholder styles of long lists: the finding of the jsonc-parser tree', () => {
  let found = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const count = seed % 4 === 0 ? 3000 : 20 + seed * 7;
    const result = assertSameAsJsonc(
      template([list(count, seed, ENTRIES), list(count >> 2, seed + 100, ENTRIES)]),
      `seed ${seed}`,
    );
    if ((result as unknown[]).length > 0) found++;
  }
  assert.ok(found > 30, 'most of them mix styles');
});

test('placeholder styles: one kind of entry, and an entry that decides which string comes first', () => {
  for (const entry of ENTRIES) {
    for (const other of ENTRIES) {
      const text = template([list(300, 1, [entry]), `[${other},${entry}]`, list(50, 2, [other, entry])]);
      assertSameAsJsonc(text, `${entry} / ${other}`);
    }
  }
});

test('placeholder styles in a text with a syntax error: the same findings as on the jsonc-parser tree', () => {
  let compared = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const text = template([list(400 + seed * 50, seed, ENTRIES), list(60, seed + 7, ENTRIES)]);
    // A missing comma between two entries of the first list, past its first entries.
    const at = text.indexOf('},{', Math.floor(text.length / 4));
    if (at < 0) continue;
    const broken = `${text.slice(0, at + 1)} ${text.slice(at + 2)}`;
    const parsed = parseDocument(broken);
    assert.ok(parsed.syntaxErrors.length > 0, `seed ${seed}: a syntax error`);
    const fast = lintManifest(broken, { now });
    const reference = lintParsed(parseDocument(broken, { fastPaths: false }), broken, { now });
    assert.deepEqual(finding(fast.problems), finding(reference.problems), `seed ${seed}`);
    compared++;
  }
  assert.ok(compared >= 10);
});
