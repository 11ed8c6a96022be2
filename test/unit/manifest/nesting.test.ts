// Nesting past the limit: pruneDeep blanks what opens too deep; a text with no more opening brackets
// than the limit is returned as it is without a scan, which must not change any answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateInput, loadCorpus } from '../../../bench/fuzzLib';
import { nestsPast, openingBrackets, pruneDeep } from '../../../src/core/manifest/nesting';
import { readTolerant } from '../../../src/core/manifest/tolerantReader';

/** pruneDeep's answer from its scan alone (the same loop, without the bracket count first). */
function scanned(
  text: string,
  limit: number,
): { first: number; spans: { offset: number; length: number }[] } | undefined {
  // Brackets added inside a string raise the count past the limit and change nothing else.
  const padded = `${text}\n"${'['.repeat(limit + 1)}"`;
  const r = pruneDeep(padded, limit);
  // A bracket never closed is blanked to the end of the text: of the text without the padding.
  const spans = r?.spans.map((s) => ({ offset: s.offset, length: Math.min(s.length, text.length - s.offset) }));
  return r ? { first: r.first, spans: spans! } : undefined;
}

/** A reader sink that keeps nothing (the reader's nesting answer is what is compared). */
const noop = {
  objectBegin() {},
  property() {},
  objectEnd() {},
  arrayBegin() {},
  arrayEnd() {},
  literal() {},
  colonAt() {},
  commaAt() {},
  error() {},
};

test('opening brackets are counted inside and outside strings, up to the cap', () => {
  assert.equal(openingBrackets('', 5), 0);
  assert.equal(openingBrackets('[{"a":"[{"}]', 10), 4);
  assert.equal(openingBrackets('['.repeat(1000), 7), 7);
  assert.equal(openingBrackets('{'.repeat(3) + '['.repeat(3), 100), 6);
});

test('nesting exactly at the limit is kept; one level more is blanked, with or without the count', () => {
  for (const limit of [1, 2, 3, 8, 512]) {
    for (const [open, close] of [
      ['[', ']'],
      ['{"a":', '}'],
    ] as const) {
      const at = open.repeat(limit) + '1' + close.repeat(limit);
      assert.equal(pruneDeep(at, limit), undefined, `${limit} levels of ${open}`);
      assert.equal(scanned(at, limit), undefined, `${limit} levels of ${open}, counted past the limit`);
      const over = open.repeat(limit + 1) + '1' + close.repeat(limit + 1);
      const pruned = pruneDeep(over, limit);
      assert.ok(pruned, `${limit + 1} levels of ${open}`);
      assert.equal(pruned.first, open.length * limit);
      assert.deepEqual({ first: pruned.first, spans: pruned.spans }, scanned(over, limit));
    }
  }
});

test('texts with few brackets give what the scan gives (brackets in strings, comments, unclosed, stray closers)', () => {
  const texts = [
    '["[[[[", "]]]]"]',
    '// [[[[\n[1]',
    '/* {{{{ */ {}',
    '[[[[',
    ']]]][[[[1',
    '{"a\\"[[[":[[[1]]]}',
    '"\\\\"[[[[',
  ];
  for (const text of texts)
    for (const limit of [1, 2, 3, 4]) {
      const direct = pruneDeep(text, limit);
      assert.deepEqual(
        direct ? { first: direct.first, spans: direct.spans } : undefined,
        scanned(text, limit),
        `${JSON.stringify(text)}, limit ${limit}`,
      );
    }
});

test('the reader finds the depth pruneDeep finds (strings and comments read alike), or says it read a part', () => {
  const texts = [
    '',
    '[[[]]]',
    ']]]][[[[1',
    '{"a": [{"b": [[]]}]}',
    '["[[[[", "]]]]"]',
    '["a\\"[[[", "\\\\"[[[]]',
    '// [[[[\n[1]',
    '/* {{{{ */ {}',
    '/* [[[[ unclosed',
    '"unclosed [[[[',
    '"\\u12"[[',
    '// comment\r[[[[\n]]]]',
    '// comment\r\n[[[[]]]]',
    '["line\nbreak [[[[ "]',
    '["cr\rbreak [[[[ "]',
    '"\\\n[[[["',
    '@@[[x]]/[/*]*/]',
  ];
  const corpus = loadCorpus();
  for (let i = 0; i < 400; i++) texts.push(generateInput('lint', 9, i, { corpus, maxBytes: 20_000 }).text);
  // Strings ended by a line break (an escaped one does not end them) and line comments ended by a
  // lone CR, before brackets past a limit of 8: read alike, compared.
  const alike = [
    '["line\nbreak [[[[[[[[[[ "]',
    '["cr\rbreak [[[[[[[[[[ "]',
    '{"a": "x\r\n[[[[[[[[[[[[1]]]]]]]]]]]]"}',
    '["esc\\\n[[[[[[[[[[ "]',
    '[// c\r[[[[[[[[[[\n]]]]]]]]]]]',
  ];
  texts.push(...alike);
  let compared = 0;
  let otherwise = 0;
  for (const text of texts) {
    const nesting = readTolerant(text, noop);
    if (nesting.readInPart) {
      assert.ok(!alike.includes(text), `${JSON.stringify(text)}: read whole`);
      otherwise++;
      continue;
    }
    const d = nesting.deepest;
    const label = JSON.stringify(text.slice(0, 60));
    assert.equal(pruneDeep(text, Math.max(d, 1)), undefined, `${label}: nothing deeper than ${d}`);
    if (d > 1) assert.ok(pruneDeep(text, d - 1), `${label}: something at ${d}`);
    compared++;
  }
  assert.ok(otherwise >= 1, `${otherwise} texts read in part`);
  assert.ok(compared > 300, `${compared} compared`);
});

test('a text read in part nests past a limit exactly when its unread rest, read from where the reader stopped, does', () => {
  // The root ends early (a stray closer, a second value), then the rest: shallow or deep, with
  // brackets in strings and comments, strings a line break ends, and closers below the top.
  const rests = [
    '',
    ' 1',
    ' [[[[[[]]]]]]',
    ' "[[[[[[[[" [[',
    ' // [[[[[[[[\n[[[',
    ' /* [[[[[[[[ */ [[[',
    ' "a\n[[[[[[[[',
    ' ]]]]]] [[[[[[[[[[',
    ' }} {"a": [[[[[[[[1]]]]]]]]}',
  ];
  const heads = ['{"a": [1]}', '[[[]]]', '{"a": {"b": [}', ']', 'x', '{"a": "open'];
  const texts: string[] = [];
  for (const head of heads) for (const rest of rests) texts.push(head + rest);
  const corpus = loadCorpus();
  for (let i = 0; i < 300; i++) {
    const text = generateInput('lint', 10, i, { corpus, maxBytes: 20_000 }).text;
    // A copy whose root closes early at a third of the text (its brackets after that are the rest's).
    const cut = Math.floor(text.length / 3);
    texts.push(text, `${text.slice(0, cut)}}]}]}]}]${text.slice(cut)}`);
  }
  let inPart = 0;
  for (const text of texts) {
    const nesting = readTolerant(text, noop);
    if (!nesting.readInPart) continue;
    inPart++;
    for (const limit of [1, 2, 3, 5, 8, 512]) {
      if (nesting.deepest > limit) continue;
      const label = `${JSON.stringify(text.slice(0, 60))}, limit ${limit}`;
      assert.equal(nestsPast(text, nesting.readTo, nesting.level, limit), pruneDeep(text, limit) !== undefined, label);
    }
  }
  assert.ok(inPart > 100, `${inPart} texts read in part`);
});
