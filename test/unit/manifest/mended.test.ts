// A text cut short (strict JSON up to where it stops) gets the lazy tree of the text mended
// (mended.ts): every node, error, value and finding equal to jsonc-parser's path, at every place a
// text can be cut, a key without its value included. Where the text stops in a word, a number or
// an escape, the compact tree reads it, with the same result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { parseDocument } from '../../../src/core/manifest/json';
import { parseMended } from '../../../src/core/manifest/mended';
import { assertSameDocument } from './sameDocument';

const manifests = resolve(__dirname, '../../../../shared/corpus/manifests');

/** A small manifest with every kind of value, escapes, a repeated key, empty containers and a root list inside. */
const SAMPLE = {
  id: '0c1d8a3e-52f4-4b9e-8a21-7f0e4c6d9b11',
  displayName: 'Orders \"API\" \\ test \u00e9',
  signInAudience: 'AzureADMyOrg',
  isFallbackPublicClient: false,
  oauth2AllowImplicitFlow: null,
  accessTokenAcceptedVersion: 2,
  weight: -1.5e3,
  tags: [],
  info: {},
  web: { redirectUris: ['https://orders.contoso.com/signin-oidc', 'https://localhost:5001/cb?a=1&b=[2]'] },
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000',
      resourceAccess: [
        { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
        { id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', type: 'Role' },
      ],
    },
  ],
  nested: [[1, [2, {}]], { a: [true, { b: 'c' }] }],
};

/** The sample as one line, pretty-printed, and with a repeated key and a `__proto__` key. */
const TEXTS: Record<string, string> = {
  compact: JSON.stringify(SAMPLE),
  pretty: JSON.stringify(SAMPLE, null, 2) + '\n',
  'repeated keys': JSON.stringify(SAMPLE, null, 1).replace(
    '"tags": []',
    '"tags": [], "__proto__": {"x": 1}, "tags": [7]',
  ),
};

/** Whether the engine read the text through the mended lazy tree. */
const isMended = (doc: ReturnType<typeof parseDocument>): boolean =>
  doc.root instanceof LazyNode && doc.syntaxErrors.length > 0;

test('a text cut at every place: jsonc-parser’s result, most of the cuts through the mended text', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    let mended = 0;
    for (let at = 1; at < text.length; at++) {
      const cut = text.slice(0, at);
      if (isMended(assertSameDocument(cut, `${name} cut at ${at}: ${JSON.stringify(cut.slice(-12))}`))) mended++;
    }
    // Cuts in a key, after one, or in a word or number's middle are left to the compact tree.
    assert.ok(mended > text.length * 0.8, `${name}: ${mended} of ${text.length - 1} cuts mended`);
  }
});

test('a cut text keeps the mended path where it can, a key without a value included, and leaves it in a word, number or escape', () => {
  const t = TEXTS.pretty!;
  const after = (s: string, n = 0): string => t.slice(0, t.indexOf(s) + s.length + n);
  const cases: [string, string, boolean][] = [
    ['in a string value', after('"https://orders.con'), true],
    ['in a string value, right after its quote', after('"resourceAppId": "'), true],
    ['after an escaped quote in a string', after('Orders \\"'), true],
    ['after a comma in a list', after('"https://orders.contoso.com/signin-oidc",'), true],
    ['after a comma in an object', after('"Scope"\n        },'), true],
    ['after a comma and spaces', after('"isFallbackPublicClient": false,') + '  \n ', true],
    ['after an opening bracket', after('"resourceAccess": ['), true],
    ['after a whole value', after('"accessTokenAcceptedVersion": 2'), true],
    ['after a number that may go on', after('"weight": -1'), true],
    ['after a closing bracket', after('"info": {}'), true],
    // A property without a value: the mending writes one in, the tree leaves it out.
    ['in a key', after('"signInAud'), true],
    ['in a key, right after its quote', after('"signInAudience": "AzureADMyOrg",\n  "'), true],
    ['after a key', after('"signInAudience"'), true],
    ['after a key and a space', after('"signInAudience"') + ' ', true],
    ['after a colon', after('"signInAudience":', 1), true],
    ['after the first key', t.slice(0, 6), true],
    ['in a word', after('"isFallbackPublicClient": fal'), false],
    ['in a number', after('"weight": -'), false],
    ['in an escape', after('Orders \\'), false],
  ];
  for (const [label, text, mended] of cases) {
    assert.equal(isMended(assertSameDocument(text, label)), mended, `${label}: mended`);
  }
});

test('only a text cut short is mended: an error before the end, or junk after a whole value, is not', () => {
  const t = TEXTS.pretty!;
  const broken = t.replace('"AzureADMyOrg",', '"AzureADMyOrg" ').slice(0, -40);
  const cases: Record<string, string> = {
    'a missing comma, then cut': broken,
    'a comment, then cut': t.replace('\n  "tags"', '\n  // list\n  "tags"').slice(0, -40),
    'a trailing comma, then cut': t.replace('"Role"\n', '"Role",\n').slice(0, -20),
    'a whole object and junk after it': t + ' x "y',
    'a comma after a bracket': t.slice(0, t.indexOf('"tags": [') + 9) + ',',
    'an unclosed string after a backslash outside strings': '{"a": [\\"x',
    'a string root cut short': '"abc',
  };
  for (const [label, text] of Object.entries(cases)) {
    assert.equal(parseMended(text, 0), undefined, label);
    assertSameDocument(text, label);
  }
});

test('a BOM before a text cut short: the mended tree, offsets counting the BOM', () => {
  const text = '\uFEFF' + TEXTS.compact!.slice(0, 300);
  const doc = assertSameDocument(text, 'BOM');
  assert.ok(isMended(doc), 'mended');
});

test('every corpus manifest cut at 60 places: jsonc-parser’s result', (t) => {
  if (!existsSync(manifests)) return t.skip('../shared is absent: corpus manifests not available');
  let mended = 0;
  let all = 0;
  for (const name of readdirSync(manifests).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(resolve(manifests, name), 'utf8');
    for (let k = 1; k <= 60; k++) {
      const at = Math.floor((text.length * k) / 61);
      if (isMended(assertSameDocument(text.slice(0, at), `${name} cut at ${at}`))) mended++;
      all++;
    }
  }
  assert.ok(mended > all * 0.5, `${mended} of ${all} cuts mended`);
});
