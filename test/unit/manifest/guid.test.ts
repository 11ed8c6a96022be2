import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGuid } from '../../../src/core/manifest/rules/util';
import { isUuidFormat } from '../../../src/core/manifest/schema';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ajv-formats' uuid format.
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

test('isGuid and the uuid format accept exactly what their regexes accept', () => {
  const base = 'aaaaaaaa-1111-4111-8111-111111111111';
  const samples = [
    base,
    base.toUpperCase(),
    'urn:uuid:' + base,
    'URN:Uuid:' + base,
    'urn:uuid:' + base + 'x',
    'urn:uuid-' + base,
    base + '\n',
    '\n' + base,
    base.slice(1),
    base + 'a',
    '',
    '{' + base.slice(1),
  ];
  // Every single-character change and deletion, with characters around each class boundary.
  for (let p = 0; p < base.length; p++) {
    for (const c of '/09:@AFGaf`gz-\u0660 ') samples.push(base.slice(0, p) + c + base.slice(p + 1));
    samples.push(base.slice(0, p) + base.slice(p + 1));
  }
  for (const s of [...samples, ...samples.map((s) => 'urn:uuid:' + s)]) {
    assert.equal(isGuid(s), GUID.test(s), JSON.stringify(s));
    assert.equal(isUuidFormat(s), UUID.test(s), JSON.stringify(s));
  }
});
