import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../../../src/core/manifest/rules';
import { english } from '../../../../src/core/text/localizer';

test('the registry: unique kebab-case ids, one-line descriptions, Learn links, formats', () => {
  assert.ok(rules.length >= 60);
  const ids = new Set<string>();
  for (const r of rules) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
    assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
    ids.add(r.id);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity), r.id);
    const description = r.description(english);
    assert.ok(
      description.length > 10 && description.length <= 200 && !description.includes('\n'),
      `${r.id} description`,
    );
    assert.match(r.docs, /^https:\/\/learn\.microsoft\.com\/(entra|graph)\//, `${r.id} docs`);
    assert.ok(
      r.formats.length > 0 && r.formats.every((f) => ['graph', 'legacy', 'teams-template', 'partial'].includes(f)),
      `${r.id} formats`,
    );
  }
});

test('every rule has unit tests that name it', () => {
  const dir = __dirname;
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && f !== 'registry.test.ts')
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const missing = rules.filter((r) => !all.includes(`'${r.id}'`)).map((r) => r.id);
  assert.deepEqual(missing, []);
});
