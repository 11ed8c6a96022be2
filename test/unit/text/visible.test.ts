import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipText, escapeInvisibleInJson, hasInvisible, moreMarker, visible } from '../../../src/core/text/visible';
import { copyableJson, DISPLAY_LIMITS, jsonDepth, pruneJson, renderJson } from '../../../src/core/text/boundedJson';

test('visible marks bidi controls, zero-width characters, controls and separators, and nothing else', () => {
  assert.equal(visible('Ada \u202eevil.exe'), 'Ada ⟨U+202E⟩evil.exe');
  const invisible = [
    '\u0000',
    '\u0007',
    '\t',
    '\n',
    '\r',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u009f',
    '\u00ad',
    '\u061c',
    '\u180e',
    '\u200b',
    '\u200c',
    '\u200d',
    '\u200e',
    '\u200f',
    '\u2028',
    '\u2029',
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2060',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\ufeff',
    '\u{e0041}',
  ];
  for (const ch of invisible) {
    const out = visible(`a${ch}b`);
    assert.match(out, /^a⟨U\+[0-9A-F]{4,5}⟩b$/, JSON.stringify(ch));
    assert.ok(hasInvisible(ch), JSON.stringify(ch));
  }
  assert.equal(visible('\u{e0041}'), '⟨U+E0041⟩');
  // Ordinary text in any script, emoji and punctuation is left alone.
  for (const text of [
    'Ada Lovelace',
    'Zoë Ñúñez',
    'مرحبا بالعالم',
    'שלום',
    '日本語',
    '😀',
    'api://crm/.default',
    'a\\b "c" <d> & ⟨e⟩',
  ]) {
    assert.equal(visible(text), text);
    assert.equal(hasInvisible(text), false, text);
  }
  assert.equal(visible('a\nb\u202e', { keepNewlines: true }), 'a\nb⟨U+202E⟩');
  // Markers are visible text: applying it again changes nothing.
  const once = visible('x\u202e\u200by');
  assert.equal(visible(once), once);
});

test('escapeInvisibleInJson writes JSON escapes that parse back to the same value', () => {
  const value = { name: 'Ada\u202eevil', zw: 'a\u200bb', tag: '\u{e0041}', del: '\u007f', list: ['\u2066x\u2069'] };
  const json = escapeInvisibleInJson(JSON.stringify(value, null, 2));
  assert.equal(hasInvisible(json.replace(/\n/g, '')), false);
  assert.match(json, /"Ada\\u202eevil"/);
  assert.deepEqual(JSON.parse(json), value);
});

test('clipText and moreMarker count what is left out', () => {
  assert.equal(clipText('abcdef', 10), 'abcdef');
  assert.equal(clipText('abcdef', 3), 'abc… 3 more characters');
  assert.equal(clipText('ab😀cd', 3), 'ab… 4 more characters', 'never half a surrogate pair');
  assert.equal(moreMarker(1, 'items'), '… 1 more item');
  assert.equal(moreMarker(1, 'properties'), '… 1 more property');
  assert.equal(moreMarker(12345, 'levels'), '… 12,345 more levels');
});

test('renderJson is JSON.stringify for ordinary values, and bounded for deep, wide and long ones', () => {
  const ordinary = {
    aud: 'api://x',
    roles: ['a', 'b'],
    cnf: { jwk: { kty: 'RSA', e: 'AQAB' } },
    n: 1.5,
    t: true,
    z: null,
    e: {},
    a: [],
  };
  assert.deepEqual(renderJson(ordinary, DISPLAY_LIMITS), { text: JSON.stringify(ordinary), truncated: false });
  assert.deepEqual(renderJson(ordinary, DISPLAY_LIMITS, 2), {
    text: JSON.stringify(ordinary, null, 2),
    truncated: false,
  });

  const depth = 100_000;
  const deep = JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;
  assert.equal(jsonDepth(deep), depth, 'measured without recursion');
  const r = renderJson(deep, DISPLAY_LIMITS, 2);
  assert.ok(r.truncated);
  assert.match(r.text, /\[… 99,992 more levels\]/);
  assert.ok(r.text.length < 500);
  assert.deepEqual(pruneJson(deep, DISPLAY_LIMITS), [[[[[[[['… 99,992 more levels']]]]]]]]);

  const wide = Array.from({ length: 1000 }, (_, i) => i);
  assert.match(renderJson(wide, DISPLAY_LIMITS).text, /,199,… 800 more items\]$/);
  const pw = pruneJson(wide, DISPLAY_LIMITS) as unknown[];
  assert.equal(pw.length, 201);
  assert.equal(pw[200], '… 800 more items');
  const manyKeys = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`k${i}`, i]));
  assert.match(renderJson(manyKeys, DISPLAY_LIMITS).text, /"k199":199,… 50 more properties\}$/);
  assert.equal((pruneJson(manyKeys, DISPLAY_LIMITS) as Record<string, unknown>)['…'], '50 more properties');
  assert.equal(renderJson('x'.repeat(2500), DISPLAY_LIMITS).text, `"${'x'.repeat(2000)}… 500 more characters"`);
  // A "__proto__" claim stays a property of the copy.
  const proto = JSON.parse('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
  assert.equal(JSON.stringify(pruneJson(proto, DISPLAY_LIMITS)), '{"__proto__":{"polluted":1}}');
});

test('copyableJson: pretty JSON for ordinary values, the issued JSON when pretty printing would not be proportional', () => {
  const ordinary = { a: [1, { b: 'c' }] };
  assert.equal(copyableJson(ordinary), JSON.stringify(ordinary, null, 2));
  const issued = '['.repeat(5000) + ']'.repeat(5000);
  const deep = JSON.parse(issued) as unknown;
  assert.equal(copyableJson(deep, issued), issued);
  const copied = copyableJson(deep);
  assert.ok(copied.length < 20_000, 'never the quadratic pretty form');
});
