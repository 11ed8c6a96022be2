// Text that is not JSON, said in the display language: where the first mistake is and what it is,
// the JavaScript engine's (English) message kept only as a detail. Used by the catalogue file and
// by token decoding; checked through the shared pseudo localizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strictJsonMistake } from '../../../src/core/text/jsonSyntax';
import { english } from '../../../src/core/text/localizer';
import { CATALOG_FILE_FORMAT, parseCatalogFile } from '../../../src/core/manifest/catalogFile';
import { decodeToken } from '../../../src/core/token/decode';
import { pseudoLocalizer, untranslated } from '../pseudoLocale';
import { b64 } from '../token/helpers';

/** Letters swapped for accented ones: a translation no English word survives. */
function pseudoText(message: string): string {
  return message
    .replace(/[aeiouAEIOU]/g, (c) => `${c}\u0301`)
    .replace(/[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]/g, (c) => `${c}\u0331`);
}

const API = '6a1d0c35-3bd2-4d2c-9a7b-3f0f6f7c5b0e';
const READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';

test('the first mistake of text JSON.parse refuses: what, line and column', () => {
  assert.deepEqual(strictJsonMistake('{\n  "a": 1,\n  "b" 2\n}', english), {
    what: 'colon expected',
    offset: 18,
    line: 3,
    column: 7,
  });
  assert.equal(strictJsonMistake('{"a": [1, 2,]}', english)?.what, 'value expected', 'no trailing commas');
  assert.equal(strictJsonMistake('// c\n{}', english)?.what, 'a comment (JSON has none)', 'no comments');
  assert.equal(strictJsonMistake('{"a": 1', english)?.what, 'closing brace } expected');
  assert.equal(strictJsonMistake('', english)?.what, 'value expected');
  assert.equal(strictJsonMistake('{"a": 1}', english), undefined, 'nothing wrong');
  // Deeper than the parser is given (its parser recurses per level): no answer, and no stack overflow.
  assert.equal(strictJsonMistake('['.repeat(100_000), english), undefined);
  assert.equal(
    strictJsonMistake(`["${'['.repeat(300)}"`, english)?.what,
    'closing bracket ] expected',
    'brackets in strings do not count',
  );
});

test('a catalogue file that is not JSON or not a catalogue: the reason in the display language, paths as written', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not JSON', '{\n  "format": "x",\n  "resources": [,]\n}', /3.+17/],
    ['not an object', [], /^[^"]+$/],
    ['format', { format: 'other', resources: [] }, /"format".+"other".+"entra-workbench-permission-catalog\/1"/],
    ['resources', { format: CATALOG_FILE_FORMAT, resources: 1 }, /"resources"/],
    ['appId', { format: CATALOG_FILE_FORMAT, resources: [{ appId: 'x' }] }, /resources\[0\]\.appId/],
    [
      'type',
      {
        format: CATALOG_FILE_FORMAT,
        resources: [{ appId: API, displayName: 'x', permissions: [{ id: READ, value: 'a', type: 'Admin' }] }],
      },
      /resources\[0\]\.permissions\[0\]\.type.+"Scope".+"Role"/,
    ],
    [
      'enabled',
      {
        format: CATALOG_FILE_FORMAT,
        resources: [
          { appId: API, displayName: 'x', permissions: [{ id: READ, value: 'a', type: 'Scope', enabled: 'no' }] },
        ],
      },
      /resources\[0\]\.permissions\[0\]\.enabled/,
    ],
  ];
  for (const [name, value, pattern] of cases) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const en = parseCatalogFile(text);
    assert.ok('error' in en, name);
    const l10n = pseudoLocalizer(pseudoText);
    const tr = parseCatalogFile(text, l10n);
    assert.ok('error' in tr, name);
    assert.match(tr.error, pattern, `${name}: ${tr.error}`);
    assert.notEqual(tr.error, en.error, `${name}: translated`);
    assert.deepEqual(untranslated(tr.error, l10n.values), [], `${name}: ${tr.error}`);
  }
  // English says it in words, and no longer with the engine's message.
  const notJson = parseCatalogFile('{\n  "format": "x",\n  "resources": [,]\n}');
  assert.ok('error' in notJson);
  assert.equal(notJson.error, 'it is not JSON: value expected at line 3, column 17');
});

test('a token part that is not JSON: the mistake in words and where; the engine message only as a detail', () => {
  const header = b64('{"alg" "RS256"}');
  const en = decodeToken(`${header}.${b64({})}.sig`);
  assert.ok(!en.ok);
  assert.equal(en.error.code, 'json');
  assert.equal(en.error.message, 'The header is not JSON: colon expected at character 8 of its decoded text.');
  assert.ok(en.error.detail && en.error.detail !== en.error.message, 'the engine message is kept as the detail');
  assert.ok(!en.error.message.includes(en.error.detail), 'and not shown in the message');
  for (const token of [`${header}.${b64({})}.sig`, `${b64({ alg: 'none' })}.${b64('{"sub": 1,}')}.`]) {
    const l10n = pseudoLocalizer(pseudoText);
    const tr = decodeToken(token, l10n);
    assert.ok(!tr.ok && tr.error.code === 'json');
    assert.deepEqual(untranslated(tr.error.message, l10n.values), [], tr.error.message);
  }
});
