// lintValue (the tenant audit's entry point: a parsed object, no text) reports what lintManifest
// reports on the same object written out as JSON, by rule, severity, JSON pointer and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintManifest, lintValue } from '../../../src/core/manifest/lint';
import { nodeAtPath } from '../../../src/core/manifest/json';
import { valueTree } from '../../../src/core/manifest/valueTree';
import { child, elements, str } from '../../../src/core/manifest/rules/util';
import { generateManifest } from '../../../bench/lint';

const manifests = resolve(__dirname, '../../../../shared/corpus/manifests');
const now = new Date('2025-06-01T00:00:00Z');

/** Problems as the audit sees them: located by pointer only. */
const keys = (problems: readonly { ruleId: string; severity: string; path: string; message: string }[]): string[] =>
  problems.map((p) => `${p.ruleId} ${p.severity} ${p.path} ${p.message}`).sort();

function assertSame(text: string, label: string): void {
  const fromText = lintManifest(text, { now });
  const fromValue = lintValue(JSON.parse(text), { now });
  assert.equal(fromValue.format, fromText.format, label);
  // Text-only checks (syntax, comments, duplicate keys) have nothing to look at in a value.
  const textOnly = (p: { ruleId: string }) => !p.ruleId.startsWith('json-');
  assert.deepEqual(keys(fromValue.problems), keys(fromText.problems.filter(textOnly)), label);
}

test('lintValue: same problems as lintManifest on the corpus manifests', (t) => {
  if (!existsSync(manifests)) {
    t.skip('../shared/corpus/manifests is absent');
    return;
  }
  let checked = 0;
  for (const name of readdirSync(manifests).filter((n) => n.endsWith('.json'))) {
    const text = readFileSync(resolve(manifests, name), 'utf8');
    let strict = true;
    try {
      JSON.parse(text);
    } catch {
      strict = false;
    }
    // lintValue reads Graph objects; a bare requiredResourceAccess array exists only as a file.
    if (!strict || text.trimStart().startsWith('[')) continue;
    assertSame(text, name);
    checked++;
  }
  assert.ok(checked > 5, `${checked} corpus manifests checked`);
});

test('lintValue: same problems as lintManifest on generated manifests with faults', () => {
  for (let seed = 1; seed <= 6; seed++) assertSame(generateManifest(40_000, seed, 7), `seed ${seed}`);
});

test('lintValue: schema: false skips the schema check only', () => {
  const app = {
    displayName: 'x',
    signInAudience: 'AzureADMyOrg',
    web: { redirectUris: ['http://*.contoso.com/cb'] },
    unknownThing: 1,
  };
  const all = lintValue(app, { now });
  const noSchema = lintValue(app, { now, schema: false });
  assert.ok(all.problems.some((p) => p.ruleId.startsWith('schema-')));
  assert.ok(!noSchema.problems.some((p) => p.ruleId.startsWith('schema-')));
  assert.deepEqual(keys(noSchema.problems), keys(all.problems.filter((p) => !p.ruleId.startsWith('schema-'))));
  assert.ok(noSchema.problems.some((p) => p.path === '/web/redirectUris/0'));
});

test('lintValue: never throws on values that are not manifests', () => {
  for (const v of [null, 3, 'x', [], [{ a: 1 }], { a: undefined, b: () => 1 }]) {
    const r = lintValue(v, { now });
    assert.ok(Array.isArray(r.problems));
  }
});

test('valueTree: parents, children, member lookups and unique offsets', () => {
  const root = valueTree({ a: [1, 'two', null, { b: true }], c: { d: 'e' }, skip: undefined });
  const seen = new Set<number>();
  const walk = (n: import('jsonc-parser').Node): void => {
    assert.ok(!seen.has(n.offset), 'offsets are unique');
    seen.add(n.offset);
    for (const c of n.children ?? []) {
      assert.equal(c.parent, n);
      walk(c);
    }
  };
  walk(root);
  assert.deepEqual(
    root.children!.map((p) => p.children![0]!.value),
    ['a', 'c'],
  );
  assert.equal(str(child(child(root, 'c'), 'd')), 'e');
  assert.deepEqual(
    elements(child(root, 'a')).map((n) => n.type),
    ['number', 'string', 'null', 'object'],
  );
  assert.equal(nodeAtPath(root, ['a', 3, 'b'])?.value, true);
  assert.equal(nodeAtPath(root, ['a', '1'])?.value, 'two');
  assert.equal(nodeAtPath(root, ['missing']), undefined);
});
