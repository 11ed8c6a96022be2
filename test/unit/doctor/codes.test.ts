import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCodesDocs, explainCode, knownCodes, lookupUrl } from '../../../src/core/doctor/codes';
import { diagnose } from '../../../src/core/doctor/index';

const required = [
  '50011',
  '65001',
  '650052',
  '90094',
  '90008',
  '700016',
  '500011',
  '70011',
  '70000',
  '7000215',
  '7000222',
  '50020',
  '90002',
  '50076',
  '53003',
  '700027',
  '50126',
  '50034',
  '50053',
  '50055',
  '50057',
  '50058',
  '50059',
  '50079',
  '50105',
  '50158',
  '53000',
  '54005',
  '65004',
  '700024',
  '7000218',
  '700054',
  '900144',
  '900971',
  '90014',
  '90019',
  '90072',
  '240002',
  '1002016',
  '50194',
  '399284',
];

test('the table covers the codes app developers meet most (at least 40), each once', () => {
  const codes = knownCodes().map((c) => c.code);
  assert.ok(codes.length >= 40, `${codes.length} codes`);
  assert.equal(new Set(codes).size, codes.length, 'no code twice');
  for (const code of required) assert.ok(codes.includes(code), `AADSTS${code} is explained`);
});

test('every code has a title, a meaning, a fix and the docs links', () => {
  for (const info of knownCodes()) {
    const e = explainCode(`AADSTS${info.code}`);
    assert.equal(e.known, true);
    assert.equal(e.code, info.code);
    assert.ok(e.title.length >= 5 && e.title.length <= 70, `${info.code} title`);
    assert.ok(e.meaning.length >= 30 && /[.]$/.test(e.meaning), `${info.code} meaning is a sentence`);
    assert.ok(e.fix.length >= 20 && /[.]$/.test(e.fix), `${info.code} fix is a sentence`);
    assert.ok(e.links.includes(errorCodesDocs), `${info.code} links the reference`);
    assert.ok(
      e.links.includes(`https://login.microsoftonline.com/error?code=${info.code}`),
      `${info.code} links its lookup page`,
    );
    for (const l of e.links) assert.match(l, /^https:\/\/(learn\.microsoft\.com|login\.microsoftonline\.com)\//);
    assert.ok(e.topics.length > 0);
  }
});

test('unknown codes say so and link the lookup page', () => {
  const e = explainCode('AADSTS12345678');
  assert.equal(e.known, false);
  assert.match(e.title, /AADSTS12345678 is not in/);
  assert.equal(e.links[0], lookupUrl('12345678'));
  assert.equal(lookupUrl('50011'), 'https://login.microsoftonline.com/error?code=50011');
});

test('specific codes say what to change', () => {
  assert.match(explainCode('50011').fix, /redirect/i);
  assert.match(explainCode('7000215').fix, /Value \(not the Secret ID\)/);
  assert.match(explainCode('7000218').fix, /isFallbackPublicClient/);
  assert.match(explainCode('50194').fix, /tenant-specific/);
  assert.match(explainCode('65001').fix, /admin consent/);
});

test('diagnose explains the first code and lists the others', () => {
  const d = diagnose('AADSTS50076: MFA needed. Also saw AADSTS53003 and AADSTS99999999.');
  assert.equal(d.explanation?.code, '50076');
  assert.deepEqual(
    d.others.map((o) => [o.code, o.known]),
    [
      ['53003', true],
      ['99999999', false],
    ],
  );
  assert.equal(d.empty, false);
  assert.equal(diagnose('nothing here').empty, true);
});
