// Trailing runs dropped from the end in one pass: the same result as the patterns they replace
// (/\/+$/, /=+$/), on texts where those patterns take seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trailingStart, withoutTrailingSlashes } from '../../../src/core/text/trailing';
import { sentence } from '../../../src/core/graph/messages';

test('trailing slashes and "=" runs: what the patterns find, on crafted and random texts', () => {
  const texts = [
    '',
    '/',
    '//',
    'a',
    'a/',
    'a//',
    '/a',
    'a/b/',
    'https://x.com/',
    'api://x///',
    '=',
    'ab==',
    'a=b=',
    '=x==',
  ];
  let seed = 7;
  const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < 2000; i++) texts.push(Array.from({ length: rand(12) }, () => 'a/=.'[rand(4)]).join(''));
  for (const t of texts) {
    assert.equal(withoutTrailingSlashes(t), t.replace(/\/+$/, ''), JSON.stringify(t));
    const m = /=+$/.exec(t);
    assert.equal(
      trailingStart(t, (c) => c === 61),
      m ? m.index : t.length,
      JSON.stringify(t),
    );
  }
});

test('a million characters of slashes or "=" before one other character are read once', () => {
  const slashes = '/'.repeat(1_000_000);
  assert.equal(withoutTrailingSlashes(`${slashes}x/`), `${slashes}x`);
  assert.equal(
    trailingStart(`${'='.repeat(1_000_000)}x=`, (c) => c === 61),
    1_000_001,
  );
  // A Graph error text ending in a long run of full stops and spaces inside.
  assert.equal(sentence(`Denied${'. '.repeat(500_000)}x. `), `Denied${'. '.repeat(500_000)}x.`);
});
