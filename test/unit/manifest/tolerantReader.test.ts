// The reader of texts with syntax errors (tolerantReader.ts) against jsonc-parser's `visit` with
// the engine's options: every value, separator and error, with its offset and length, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visit } from 'jsonc-parser';
import { generateInput, loadCorpus } from '../../../bench/fuzzLib';
import { MAX_NESTING_DEPTH } from '../../../src/core/manifest/json';
import { pruneDeep } from '../../../src/core/manifest/nesting';
import { MAX_READ_ERRORS, readTolerant, type ReadSink } from '../../../src/core/manifest/tolerantReader';
import { readAsEngine } from './readAsEngine';

type Event = readonly unknown[];

function byJsonc(whole: string): Event[] {
  const out: Event[] = [];
  visit(
    readAsEngine(whole),
    {
      onObjectBegin: (at) => void out.push(['{', at]),
      onObjectProperty: (name, at, length) => void out.push(['key', name, at, length]),
      onObjectEnd: (at, length) => void out.push(['}', at, length]),
      onArrayBegin: (at) => void out.push(['[', at]),
      onArrayEnd: (at, length) => void out.push([']', at, length]),
      onLiteralValue: (value: unknown, at, length) => void out.push(['value', value, at, length]),
      onSeparator: (sep, at) => void out.push([sep, at]),
      onError: (error, at, length) => void out.push(['error', error, at, length]),
    },
    { allowTrailingComma: true, disallowComments: true, allowEmptyContent: false },
  );
  return out;
}

function byReader(text: string): Event[] {
  const out: Event[] = [];
  readTolerant(text, {
    objectBegin: (at) => void out.push(['{', at]),
    property: (name, at, length) => void out.push(['key', name, at, length]),
    objectEnd: (at, length) => void out.push(['}', at, length]),
    arrayBegin: (at) => void out.push(['[', at]),
    arrayEnd: (at, length) => void out.push([']', at, length]),
    literal: (value, at, length) => void out.push(['value', value, at, length]),
    colonAt: (at) => void out.push([':', at]),
    commaAt: (at) => void out.push([',', at]),
    error: (error, at, length) => void out.push(['error', error, at, length]),
  });
  return out;
}

const NO_SINK: ReadSink = {
  objectBegin: () => undefined,
  property: () => undefined,
  objectEnd: () => undefined,
  arrayBegin: () => undefined,
  arrayEnd: () => undefined,
  literal: () => undefined,
  colonAt: () => undefined,
  commaAt: () => undefined,
  error: () => undefined,
};

function assertSame(text: string, label: string): void {
  assert.deepStrictEqual(byReader(text), byJsonc(text), `${label}: ${JSON.stringify(text.slice(0, 120))}`);
}

test('texts with every kind of syntax error read as jsonc-parser reads them', () => {
  const cases = [
    ['', ' ', '\n', '1 2', '{"a":1}}', '{"a":1}x', '\uFEFF{}', '\r\n[1]\r', '\t{ "x" : [ true , false , null ] }\n'],
    ['{', '[', '}', ']', '{"a"', '{"a":', '{"a":1,', '[1,]', '{"a":1,}', '{,}', '[,1]', '[1,,2]', '{"a":1,,}'],
    ['{"a" 1}', '{"a":1 "b":2}', '[1 2]', '{"a":}', '[:]', '{"a":[}', '[{]', '{"a"::1}', '{1:2}', '{true}', '[}'],
    [
      '-',
      '-x',
      '-1',
      '[-]',
      '[--1]',
      '1.',
      '1.e5',
      '1e',
      '1e+',
      '1E-3',
      '01',
      '0.5e',
      '-0.0e-0',
      '[1.x]',
      '9'.repeat(400),
    ],
    ['tru', 'true', 'truex', 'nul', 'null', 'false', 'falsey', 'True', '[undefined, NaN, Infinity]', 'a/b', '@'],
    ['/', '//x\n1', '// only', '/*', '/* x', '/**/1', '/*/', '1/*', '[1,/*x*/2]', '{"a"://\n1}', '/*\r\n*/[]'],
    ['"abc', '"\\', '"\\u12"', '"\\uZZZZ"', '"\\u00e9\\uD83D\\uDE00"', '"a\\qb"', '"a\nb"', '"a\rb"', '"a\u0001b"'],
    ['"\\/\\b\\f\\n\\r\\t\\"\\\\"', '{"k\\u0041":"v\\x"}', '["\u2028", "\u00a0"]', '\u00a0[1]', '{"__proto__":1}'],
  ].flat();
  for (const text of cases) assertSame(text, 'crafted');
});

test('literals and whole numbers read without their text are jsonc-parser’s, whatever follows them', () => {
  // true, false and null followed by each kind of character (a delimiter, a letter, a digit, a
  // character past ASCII, a control character, the end); numbers of 1 to 20 digits, signed or not.
  const after = [',', ']', '}', ':', '"', '/', ' ', '\n', 'x', '1', '-', '.', '\u00e9', '\u2028', '\u0000', ''];
  for (const word of ['true', 'false', 'null', 'nul', 'tru', 'fals']) {
    for (const next of after) {
      assertSame(`[${word}${next}`, `${word} then ${JSON.stringify(next)}`);
      assertSame(`${word}${next}`, `${word} then ${JSON.stringify(next)}, alone`);
      assertSame(`{"a":${word}${next}}`, `${word} then ${JSON.stringify(next)}, as a member`);
    }
  }
  for (let digits = 1; digits <= 20; digits++) {
    const n = '9876543210'.repeat(2).slice(0, digits);
    for (const text of [n, `-${n}`, `0${n}`, `-0${n}`, `${n}.5`, `${n}e2`, `${n}e`, `${n}.`, `${n}x`, `${n}E+1`])
      for (const next of ['', ',', ']', ' ']) assertSame(`[${text}${next}]`, `number ${text}`);
  }
  // (17 to 20 digits a running sum in doubles would round otherwise than Number does.)
  for (const text of [
    '0',
    '-0',
    '00',
    '-00',
    '0x1',
    '-',
    '-a',
    '9007199254740993',
    '43290438123187266',
    '-82408782978504217681',
    '7851079622136725077',
  ])
    assertSame(`[${text}]`, `number ${text}`);
});

test('strings of every length around the short-string loop, ended or broken at every place, read as jsonc-parser reads them', () => {
  // The scanner reads strings up to some length with a loop and longer ones with a regular
  // expression: each length from 0 to 60, with a quote, an escape, a control character, a line
  // break or the end of the text at every position.
  const enders = ['"', '\\n', '\\u00e9', '\\q', '\u0001', '\n', '\r', '', '\\'];
  for (let n = 0; n <= 60; n++) {
    for (let at = 0; at <= n; at++) {
      for (const end of enders) {
        const body = 'x'.repeat(at) + end + 'y'.repeat(n - at);
        assertSame(`["${body}", "${body}"]`, `length ${n}, ${JSON.stringify(end)} at ${at}`);
        assertSame(`{"${body}": 1}`, `key of length ${n}, ${JSON.stringify(end)} at ${at}`);
        assertSame(`["${body}`, `cut string of length ${n}, ${JSON.stringify(end)} at ${at}`);
      }
    }
  }
});

test('every corpus manifest and 1,500 mutated ones (with cut and shifted copies) read as jsonc-parser reads them', () => {
  const corpus = loadCorpus();
  for (const m of corpus.manifests) assertSame(m.text, m.name);
  for (let i = 0; i < 1500; i++) {
    const input = generateInput('lint', 5, i, { corpus, maxBytes: 40_000 });
    // jsonc-parser recurses as deep as the text nests: the engine bounds the nesting first, so does this test.
    const text = pruneDeep(input.text, MAX_NESTING_DEPTH)?.text ?? input.text;
    assertSame(text, `#${i} ${input.kinds.join(' + ')}`);
    const at = (i * 7919) % (text.length + 1);
    assertSame(text.slice(0, at), `#${i} cut at ${at}`);
    assertSame(text.slice(at), `#${i} from ${at}`);
  }
});

test('after 10,000 errors the text is read as if it ended at the token of the last one', () => {
  const unread = (text: string): number | undefined => readTolerant(text, NO_SINK).unreadFrom;
  // A value and an error per digit: "0" ends a number.
  const zeros = '{"a": [' + '0'.repeat(30_000) + ']}';
  assertSame(zeros, 'zeros');
  const events = byReader(zeros);
  assert.equal(events.filter((e) => e[0] === 'error').length, MAX_READ_ERRORS + 2);
  // (The first digit is the array's first value; the errors start at the second, offset 8.)
  assert.equal(unread(zeros), 8 + MAX_READ_ERRORS);
  // Blanks after the cut are skipped; where only blanks follow, nothing is left unread.
  const spaced = '[' + '0 '.repeat(MAX_READ_ERRORS + 1) + '  0]';
  assertSame(spaced, 'spaced');
  assert.equal(unread(spaced), 1 + 2 * (MAX_READ_ERRORS + 1) + 2);
  assert.equal(unread('[' + '0 '.repeat(MAX_READ_ERRORS + 1) + '   '), undefined);
  assert.equal(unread('[' + '0 '.repeat(MAX_READ_ERRORS) + ']'), undefined);
  // The cut ends an unclosed comment as jsonc-parser ends it at the end of a text.
  assertSame('[' + '0'.repeat(MAX_READ_ERRORS + 5) + '/* open', 'comment after the cut');
});

test('nesting of any depth is read without recursion (100,000 open brackets, then 100,000 members deep)', () => {
  let opened = 0;
  let closed = 0;
  const errors: number[] = [];
  const count = {
    objectBegin: () => void opened++,
    arrayBegin: () => void opened++,
    objectEnd: () => void closed++,
    arrayEnd: () => void closed++,
    property: () => undefined,
    literal: () => undefined,
    colonAt: () => undefined,
    commaAt: () => undefined,
    error: (code: number) => void errors.push(code),
  };
  readTolerant('['.repeat(100_000), count);
  assert.equal(opened, 100_000);
  assert.equal(closed, 100_000);
  // Each array is left unclosed at the end of the text: "close bracket expected" once per level.
  assert.equal(errors.length, 100_000);
  opened = closed = 0;
  errors.length = 0;
  readTolerant('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), count);
  assert.deepEqual([opened, closed, errors.length], [100_000, 100_000, 0]);
});
