import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { MANIFEST_KEY_ORDER, toManifest } from '../../../src/core/plan';
import { liveApp } from './fixtures';

const dir = resolve(__dirname, '../../../src/core/plan');

it('the plan engine imports no vscode, no node:* and uses no fetch; files stay small', () => {
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    assert.doesNotMatch(text, /from ['"](vscode|node:[^'"]+|fs|path|https?)['"]/, f);
    assert.doesNotMatch(text, /\bfetch\(/, f);
    assert.doesNotMatch(text, /from ['"]\.\.\/graph/, `${f} stays apart from Graph I/O`);
    assert.ok(text.split('\n').length < 300, `${f} has fewer than 300 lines`);
  }
});

it('toManifest drops OData annotations and orders keys as the admin center shows them', () => {
  const shuffled = Object.fromEntries(Object.entries(liveApp()).reverse());
  const m = toManifest(shuffled);
  assert.equal('@odata.context' in m, false);
  const keys = Object.keys(m);
  const ranks = keys.map((k) => MANIFEST_KEY_ORDER.indexOf(k));
  assert.deepEqual(
    ranks,
    [...ranks].sort((a, b) => a - b),
  );
  assert.equal(keys[0], 'id');
});
