// "Decode Token" from the text the user gave to what the panel shows and the command answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTokenInput } from '../../../src/core/token/decodeUseCase';
import { NOW, unsigned, v2Delegated } from './helpers';

const token = unsigned({ alg: 'RS256', kid: 'k' }, v2Delegated());

test('a token behind "Bearer" decodes: the panel gets the token itself, the answer never holds it', () => {
  const out = decodeTokenInput(`Authorization: Bearer ${token}`, { now: NOW });
  assert.ok(out.ok);
  assert.equal(out.content.token, token);
  assert.equal(out.result.ok, true);
  assert.equal(out.result.kind, 'access');
  assert.equal(out.result.version, '2.0');
  assert.ok(Array.isArray(out.result.problems));
  assert.ok(!JSON.stringify(out.result).includes(token.split('.')[1]!), 'no token part in the answer');
  assert.deepEqual(JSON.parse(out.content.payloadJson).aud, v2Delegated().aud);
  assert.equal(JSON.parse(out.content.headerJson).kid, 'k');
});

test('text without a token, and a token that does not decode, say why', () => {
  const none = decodeTokenInput('hello there');
  assert.equal(none.ok, false);
  assert.ok(!none.ok && none.error.length > 0);
  assert.deepEqual(none.result, { ok: false, error: !none.ok ? none.error : '' });
  const broken = decodeTokenInput('eyJhbGciOiJSUzI1NiJ9.!!!.sig');
  assert.equal(broken.ok, false);
  assert.equal(broken.result.ok, false);
});
