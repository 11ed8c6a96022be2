// The requested-permission rules read a long `resourceAccess` list by kind of entry (same id and
// type as written) and count the findings past the listing limit at once. Their findings on the
// tree made from JSON.parse's value must be those of the jsonc-parser tree (parseDocument with
// fastPaths: false): messages, ranges, paths, the count in the "more findings" summaries and fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackedNode } from '../../../src/core/manifest/backedNode';
import { parseDocument } from '../../../src/core/manifest/json';
import { lintManifest, lintParsed } from '../../../src/core/manifest/lint';
import type { LintOptions, LintResult } from '../../../src/core/manifest/lint';
import { run, testCatalog } from './rules/helper';

const now = new Date('2026-01-01T00:00:00Z');
const GRAPH = '00000003-0000-0000-c000-000000000000';
const USER_READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const DIR_RW_ALL = '19dbc75e-c2e2-444c-a770-ec69d8559fc7';

/** Entries as JSON texts: every kind the rules tell apart, a repeated key, and entries that are no object. */
const ENTRIES: readonly string[] = [
  `{"id":"${USER_READ}","type":"Scope"}`,
  // The same permission in upper case: a repeat once lower-cased (another kind as written).
  `{"id":"${USER_READ.toUpperCase()}","type":"Scope"}`,
  // The same id with other types: one id, several kinds.
  `{"id":"${USER_READ}","type":"Role"}`,
  `{"id":"${USER_READ}"}`,
  `{"id":"${USER_READ}","type":"Delegated"}`,
  `{"id":"User.Read","type":"Scope"}`,
  `{"id":"${DIR_RW_ALL}","type":"Role"}`,
  `{"id":"Directory.ReadWrite.All","type":"Role"}`,
  `{"id":"not-a-guid","type":"Delegated"}`,
  `{"id":"00000000-0000-0000-0000-0000000000aa","type":"Scope"}`,
  `{"id":"","type":"Scope"}`,
  // Types with a ':' join keys: "x:y" + "z" and "x" + "y:z" are then the same key.
  `{"id":"z","type":"x:y"}`,
  `{"id":"y:z","type":"x"}`,
  `{"id":7,"type":"Scope"}`,
  `{"type":"Role"}`,
  `{"id":"${USER_READ}","id":"also-not-a-guid","type":"Scope"}`,
  `"User.Read"`,
  `null`,
  `[{"id":"${USER_READ}"}]`,
];

/** A template's entries also name permissions by placeholders (which makes the file a Teams Toolkit template). */
const TEMPLATE_ENTRIES: readonly string[] = [...ENTRIES, `{"id":"{{PERMISSION_ID}}","type":"Scope"}`];

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A list of `count` entries: runs of one entry (as fuzzed lists repeat one) and single ones. */
function list(count: number, seed: number, pool: readonly string[] = ENTRIES): string {
  const next = random(seed);
  const out: string[] = [];
  while (out.length < count) {
    const entry = pool[Math.floor(next() * pool.length)]!;
    const run = next() < 0.5 ? 1 : 1 + Math.floor(next() * 60);
    for (let i = 0; i < run && out.length < count; i++) out.push(entry);
  }
  return `[\n      ${out.join(',\n      ')}\n    ]`;
}

function manifest(lists: readonly string[], extra = ''): string {
  const resources = lists.map(
    (items, i) =>
      `    {\n      "resourceAppId": ${JSON.stringify([GRAPH, 'Microsoft Graph', '00000000-0000-0000-0000-00000000abcd'][i % 3])},\n      "resourceAccess": ${items}\n    }`,
  );
  return `{\n  "displayName": "kinds",${extra}\n  "signInAudience": "AzureADMyOrg",\n  "requiredResourceAccess": [\n${resources.join(',\n')}\n  ]\n}\n`;
}

/** Every field of every finding; the edits of the first fixes (each one re-parses the text). */
function strip(result: LintResult): unknown[] {
  let edits = 6;
  return [
    result.format,
    ...result.problems.map((p) => [
      p.ruleId,
      p.severity,
      p.path,
      p.offset,
      p.length,
      p.message,
      p.tags ?? null,
      (p.fixes ?? []).map((f) => [f.title, f.preferred ?? false, edits-- > 0 ? f.edits : null]),
    ]),
  ];
}

/** With the built-in catalogue (never complete), and with one that knows Microsoft Graph completely. */
const CATALOGS: readonly LintOptions[] = [{ now }, { now, catalog: testCatalog() }];

/** The findings of a rule: those listed, and those the summary past the listing limit counts. */
function total(result: LintResult, rule: string): number {
  let n = 0;
  for (const p of result.problems) {
    if (p.ruleId !== rule) continue;
    const more = /^([\d,]+) more "/.exec(p.message);
    n += more ? Number(more[1]!.replace(/,/g, '')) : 1;
  }
  return n;
}

function assertSameAsJsonc(text: string, label: string, options: LintOptions = CATALOGS[1]!): LintResult {
  assert.ok(parseDocument(text).root instanceof BackedNode, `${label}: the fast path reads it`);
  const fast = lintManifest(text, options);
  const reference = lintParsed(parseDocument(text, { fastPaths: false }), text, options);
  assert.deepEqual(strip(fast), strip(reference), label);
  return fast;
}

test('long resourceAccess lists: the same findings read by kind of entry as on the jsonc-parser tree', () => {
  for (const [count, seed] of [
    [30, 1],
    [700, 2],
    [1200, 3],
  ] as const) {
    const text = manifest([list(count, seed), list(count, seed + 10), list(count >> 1, seed + 20)]);
    assertSameAsJsonc(text, `${count} entries, built-in catalogue`, CATALOGS[0]);
    const result = assertSameAsJsonc(text, `${count} entries`);
    assert.equal(result.format, 'graph');
    const ids = new Set(result.problems.map((p) => p.ruleId));
    // (Ids that are not GUIDs in the first entries get the schema's finding instead: format uuid.)
    for (const rule of ['rra-unknown-permission', 'rra-type-mismatch', 'rra-duplicate', 'rra-high-privilege'])
      assert.ok(count < 700 || ids.has(rule), `${count} entries: ${rule} reported`);
    if (count > 1000) assert.ok(ids.has('rra-id-invalid'), `${count} entries: rra-id-invalid reported`);
    // Listed and counted findings: as many as the rule finds run on its own (every finding built).
    for (const rule of ['rra-unknown-permission', 'rra-type-mismatch', 'rra-duplicate', 'rra-high-privilege'])
      assert.equal(
        total(result, rule),
        run(rule, text, { catalog: testCatalog() }).length,
        `${count} entries: ${rule}`,
      );
    // Repeats counted without the rules: an entry whose type and lower-cased id came before (and
    // the second resource, which names the first by its display name).
    const seen = new Set<string>();
    let repeats = 1;
    for (const r of (JSON.parse(text) as { requiredResourceAccess: { resourceAccess: unknown[] }[] })
      .requiredResourceAccess) {
      seen.clear();
      for (const a of r.resourceAccess) {
        if (a === null || typeof a !== 'object' || Array.isArray(a)) continue;
        const { id, type } = a as { id?: unknown; type?: unknown };
        if (typeof id !== 'string') continue;
        const key = `${typeof type === 'string' ? type : ''}:${id.toLowerCase()}`;
        if (seen.has(key)) repeats++;
        seen.add(key);
      }
    }
    assert.equal(total(result, 'rra-duplicate'), repeats, `${count} entries: repeats`);
    if (count === 1200) assert.ok(result.problems.some((p) => /more "rra-duplicate" findings/.test(p.message)));
  }
  // A Teams Toolkit template: names for ids, and placeholders.
  const template = manifest([list(2000, 7, TEMPLATE_ENTRIES)], '\n  "appId": "${{AAD_APP_CLIENT_ID}}",');
  for (const options of CATALOGS)
    assert.equal(assertSameAsJsonc(template, 'template', options).format, 'teams-template');
});

test('lists of one repeated entry, past the listing limit from the first entries on', () => {
  for (const entry of TEMPLATE_ENTRIES) {
    const text = manifest([list(1500, 5, [entry]), list(400, 6, [entry, ENTRIES[0]!])]);
    for (const options of CATALOGS) assertSameAsJsonc(text, entry, options);
  }
});

test('findings covered by schema findings are kept while the others are counted', () => {
  // Ids that are not GUIDs have schema findings too (format uuid) for the first entries the schema checks.
  const text = manifest([list(2500, 9, [ENTRIES[8]!, ENTRIES[0]!, ENTRIES[16]!])]);
  const result = assertSameAsJsonc(text, 'covered');
  assert.ok(result.problems.some((p) => p.ruleId === 'schema-format'));
});

test('a text with a syntax error: the same findings as on the jsonc-parser tree', () => {
  let compared = 0;
  for (let seed = 1; seed <= 8; seed++) {
    const text = manifest([list(600 + seed * 100, seed, ENTRIES), list(300, seed + 30, ENTRIES)]);
    // A missing comma between two entries of the first list, past its first entries.
    const at = text.indexOf('},\n      {', Math.floor(text.length / 4));
    if (at < 0) continue;
    const broken = `${text.slice(0, at + 1)} ${text.slice(at + 2)}`;
    const parsed = parseDocument(broken);
    assert.ok(parsed.syntaxErrors.length > 0, `seed ${seed}: a syntax error`);
    const options = CATALOGS[1]!;
    const fast = lintManifest(broken, options);
    const reference = lintParsed(parseDocument(broken, { fastPaths: false }), broken, options);
    assert.deepEqual(strip(fast), strip(reference), `seed ${seed}`);
    compared++;
  }
  assert.ok(compared >= 6);
});
