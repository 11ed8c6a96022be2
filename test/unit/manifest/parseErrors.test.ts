// The typed list of syntax errors of a broken text: the same errors as jsonc-parser's objects, in the
// same order, however many; comments apart; the document's `syntaxErrors` made from it on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type ParseError } from 'jsonc-parser';
import { parseDocument } from '../../../src/core/manifest/json';
import { errorListOf, ParseErrorList, syntaxErrorCount } from '../../../src/core/manifest/parseErrors';

test('a list holds every error in order, past its first capacity, and gives them back as jsonc-parser objects', () => {
  const errors: ParseError[] = Array.from({ length: 1000 }, (_, i) => ({
    error: (i % 16) + 1,
    offset: i * 3 + (i % 5),
    length: i % 7,
  }));
  const list = ParseErrorList.of(errors);
  assert.equal(list.count, 1000);
  assert.deepEqual(list.toArray(), errors);
  assert.deepEqual(list.at(517), errors[517]);
  assert.equal(list.firstOffset(), 0);
  assert.equal(new ParseErrorList().firstOffset(), Infinity);
  assert.equal(
    ParseErrorList.of([
      { error: 1, offset: 9, length: 1 },
      { error: 2, offset: 4, length: 1 },
    ]).firstOffset(),
    4,
  );
});

test('comments are split from the errors; a list without comments is kept as it is', () => {
  const mixed = ParseErrorList.of([
    { error: 6, offset: 1, length: 1 },
    { error: 10, offset: 5, length: 4 },
    { error: 1, offset: 12, length: 2 },
    { error: 10, offset: 20, length: 7 },
  ]);
  const { comments, errors } = mixed.splitComments();
  assert.deepEqual(comments, [
    { offset: 5, length: 4 },
    { offset: 20, length: 7 },
  ]);
  assert.deepEqual(errors.toArray(), [
    { error: 6, offset: 1, length: 1 },
    { error: 1, offset: 12, length: 2 },
  ]);
  const plain = ParseErrorList.of([{ error: 3, offset: 0, length: 1 }]);
  assert.equal(plain.splitComments().errors, plain);
});

test('a broken document: the same errors and comments as jsonc-parser, counted without making objects', () => {
  // A flipped quote: every later string inside out, thousands of errors (fewer than the reader reads).
  const items = Array.from({ length: 300 }, (_, i) => `"00000002-0000-0ff1-ce00-${String(i).padStart(12, '0')}"`);
  const text = `{"list": [${items.join(', ')}], /* note */ "a": 1 // end\n}`.replace('"00000002', '00000002');
  const reference: ParseError[] = [];
  parseTree(text, reference, { allowTrailingComma: true, disallowComments: true, allowEmptyContent: false });
  const doc = parseDocument(text);
  const comments = reference.filter((e) => e.error === 10).map((e) => ({ offset: e.offset, length: e.length }));
  const errors = reference.filter((e) => e.error !== 10);
  assert.ok(errors.length > 3000, `${errors.length} errors`);
  assert.ok(doc.errorList, 'kept as a list');
  assert.equal(syntaxErrorCount(doc), errors.length);
  assert.deepEqual(errorListOf(doc).toArray(), errors);
  assert.deepEqual(doc.comments, comments);
  // Made when read, once.
  assert.deepEqual(doc.syntaxErrors, errors);
  assert.equal(doc.syntaxErrors, doc.syntaxErrors);
  // Documents of the other paths are read through the same helpers.
  const strict = parseDocument('{"a": 1}');
  assert.equal(syntaxErrorCount(strict), 0);
  assert.equal(errorListOf(strict).count, 0);
});
